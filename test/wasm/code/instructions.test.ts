import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';
import { tallyCodeFeatures, valTypeFeatures } from '../../../src/wasm/features/index.ts';
import { WasmDecodeError } from '../../../src/wasm/binary/errors.ts';
import { definedFunctions } from '../../../src/wasm/code/function-table.ts';
import {
  decodeConstExpr,
  decodeFunction,
  decodeInstructions,
  type Instruction,
} from '../../../src/wasm/code/instructions.ts';
import { decodeModule } from '../../../src/wasm/module/decode-module.ts';
import { walkConstExpr } from '../../../src/wasm/code/const-expr.ts';
import { Control, OPCODES } from '../../../src/wasm/code/opcodes.ts';
import { ByteReader } from '../../../src/wasm/binary/byte-reader.ts';
import {
  FEATURES,
  FEATURE_INDEX,
  newFeatureTally,
  type Feature,
  type ModuleInfo,
} from '../../../src/wasm/types.ts';
import { watToWasm } from '../../support/wat.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/instructions');

/** Fixtures wabt.js cannot assemble say so on their first line and go through binaryen. */
async function assembleFixture(name: string): Promise<Uint8Array> {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  if (!text.startsWith(';; assembler: binaryen')) return watToWasm(text, { validate: false });
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(binaryen.Features.All);
    binaryen.setDebugInfo(true);
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

function allInstructions(info: ModuleInfo): Instruction[] {
  return definedFunctions(info).flatMap(
    (_, i) => decodeFunction(info, info.importedFuncs + i).instructions,
  );
}

function featuresOf(info: ModuleInfo): Feature[] {
  const tally = newFeatureTally();
  tallyCodeFeatures(info, tally);
  return FEATURES.filter((_, i) => tally.count[i] > 0);
}

/** Per fixture: instructions it must decode to, and the proposals the code tally must report. */
const FIXTURE_EXPECTATIONS: [string, string[], Feature[]][] = [
  [
    'mvp.wat',
    ['block', 'loop', 'if', 'else', 'br_table', 'call_indirect', 'i64.load32_u', 'f64.nearest'],
    [],
  ],
  ['sign-extension.wat', ['i32.extend8_s', 'i64.extend32_s'], ['sign-extension']],
  [
    'saturating-float-to-int.wat',
    ['i32.trunc_sat_f32_s', 'i64.trunc_sat_f64_u'],
    ['saturating-float-to-int'],
  ],
  [
    'bulk-memory.wat',
    [
      'memory.init',
      'data.drop',
      'memory.copy',
      'memory.fill',
      'table.init',
      'elem.drop',
      'table.copy',
    ],
    ['bulk-memory', 'reference-types'],
  ],
  [
    'reference-types.wat',
    [
      'ref.func',
      'ref.null',
      'ref.is_null',
      'table.get',
      'table.set',
      'table.grow',
      'table.size',
      'table.fill',
      'select',
    ],
    ['reference-types'],
  ],
  [
    'simd.wat',
    [
      'v128.const',
      'i8x16.shuffle',
      'v128.load16_lane',
      'v128.store32_lane',
      'v128.load64_zero',
      'i8x16.extract_lane_u',
    ],
    ['simd'],
  ],
  [
    'relaxed-simd.wat',
    ['i8x16.relaxed_swizzle', 'i32x4.relaxed_dot_i8x16_i7x16_add_s'],
    ['relaxed-simd'],
  ],
  [
    'threads.wat',
    [
      'memory.atomic.notify',
      'memory.atomic.wait64',
      'atomic.fence',
      'i32.atomic.rmw16.xchg_u',
      'i64.atomic.rmw32.cmpxchg_u',
    ],
    ['threads'],
  ],
  ['tail-call.wat', ['return_call', 'return_call_indirect'], ['tail-call']],
  [
    'exceptions.wat',
    ['try_table', 'throw', 'throw_ref'],
    ['exceptions', 'multi-value', 'reference-types'],
  ],
  [
    'legacy-exceptions.wat',
    ['try', 'catch', 'catch_all', 'rethrow', 'delegate', 'throw'],
    ['exceptions', 'legacy-exceptions'],
  ],
  [
    'multi-memory.wat',
    ['i32.load', 'memory.copy', 'memory.size', 'memory.grow'],
    ['bulk-memory', 'multi-memory'],
  ],
  // the offset beyond 2^32 is a u64, which only memory64 reads
  ['memory64.wat', ['i64.load', 'memory.grow'], ['memory64']],
  ['multi-value.wat', ['block', 'loop'], ['multi-value']],
  [
    'function-references.wat',
    ['call_ref', 'return_call_ref', 'ref.as_non_null', 'br_on_null', 'br_on_non_null'],
    ['function-references', 'reference-types', 'tail-call'],
  ],
  [
    'gc.wat',
    [
      'struct.new',
      'struct.get',
      'array.new_fixed',
      'array.copy',
      'ref.test',
      'ref.cast',
      'br_on_cast',
      'br_on_cast_fail',
      'ref.i31',
      'i31.get_s',
      'any.convert_extern',
      'extern.convert_any',
      'ref.eq',
    ],
    ['function-references', 'gc', 'reference-types'],
  ],
];

describe('decodeFunction on fixtures', () => {
  it.each(FIXTURE_EXPECTATIONS)('decodes %s', async (file, names, features) => {
    const info = decodeModule(await assembleFixture(file));
    const decoded = allInstructions(info);
    const decodedNames = new Set(decoded.map((i) => i.name));
    for (const name of names) expect(decodedNames, name).toContain(name);
    expect(featuresOf(info)).toEqual(
      [...features].sort((a, b) => FEATURE_INDEX[a] - FEATURE_INDEX[b]),
    );
  });

  it('covers the body byte for byte: each instruction starts where the previous ended', async () => {
    const info = decodeModule(await assembleFixture('simd.wat'));
    const func = definedFunctions(info)[0];
    const { instructions } = decodeFunction(info, info.importedFuncs);
    for (let i = 1; i < instructions.length; i++) {
      expect(instructions[i].offset).toBe(instructions[i - 1].end);
    }
    expect(instructions[instructions.length - 1].end).toBe(func.codeEnd);
    expect(instructions[0].offset).toBeGreaterThan(func.codeOffset);
  });

  it('reports absolute offsets and decodes each kind of immediate', async () => {
    const bytes = moduleWithBodies([
      [
        ...[0x01, 0x01, 0x7f], // one i32 local
        ...[0x41, 0x7f], // i32.const -1
        ...[0x43, 0x01, 0x00, 0xc0, 0xff], // f32.const nan:0x400001 (negative)
        ...[0x28, 0x42, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10], // i32.load memory 1, offset 2^32
        ...[0x0e, 0x02, 0x00, 0x01, 0x00], // br_table 0 1 0
        ...[0xfd, 0x54, 0x00, 0x08, 0x03], // v128.load8_lane offset=8 lane 3
        ...[0x1f, 0x40, 0x01, 0x02, 0x00], // try_table (catch_all 0)
        0x0b,
        0x0b,
      ],
    ]);
    const info = decodeModule(bytes);
    const start = definedFunctions(info)[0].codeOffset;
    const instrs = decodeFunction(info, 0).instructions;
    expect(instrs.map((i) => i.offset - start)).toEqual([3, 5, 10, 18, 23, 28, 33, 34]);
    expect(instrs[0].imm).toEqual({ kind: 'i32', value: -1 });
    expect(instrs[1].imm).toEqual({ kind: 'f32', bits: 0xffc00001 });
    expect(instrs[2].imm).toEqual({
      kind: 'memarg',
      memarg: { alignLog2: 2, memory: 1, offset: 2 ** 32 },
    });
    expect(instrs[3].imm).toEqual({ kind: 'brTable', labels: [0, 1], defaultLabel: 0 });
    expect(instrs[4]).toMatchObject({ name: 'v128.load8_lane', prefix: 0xfd, opcode: 0x54 });
    expect(instrs[4].imm).toEqual({
      kind: 'memargLane',
      memarg: { alignLog2: 0, memory: 0, offset: 8 },
      lane: 3,
    });
    expect(instrs[5].imm).toEqual({
      kind: 'tryTable',
      type: 'empty',
      catches: [{ kind: 'catch_all', tag: -1, label: 0 }],
    });
  });

  it('rejects an imported or missing function index with a RangeError', async () => {
    const info = decodeModule(await watToWasm('(module (import "m" "f" (func)) (func))'));
    expect(() => decodeFunction(info, 0)).toThrow(RangeError);
    expect(() => decodeFunction(info, 0)).toThrow(/imported/);
    expect(() => decodeFunction(info, 2)).toThrow(/out of range/);
    expect(decodeFunction(info, 1).funcIndex).toBe(1);
  });
});

describe('decodeConstExpr and decodeInstructions', () => {
  it('decodes a global initializer including its end', async () => {
    const info = decodeModule(
      await watToWasm('(module (global i64 (i64.const -5)))', { validate: false }),
    );
    const expr = decodeConstExpr(info, info.globals[0].init);
    expect(expr.map((i) => i.name)).toEqual(['i64.const', 'end']);
    expect(expr[0].imm).toEqual({ kind: 'i64', value: -5n });
  });

  it('decodes an arbitrary range without requiring blocks to balance', () => {
    const bytes = Uint8Array.from([0xff, 0x02, 0x40, 0x41, 0x05, 0xff]);
    const instrs = decodeInstructions(bytes, 1, 5, 'custom');
    expect(instrs.map((i) => [i.name, i.offset])).toEqual([
      ['block', 1],
      ['i32.const', 3],
    ]);
  });
});

/** Decoding and tallying must fail with the same error class and offset. */
function expectDecodeError(body: number[], reason: RegExp, relativeOffset: number): void {
  const info = decodeModule(moduleWithBodies([body]));
  const start = definedFunctions(info)[0].codeOffset;
  for (const run of [
    () => decodeFunction(info, 0),
    () => tallyCodeFeatures(info, newFeatureTally()),
  ]) {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WasmDecodeError);
    const decodeError = error as WasmDecodeError;
    expect(decodeError.reason).toMatch(reason);
    expect(decodeError.offset - start).toBe(relativeOffset);
    expect(decodeError.section).toBe('code');
  }
}

describe('malformed bodies', () => {
  it('rejects a body cut off in the middle of an immediate', () => {
    expectDecodeError([0x00, 0x41, 0x80], /unexpected end/, 2);
  });

  it('rejects a body whose blocks are never closed', () => {
    expectDecodeError([0x00, 0x02, 0x40, 0x0b], /not closed|end opcode/, 4);
  });

  it('rejects instructions after the final end', () => {
    expectDecodeError([0x00, 0x0b, 0x01, 0x0b], /remaining after the end/, 2);
  });

  it('rejects an over-long LEB128', () => {
    expectDecodeError([0x00, 0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b], /too long/, 2);
  });

  it('rejects an unassigned opcode', () => {
    expectDecodeError([0x00, 0x27, 0x0b], /illegal opcode/, 1);
    expectDecodeError([0x00, 0xfd, 0x9a, 0x01, 0x0b], /illegal opcode/, 1);
  });

  it('rejects a delegate that would close the function body', () => {
    expectDecodeError([0x00, 0x18, 0x00, 0x0b], /delegate cannot close/, 1);
  });

  it('rejects memarg alignment flags beyond the memory-index bit', () => {
    expectDecodeError([0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1a, 0x0b], /alignment flags/, 4);
  });

  it('rejects an unknown heap type', () => {
    expectDecodeError([0x00, 0xd0, 0x60, 0x1a, 0x0b], /heap type/, 2);
  });

  it('rejects more than 50000 locals before allocating them', () => {
    // two runs of 30000
    expectDecodeError(
      [0x02, 0xb0, 0xea, 0x01, 0x7f, 0xb0, 0xea, 0x01, 0x7f, 0x0b],
      /too many locals/,
      5,
    );
  });

  it('rejects a local count larger than the body could hold', () => {
    expectDecodeError([0xff, 0xff, 0x03, 0x0b], /local declaration count/, 0);
  });
});

describe('deep nesting', () => {
  it('decodes and tallies 100,000 nested blocks without exhausting the stack', () => {
    const depth = 100_000;
    const body = [0x00];
    for (let i = 0; i < depth; i++) body.push(0x02, 0x40);
    for (let i = 0; i <= depth; i++) body.push(0x0b);
    const info = decodeModule(moduleWithBodies([body]));
    expect(decodeFunction(info, 0).instructions).toHaveLength(2 * depth + 1);
    const tally = newFeatureTally();
    tallyCodeFeatures(info, tally);
    expect(Array.from(tally.count).every((c) => c === 0)).toBe(true);
  });
});

describe('tallyCodeFeatures', () => {
  it('records each use with the offset of the instruction or declaration', () => {
    const body = [
      ...[0x02, 0x01, 0x7b, 0x01, 0x70], // locals: v128, funcref
      ...[0xc0], // i32.extend8_s
      ...[0x11, 0x00, 0x01], // call_indirect type 0, table 1
      ...[0xd0, 0x6e], // ref.null any
      0x0b,
    ];
    const info = decodeModule(moduleWithBodies([body]));
    const start = definedFunctions(info)[0].codeOffset;
    const tally = newFeatureTally();
    tallyCodeFeatures(info, tally);
    const used = (f: Feature) => [
      tally.count[FEATURE_INDEX[f]],
      tally.first[FEATURE_INDEX[f]] - start,
    ];
    expect(used('simd')).toEqual([1, 2]);
    expect(used('sign-extension')).toEqual([1, 5]);
    expect(used('reference-types')).toEqual([3, 4]); // funcref local, call_indirect table 1, ref.null
    expect(used('gc')).toEqual([1, 9]);
  });

  it('describes value types for module-level reuse', () => {
    const names = (features: readonly number[]) => features.map((f) => FEATURES[f]);
    expect(names(valTypeFeatures('i32'))).toEqual([]);
    expect(names(valTypeFeatures('v128'))).toEqual(['simd']);
    expect(names(valTypeFeatures({ heap: 'extern', nullable: true }))).toEqual(['reference-types']);
    expect(names(valTypeFeatures({ heap: 2, nullable: false }))).toEqual([
      'function-references',
      'reference-types',
    ]);
    expect(names(valTypeFeatures({ heap: 'i31', nullable: true }))).toEqual([
      'gc',
      'reference-types',
    ]);
    expect(names(valTypeFeatures({ heap: 'exn', nullable: true }))).toEqual([
      'exceptions',
      'reference-types',
    ]);
  });
});

describe('opcode table', () => {
  it('has one entry per (prefix, opcode) pair and a feature from FEATURES or null', () => {
    const keys = new Set(OPCODES.map((o) => `${o.prefix}:${o.opcode}`));
    expect(keys.size).toBe(OPCODES.length);
    for (const o of OPCODES) if (o.feature !== null) expect(FEATURES).toContain(o.feature);
    // 0xfd: 236 SIMD + 20 relaxed SIMD opcodes
    expect(OPCODES.filter((o) => o.prefix === 0xfd)).toHaveLength(256);
  });

  it('gives the block structure: openers carry a block type, end and delegate close', () => {
    const byControl = (control: number) =>
      OPCODES.filter((o) => o.control === control).map((o) => o.name);
    expect(byControl(Control.Open)).toEqual(['block', 'loop', 'if', 'try', 'try_table']);
    expect(byControl(Control.Arm)).toEqual(['else', 'catch', 'catch_all']);
    expect(byControl(Control.End)).toEqual(['end']);
    expect(byControl(Control.Delegate)).toEqual(['delegate']);
    const needsTwo = OPCODES.filter((o) => o.alsoNeeds !== null);
    expect(needsTwo.map((o) => [o.name, o.feature, o.alsoNeeds])).toEqual([
      ['return_call_ref', 'tail-call', 'function-references'],
    ]);
  });

  it('lets constant expressions hold the constant instructions of 3.0 and extended-const', () => {
    const constant = OPCODES.filter((o) => o.inConstExpr && o.constFeature !== null);
    expect(Object.fromEntries(constant.map((o) => [o.name, o.constFeature]))).toEqual({
      'ref.null': 'reference-types',
      'ref.func': 'reference-types',
      'i32.add': 'extended-const',
      'i32.sub': 'extended-const',
      'i32.mul': 'extended-const',
      'i64.add': 'extended-const',
      'i64.sub': 'extended-const',
      'i64.mul': 'extended-const',
      'v128.const': 'simd',
      'struct.new': 'gc',
      'struct.new_default': 'gc',
      'array.new': 'gc',
      'array.new_default': 'gc',
      'array.new_fixed': 'gc',
      'array.new_data': 'gc',
      'array.new_elem': 'gc',
      'any.convert_extern': 'gc',
      'extern.convert_any': 'gc',
      'ref.i31': 'gc',
    });
    for (const name of ['i32.const', 'i64.const', 'f32.const', 'f64.const', 'global.get'])
      expect(OPCODES.find((o) => o.name === name)?.inConstExpr, name).toBe(true);
    for (const name of ['call', 'block', 'end', 'memory.size', 'ref.as_non_null', 'i32.load'])
      expect(OPCODES.find((o) => o.name === name)?.inConstExpr, name).toBe(false);
  });

  it('walks every instruction it lets a constant expression hold, and rejects the others', () => {
    // each opcode with all-zero immediates (zero is a valid value of every immediate kind
    // allowed there: index, constant, heap type as type index 0), then `end`
    for (const o of OPCODES) {
      if (o.name === 'end') continue; // it ends the expression
      const opcode = o.prefix === 0 ? [o.opcode] : [o.prefix, ...leb(o.opcode)];
      const bytes = Uint8Array.from([...opcode, ...new Array<number>(16).fill(0), 0x0b]);
      const walk = () => {
        const r = new ByteReader(bytes);
        walkConstExpr(r);
        return r.pos;
      };
      if (o.inConstExpr) expect(walk, o.name).not.toThrow();
      else expect(walk, o.name).toThrow(/illegal opcode .* in constant expression/);
    }
  });
});

/** A module with one `(func)` type and the given raw bodies (locals + instructions). */
function moduleWithBodies(bodies: number[][]): Uint8Array {
  const section = (id: number, payload: number[]) => [id, ...leb(payload.length), ...payload];
  const code = bodies.flatMap((body) => [...leb(body.length), ...body]);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x00, 0x00]),
    ...section(3, [...leb(bodies.length), ...bodies.map(() => 0x00)]),
    ...section(5, [0x02, 0x00, 0x01, 0x00, 0x01]),
    ...section(10, [...leb(bodies.length), ...code]),
  ]);
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

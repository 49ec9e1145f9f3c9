import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definedFunctionCount, definedFunctions } from '../../../src/wasm/code/function-table.ts';
import { decodeFunction } from '../../../src/wasm/code/instructions.ts';
import { decodeModule } from '../../../src/wasm/module/decode-module.ts';
import { f32Comment, f32Hex, f64Comment, f64Hex, formatG } from '../../../src/wasm/print/float.ts';
import { escapeName } from '../../../src/wasm/print/names.ts';
import {
  printBlockType,
  printConstExpr,
  printFunction,
  printInstruction,
  printRefType,
  printValType,
} from '../../../src/wasm/print/index.ts';
import { collapseSpace, definedFunctionTexts, wasmToWat, watToWasm } from '../../support/wat.ts';
import binaryen from 'binaryen';

const FIXTURES = join(import.meta.dirname, '../fixtures/instructions');
const fixtureNames = readdirSync(FIXTURES).filter((f) => f.endsWith('.wat'));
const wabtFixtures = fixtureNames.filter(
  (f) => !readFileSync(join(FIXTURES, f), 'utf8').startsWith(';; assembler: binaryen'),
);

/** Fixtures wabt.js cannot assemble say so on their first line and go through binaryen. */
async function assembleFixture(path: string): Promise<Uint8Array> {
  const text = readFileSync(path, 'utf8');
  if (!text.startsWith(';; assembler: binaryen')) return watToWasm(text, { validate: false });
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(binaryen.Features.All);
    binaryen.setDebugInfo(true); // keep the name section
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

describe('printFunction', () => {
  it.each(wabtFixtures)('prints every function of %s exactly as wasm2wat', async (file) => {
    const bytes = await assembleFixture(join(FIXTURES, file));
    const info = decodeModule(bytes);
    const expected = definedFunctionTexts(await wasmToWat(bytes));
    expect(expected).toHaveLength(definedFunctionCount(info));
    definedFunctions(info).forEach((_, i) => {
      const printed = printFunction(info, info.importedFuncs + i);
      expect(collapseSpace(printed)).toBe(collapseSpace(expected[i]));
      // Not only equal modulo whitespace: wabt's line breaks and indentation too.
      expect(printed).toBe(expected[i]);
    });
  });

  it('prints GC and typed-reference instructions wabt cannot print, in the spec text form', async () => {
    const info = decodeModule(await assembleFixture(join(FIXTURES, 'gc.wat')));
    const text = Array.from(definedFunctions(info), (_, i) =>
      printFunction(info, info.importedFuncs + i),
    ).join('\n');
    for (const fragment of [
      'struct.new $point',
      'struct.set $point $x',
      'array.new_fixed $ints 2',
      'array.new_data $bytes $d',
      'array.copy $ints $ints',
      'ref.test (ref 0)',
      'ref.cast (ref null 0)',
      'br_on_cast 0 (;@1;) anyref (ref 0)',
      'any.convert_extern',
      '(local $eq eqref)',
    ]) {
      expect(text).toContain(fragment);
    }
  });

  it('appends byte offsets as comments when asked', async () => {
    const bytes = await watToWasm(
      '(module (func $f (result i32) i32.const 1 i32.const 2 i32.add))',
    );
    const info = decodeModule(bytes);
    const offsets = decodeFunction(info, 0).instructions.map((i) => i.offset.toString(16));
    expect(printFunction(info, 0, { offsets: true })).toBe(
      [
        '(func $f (type 0) (result i32)',
        `    i32.const 1 (;@${offsets[0]};)`,
        `    i32.const 2 (;@${offsets[1]};)`,
        `    i32.add (;@${offsets[2]};))`,
      ].join('\n'),
    );
  });

  it('gives repeated and odd names wabt’s suffixes and underscores', async () => {
    const bytes = await watToWasm(
      '(module (func $a (param $x i32) (local $y i32)) (func $b) (func $c (call 1) (call 0 (i32.const 0))))',
    );
    const info = decodeModule(bytes);
    // wabt.js renames duplicates while assembling, so force them back to equal names here.
    info.names.functions.set(1, 'a');
    info.names.locals.set(
      0,
      new Map([
        [0, 'x'],
        [1, 'x'],
      ]),
    );
    info.names.functions.set(2, 'odd name(é)');
    expect(printFunction(info, 0)).toBe('(func $a (type 0) (param $x i32)\n    (local $x.1 i32))');
    expect(printFunction(info, 2)).toBe(
      '(func $odd_name____ (type 1)\n    call $a.1\n    i32.const 0\n    call $a)',
    );
  });
});

describe('names from a hand-written name section', () => {
  it('declares params and locals with raw names but escapes references, as wabt does', async () => {
    const plain = await watToWasm(
      '(module (func (param i32) (local i32 i32) local.get 0 local.get 1 local.get 2 drop drop drop call 1) (func))',
      { names: false },
    );
    const text = (s: string) => {
      const utf8 = new TextEncoder().encode(s);
      return [utf8.length, ...utf8];
    };
    const funcNames = [2, 0, ...text('a b'), 1, ...text('a b')];
    const localNames = [1, 0, 3, 0, ...text('x(y'), 1, ...text('é'), 2, ...text('x(y')];
    const payload = [
      ...text('name'),
      1,
      funcNames.length,
      ...funcNames,
      2,
      localNames.length,
      ...localNames,
    ];
    const bytes = Uint8Array.from([...plain, 0, payload.length, ...payload]);
    const info = decodeModule(bytes);
    // The raw `(` in a declared name defeats cutting functions out by parentheses.
    const wabtText = await wasmToWat(bytes);
    expect(wabtText).toContain(`\n  ${printFunction(info, 0)}\n`);
    expect(wabtText).toContain(`\n  ${printFunction(info, 1)})`);
    expect(wabtText).toContain('(param $x(y i32)');
    expect(wabtText).toContain('local.get $x_y.1');
  });
});

describe('printConstExpr', () => {
  it('prints globals and segment offsets the way wabt does inside those fields', async () => {
    const source = `(module
      (import "env" "base" (global $base i32))
      (global $a i32 (i32.const -7))
      (global $b i64 (i64.const 1))
      (global $c f32 (f32.const 0.5))
      (global $d funcref (ref.null func))
      (global $e funcref (ref.func $f))
      (global $g i32 (global.get $base))
      (global $h v128 (v128.const i64x2 1 -1))
      (global $i i32 (i32.add (global.get $base) (i32.const 8)))
      (func $f))`;
    const bytes = await watToWasm(source, { validate: false });
    const info = decodeModule(bytes);
    const wabtText = await wasmToWat(bytes);
    for (const global of info.globals) {
      const printed = printConstExpr(info, global.init);
      expect(wabtText).toContain(printed);
    }
    expect(printConstExpr(info, info.globals[7].init)).toBe(
      '(global.get $base\n    i32.const 8\n    i32.add)',
    );
  });
});

describe('printInstruction', () => {
  it('names the block a branch leaves and marks labels out of range', async () => {
    const info = decodeModule(await watToWasm('(module (func block br 1 end))'));
    const [, br] = decodeFunction(info, 0).instructions;
    expect(printInstruction(info, br, { funcIndex: 0, labelDepth: 2 })).toBe('br 1 (;@0;)');
    expect(printInstruction(info, br, { funcIndex: 0, labelDepth: 1 })).toBe('br 1 (; INVALID ;)');
  });
});

describe('float formatting', () => {
  it('writes f32 bits like wabt: hex significand, subnormal dot, NaN payloads', () => {
    expect(f32Hex(0x3fc00000)).toBe('0x1.8p+0');
    expect(f32Hex(0x80000000)).toBe('-0x0p+0');
    expect(f32Hex(0x00000001)).toBe('0x1.p-149');
    expect(f32Hex(0x00000003)).toBe('0x1.8p-148');
    expect(f32Hex(0x7fc00000)).toBe('nan');
    expect(f32Hex(0xffa00001)).toBe('-nan:0x200001');
    expect(f32Hex(0xff800000)).toBe('-inf');
    expect(f32Comment(0x3fc00000)).toBe('1.5');
    expect(f32Comment(0x7fc00000)).toBe('nan');
  });

  it('writes f64 bits and %g comments like printf', () => {
    expect(f64Hex(0x400921fb54442d18n)).toBe('0x1.921fb54442d18p+1');
    expect(f64Hex(0x0000000000000001n)).toBe('0x1.p-1074');
    expect(f64Comment(0x400921fb54442d18n)).toBe('3.14159');
    expect(f64Comment(0x3f1a36e2eb1c432dn)).toBe('0.0001');
    expect(f64Comment(0x3ee4f8b588e368f1n)).toBe('1e-05');
    expect(f64Comment(0x419d6f3454000000n)).toBe('1.23457e+08');
    expect(f64Comment(0xfff0000000000000n)).toBe('-inf');
  });

  it('rounds exact decimal ties to even, as printf does and toExponential does not', () => {
    expect(formatG(1000.125, false)).toBe('1000.12');
    expect(formatG(1000.375, false)).toBe('1000.38');
    expect(formatG(999999.5, false)).toBe('1e+06');
    expect(formatG(-99999.95, true)).toBe('-99999.9');
    expect(formatG(5e-324, false)).toBe('4.94066e-324');
  });
});

describe('type printing helpers', () => {
  it('prints value, reference and block types', async () => {
    const info = decodeModule(
      await watToWasm('(module (type (func (param i32) (result i64 f32))) (func))'),
    );
    expect(printValType(info, 'v128')).toBe('v128');
    expect(printRefType(info, { heap: 'func', nullable: true })).toBe('funcref');
    expect(printRefType(info, { heap: 3, nullable: false })).toBe('(ref 3)');
    expect(printRefType(info, { heap: 'any', nullable: false })).toBe('(ref any)');
    expect(printBlockType(info, 'empty')).toBe('');
    expect(printBlockType(info, 'i32')).toBe('(result i32)');
    expect(printBlockType(info, { typeIndex: 0 })).toBe('(param i32) (result i64 f32)');
  });

  it('replaces bytes that may not appear in an identifier with underscores', () => {
    expect(escapeName('$ok!#name')).toBe('$ok!#name');
    expect(escapeName('$a b;c')).toBe('$a_b_c');
    expect(escapeName('$é')).toBe('$__');
  });
});

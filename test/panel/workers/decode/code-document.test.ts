/**
 * The code view's document is wasm2wat's text: read back a window at a time and joined, it is
 * exactly the decoder's `printModule` output, for the decoder's fixtures, the spec test suite
 * and the benchmark generator's module; its lines carry offsets, tokens and links, long lines
 * are split, and every target can be located.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DATA_BYTES_PER_LINE,
  ELEM_ITEMS_PER_LINE,
  EdgeKind,
  functionLines,
} from '../../../../src/panel/workers/decode/code/index.ts';
import { moduleNames } from '../../../../src/wasm/print/index.ts';
import {
  WasmDecodeError,
  decodeFunction,
  decodeModule,
  definedFunctionCount,
  printFunction,
  printModule,
  type ModuleInfo,
} from '../../../../src/wasm/index.ts';
import { generateModule, scaledModule } from '../../../../bench/generate.ts';
import { HEADER, section, uleb, vec } from '../../../support/binary-writer.ts';
import { Random, mutate } from '../../../support/fuzz.ts';
import { SUITE_DIR } from '../../../support/testsuite.ts';
import { listModules } from '../../../support/wast.ts';
import { ALL_WABT_FEATURES, loadWabt, watToWasm } from '../../../support/wat.ts';
import {
  allLines,
  assembleDecoderFixture,
  codeOfModule,
  decoderFixtures,
  joinLines,
} from './code-support.ts';

/** printModule's text, or undefined when a body is malformed (printModule throws then). */
function printedOrUndefined(info: ModuleInfo): string | undefined {
  try {
    return printModule(info);
  } catch (error) {
    if (error instanceof WasmDecodeError) return undefined;
    throw error;
  }
}

describe('the module text of the code view', () => {
  it.each(decoderFixtures())('is printModule’s text for the %s fixture', async (name) => {
    const info = decodeModule(await assembleDecoderFixture(name));
    const { document } = await codeOfModule(info);
    // odd window sizes cut functions and fields anywhere
    expect(joinLines(allLines(document, 7))).toBe(printModule(info));
    expect(joinLines(document.lines(0, document.totalLines))).toBe(printModule(info));
  });

  it('is printModule’s text for a generated module, with long lines split', async () => {
    const info = decodeModule(generateModule(scaledModule(0.005)));
    const { document } = await codeOfModule(info);
    const lines = allLines(document, 333);
    expect(joinLines(lines)).toBe(printModule(info));
    // 3,500 table entries: one text line, shown 16 items per line
    const elemLines = lines.filter((line) => line.owner.kind === 'elem');
    expect(elemLines.length).toBe(1 + Math.ceil(info.elems[0].count / ELEM_ITEMS_PER_LINE));
    expect(elemLines.slice(1).every((line) => line.wrapped)).toBe(true);
    expect(lines.reduce((longest, line) => Math.max(longest, line.text.length), 0)).toBeLessThan(
      300,
    );
  });

  const suiteFiles = existsSync(SUITE_DIR)
    ? [
        ...readdirSync(SUITE_DIR).filter((f) => f.endsWith('.wast')),
        ...['legacy', 'proposals/threads'].flatMap((dir) =>
          existsSync(join(SUITE_DIR, dir))
            ? readdirSync(join(SUITE_DIR, dir))
                .filter((f) => f.endsWith('.wast'))
                .map((f) => `${dir}/${f}`)
            : [],
        ),
      ].sort()
    : [];

  describe.skipIf(suiteFiles.length === 0)('on the spec test suite', () => {
    it.each(suiteFiles)('is printModule’s text for every module of %s', async (file) => {
      const wabt = await loadWabt();
      const source = readFileSync(join(SUITE_DIR, file), 'utf8');
      const mismatches: string[] = [];
      for (const { command, module, line } of listModules(source)) {
        if (module.form === 'quote') continue;
        if (!['module', 'assert_trap', 'assert_unlinkable', 'assert_invalid'].includes(command))
          continue;
        let bytes: Uint8Array | undefined = module.form === 'binary' ? module.bytes : undefined;
        if (module.form === 'text') {
          try {
            const parsed = wabt.parseWat('spec.wat', module.text, ALL_WABT_FEATURES);
            parsed.resolveNames();
            bytes = new Uint8Array(parsed.toBinary({ write_debug_names: true }).buffer);
            parsed.destroy();
          } catch {
            continue;
          }
        }
        let info: ModuleInfo;
        try {
          info = decodeModule(bytes!);
        } catch {
          continue;
        }
        const expected = printedOrUndefined(info);
        if (expected === undefined) continue;
        const { document } = await codeOfModule(info);
        const actual = joinLines(allLines(document, 13));
        if (actual !== expected)
          mismatches.push(`${file}:${line}\n${actual}\n--- printModule:\n${expected}`);
      }
      expect(mismatches.slice(0, 3)).toEqual([]);
    });
  });

  describe.skipIf(suiteFiles.length > 0)('on the spec test suite', () => {
    it(`is skipped: no suite at ${SUITE_DIR} (set WASM_TESTSUITE)`, () => {
      console.warn(`skipping the spec-suite comparison: no suite at ${SUITE_DIR}`);
    });
  });
});

const DEMO = `(module $demo
  (type $t (func (param i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "env" "base" (global $base i32))
  (table $tab 4 funcref)
  (memory 1)
  (global $g (mut i32) (i32.const 7))
  (global $fn funcref (ref.func $add))
  (func $add (export "add") (param $a i32) (param i32) (result i32) (local i64 f32)
    (call $log (global.get $g))
    (call_indirect $tab (type $t) (local.get 0) (i32.const 1))
    (i32.load offset=8 (local.get 1))
    i32.add
    ref.func $add
    drop)
  (func $main (drop (call $add (i32.const 1) (global.get $base))))
  (func $add2 (result i32) (i32.const 2) (call $add (i32.const 3)))
  (func $tail (result i32) (return_call $add2))
  (start $main)
  (elem (table $tab) (i32.const 0) func $add $log $add)
  (data $greeting (i32.const 16) "hi\\00there"))`;

describe('lines of the code view', () => {
  it('link calls, globals, tables, types, elements and exports to what they name', async () => {
    const info = decodeModule(await watToWasm(DEMO));
    const { document } = await codeOfModule(info);
    const lines = document.lines(0, document.totalLines);
    const links = (text: string) => {
      const line = lines.find((l) => l.text.trim().startsWith(text))!;
      return line.tokens
        .filter((t) => t.link)
        .map((t) => `${line.text.slice(t.from, t.to)}→${t.link!.kind}${t.link!.index}`);
    };
    expect(links('call $log')).toEqual(['$log→func0']);
    expect(links('global.get $g')).toEqual(['$g→global1']);
    expect(links('global.get $base')).toEqual(['$base→global0']);
    expect(links('call_indirect')).toEqual(['$tab→table0', '$t→type0']);
    expect(links('ref.func $add')).toEqual(['$add→func1']);
    expect(links('return_call $add2')).toEqual(['$add2→func3']);
    expect(links('(import "env" "log"')).toEqual(['1→type1']);
    expect(links('(export "add"')).toEqual(['$add→func1']);
    expect(links('(start')).toEqual(['$main→func2']);
    expect(links('(global $fn')).toEqual(['$add→func1']);
    expect(links('(elem')).toEqual(['$add→func1', '$log→func0', '$add→func1']);
    expect(links('(func $add (type 2)')).toEqual(['2→type2']);
    // token kinds colour the line
    const load = lines.find((l) => l.text.includes('i32.load'))!;
    expect(load.tokens.map((t) => t.kind)).toEqual(['keyword', 'keyword', 'number']);
    // a short data string stays on its field's line
    const data = lines.find((l) => l.owner.kind === 'data')!;
    expect(data.text).toBe('  (data $greeting (i32.const 16) "hi\\00there"))');
    expect(data.tokens.map((t) => t.kind).slice(-3)).toEqual([
      'string',
      'punctuation',
      'punctuation',
    ]);
  });

  it('carry the offset and length of their instruction, and offsets lead back to them', async () => {
    const info = decodeModule(await watToWasm(DEMO));
    const { document } = await codeOfModule(info);
    for (let f = info.importedFuncs; f < info.importedFuncs + definedFunctionCount(info); f++) {
      const { line } = document.locate({ kind: 'func', index: f })!;
      const instructions = decodeFunction(info, f).instructions.slice(0, -1);
      const lines = document.lines(line, 2 + instructions.length);
      const shown = lines.filter((l) => l.owner.index === f).slice(-instructions.length);
      expect(shown.map((l) => [l.offset, l.length])).toEqual(
        instructions.map((instr) => [instr.offset, instr.end - instr.offset]),
      );
      for (const instr of instructions) {
        const at = document.locate({ kind: 'offset', offset: instr.end - 1 });
        expect(document.lines(at!.line, 1)[0].offset).toBe(instr.offset);
      }
    }
  });

  it('locate functions, definitions, exports and the start function', async () => {
    const info = decodeModule(await watToWasm(DEMO));
    const { document } = await codeOfModule(info);
    const first = (target: Parameters<typeof document.locate>[0]) =>
      document.lines(document.locate(target)!.line, 1)[0].text.trim();
    expect(first({ kind: 'func', index: 0 })).toMatch(/^\(import "env" "log"/);
    expect(first({ kind: 'func', index: 3 })).toMatch(/^\(func \$add2/);
    expect(first({ kind: 'definition', entity: { kind: 'global', index: 0 } })).toMatch(
      /^\(import "env" "base"/,
    );
    expect(first({ kind: 'definition', entity: { kind: 'global', index: 2 } })).toMatch(
      /^\(global \$fn/,
    );
    expect(first({ kind: 'definition', entity: { kind: 'type', index: 0 } })).toMatch(
      /^\(type \$t/,
    );
    expect(first({ kind: 'definition', entity: { kind: 'table', index: 0 } })).toMatch(
      /^\(table \$tab/,
    );
    expect(first({ kind: 'definition', entity: { kind: 'data', index: 0 } })).toMatch(
      /^\(data \$greeting/,
    );
    expect(first({ kind: 'definition', entity: { kind: 'elem', index: 0 } })).toMatch(/^\(elem/);
    expect(first({ kind: 'export', index: 0 })).toBe('(export "add" (func $add))');
    expect(first({ kind: 'start' })).toBe('(start $main)');
    expect(document.locate({ kind: 'func', index: 99 })).toBeNull();
    expect(document.locate({ kind: 'definition', entity: { kind: 'tag', index: 0 } })).toBeNull();
  });

  it('split a long br_table and a long data string, and join back to the printer’s text', async () => {
    const targets = Array.from({ length: 40 }, (_, i) => i % 3).join(' ');
    const bytes = new Uint8Array(1000).map((_, i) => (i * 7) % 256);
    const text = Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
    const info = decodeModule(
      await watToWasm(`(module (memory 1)
        (func (param i32) (block (block (block (br_table ${targets} (local.get 0))))))
        (data (i32.const 0) "${text}"))`),
    );
    const { document } = await codeOfModule(info);
    const lines = document.lines(0, document.totalLines);
    const brTable = lines.filter((l) => l.text.includes('(;@'));
    expect(brTable.length).toBeGreaterThanOrEqual(3);
    expect(joinLines(lines)).toBe(printModule(info));
    const func = lines.filter((l) => l.owner.kind === 'func');
    expect(joinLines(func)).toBe(`  ${printFunction(info, 0)}`);
    const chunks = lines.filter((l) => l.owner.kind === 'data' && l.wrapped);
    expect(chunks).toHaveLength(Math.ceil(1000 / DATA_BYTES_PER_LINE));
    expect(chunks[1].offset! - chunks[0].offset!).toBe(DATA_BYTES_PER_LINE);
    const dataLine = document.locate({ kind: 'offset', offset: chunks[3].offset! + 5 })!;
    expect(dataLine.line).toBe(chunks[3].line);
  });
});

/** A module with two functions whose second body is cut short (the module still decodes). */
function moduleWithBrokenBody(): Uint8Array {
  const good = [0x00, 0x41, 0x01, 0x1a, 0x0b];
  const broken = [0x00, 0x41, 0x01, 0x02, 0x40, 0x0b];
  return new Uint8Array([
    ...HEADER,
    ...section(1, vec([[0x60, 0x00, 0x00]])),
    ...section(3, vec([[0], [0]])),
    ...section(
      10,
      vec([
        [...uleb(good.length), ...good],
        [...uleb(broken.length), ...broken],
      ]),
    ),
  ]);
}

describe('the code index', () => {
  it('counts each function’s lines as printFunction prints them', async () => {
    for (const name of decoderFixtures()) {
      const info = decodeModule(await assembleDecoderFixture(name));
      const { index } = await codeOfModule(info);
      const names = moduleNames(info);
      for (let i = 0; i < index.defined; i++) {
        const func = info.importedFuncs + i;
        expect(index.lineCounts[i], `${name} func ${func}`).toBe(
          functionLines(info, names, func).length,
        );
      }
    }
  });

  it('finds every call, return_call and ref.func, in both directions', async () => {
    const info = decodeModule(await watToWasm(DEMO));
    const { index } = await codeOfModule(info);
    const expected: string[] = [];
    for (let i = 0; i < index.defined; i++) {
      const func = info.importedFuncs + i;
      for (const instr of decodeFunction(info, func).instructions) {
        if (instr.imm.kind === 'func') expected.push(`${func}→${instr.imm.func}@${instr.offset}`);
      }
    }
    const edges = Array.from(
      index.edgeTarget,
      (target, e) => `${index.edgeSource[e]}→${target}@${index.edgeSite[e]}`,
    );
    expect(edges).toEqual(expected);
    // callers of $add (func 1): $main and $add2 call it; $add refers to itself with ref.func
    const into = Array.from(
      index.inEdge.subarray(index.inStart[1], index.inStart[2]),
      (e) => `${index.edgeSource[e]}:${index.edgeKind[e]}`,
    );
    expect(into.sort()).toEqual([
      `1:${EdgeKind.refFunc}`,
      `2:${EdgeKind.call}`,
      `3:${EdgeKind.call}`,
    ]);
  });

  it('gives a body that cannot be decoded one line that says why, and keeps the others', async () => {
    const info = decodeModule(moduleWithBrokenBody());
    const { index, document } = await codeOfModule(info);
    expect([...index.malformed.keys()]).toEqual([1]);
    const lines = document.lines(0, document.totalLines).map((l) => l.text);
    expect(lines).toContain('    i32.const 1');
    expect(lines.find((l) => l.includes('cannot decode'))).toMatch(
      /^ {2}\(func \(;1;\) \(;cannot decode: .* \(at byte 0x[0-9a-f]+ in code section\);\)\)/,
    );
  });

  it('rejects exactly the bodies decodeFunction rejects (mutated modules)', async () => {
    const seeds = await Promise.all(
      [
        'instructions/mvp.wat',
        'instructions/simd.wat',
        'instructions/gc.wat',
        'module/segments.wat',
      ].map(assembleDecoderFixture),
    );
    const random = new Random(0xc0de);
    let compared = 0;
    for (let n = 0; n < 1500; n++) {
      const { bytes } = mutate(random.pick(seeds), random);
      let info: ModuleInfo;
      try {
        info = decodeModule(bytes);
      } catch {
        continue;
      }
      const { index, document } = await codeOfModule(info);
      for (let i = 0; i < index.defined; i++) {
        const func = info.importedFuncs + i;
        let rejected = false;
        try {
          printFunction(info, func);
        } catch (error) {
          if (!(error instanceof WasmDecodeError)) throw error;
          rejected = true;
        }
        expect(index.malformed.has(func), `case ${n}, function ${func}`).toBe(rejected);
      }
      const expected = printedOrUndefined(info);
      if (expected !== undefined) {
        expect(joinLines(allLines(document, 50)), `case ${n}`).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

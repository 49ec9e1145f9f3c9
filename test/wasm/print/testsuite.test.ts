/**
 * Every function of every well-formed module of the official spec test suite prints exactly as
 * wabt.js's wasm2wat prints it (whitespace runs collapsed).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WasmDecodeError } from '../../../src/wasm/binary/errors.ts';
import { definedFunctionCount } from '../../../src/wasm/code/function-table.ts';
import { decodeModule } from '../../../src/wasm/module/decode-module.ts';
import { printFunction } from '../../../src/wasm/print/function.ts';
import type { ModuleInfo } from '../../../src/wasm/types.ts';
import { SUITE_DIR } from '../../support/testsuite.ts';
import { listModules } from '../../support/wast.ts';
import {
  ALL_WABT_FEATURES,
  collapseSpace,
  definedFunctionTexts,
  loadWabt,
  wasmToWat,
} from '../../support/wat.ts';

const SUITE = SUITE_DIR;

/**
 * Functions wabt prints wrongly, by `file:line` of the module form: for these the module is
 * invalid and wabt's reader stops in the middle of the body but still prints what it has.
 */
const WABT_BUGS = new Map<string, string>([
  ['memory_init.wast:189', 'wabt writes data.drop without the data count section it needs'],
  ['memory_init.wast:265', 'wabt drops memory.init of a memory that does not exist'],
  ['memory_init64.wast:189', 'wabt writes data.drop without the data count section it needs'],
  ['memory_init64.wast:265', 'wabt drops memory.init of a memory that does not exist'],
]);

/** Commands whose module is well-formed (assert_invalid only in text form). */
const WELL_FORMED_COMMANDS = new Set([
  'module',
  'assert_trap',
  'assert_unlinkable',
  'assert_invalid',
]);

function suiteFiles(): string[] {
  if (!existsSync(SUITE)) return [];
  const top = readdirSync(SUITE).filter((f) => f.endsWith('.wast'));
  const legacy = readdirSync(join(SUITE, 'legacy'))
    .filter((f) => f.endsWith('.wast'))
    .map((f) => `legacy/${f}`);
  const threads = existsSync(join(SUITE, 'proposals/threads'))
    ? readdirSync(join(SUITE, 'proposals/threads'))
        .filter((f) => f.endsWith('.wast'))
        .map((f) => `proposals/threads/${f}`)
    : [];
  return [...top, ...legacy, ...threads].sort();
}

const files = suiteFiles();
const totals = {
  modules: 0,
  functions: 0,
  equal: 0,
  allowListed: 0,
  notAssembled: 0,
  wabtTypedRefs: 0,
  decoderRejected: 0,
};

/**
 * The function's text, or the decode error's message: wabt writes some of the invalid modules in
 * WABT_BUGS without the data count section their bodies need, which makes them malformed.
 */
function printOrDecodeError(info: ModuleInfo, funcIndex: number): string {
  try {
    return printFunction(info, funcIndex);
  } catch (error) {
    if (error instanceof WasmDecodeError) return `malformed: ${error.message}`;
    throw error;
  }
}

afterAll(() => {
  if (files.length > 0) console.log('spec suite print comparison:', totals);
});

describe.skipIf(files.length === 0)('printing the spec test suite like wasm2wat', () => {
  it.each(files)('prints every function of %s as wabt does', async (file) => {
    const wabt = await loadWabt();
    const source = readFileSync(join(SUITE, file), 'utf8');
    const mismatches: string[] = [];
    for (const { command, module, line } of listModules(source)) {
      if (!WELL_FORMED_COMMANDS.has(command) || module.form === 'quote') continue;
      if (command === 'assert_invalid' && module.form !== 'text') continue;
      // wabt.js writes typed references with the pre-standard 0x6b/0x6c encodings, so the
      // bytes it produces for them are not the module the text describes.
      if (module.form === 'text' && /\(ref\s/.test(module.text)) {
        totals.wabtTypedRefs++;
        continue;
      }
      const bytes = module.form === 'binary' ? module.bytes : assemble(wabt, module.text);
      const text = bytes && (await wasmToWat(bytes).catch(() => undefined));
      if (!bytes || text === undefined) {
        totals.notAssembled++;
        continue;
      }
      const info = decodeOrUndefined(bytes);
      if (!info) {
        totals.decoderRejected++;
        continue;
      }
      totals.modules++;
      const expected = definedFunctionTexts(text);
      for (let i = 0; i < definedFunctionCount(info); i++) {
        totals.functions++;
        const funcIndex = info.importedFuncs + i;
        const actual = collapseSpace(printOrDecodeError(info, funcIndex));
        if (actual === collapseSpace(expected[i] ?? '')) totals.equal++;
        else if (WABT_BUGS.has(`${file}:${line}`)) totals.allowListed++;
        else
          mismatches.push(`line ${line}, func ${funcIndex}:\n${actual}\n--- wabt:\n${expected[i]}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe.skipIf(files.length > 0)('spec test suite', () => {
  it(`is absent at ${SUITE}, so the wasm2wat comparison is skipped`, () => {
    console.warn(`skipping: no spec test suite at ${SUITE}`);
  });
});

type Wabt = Awaited<ReturnType<typeof loadWabt>>;

/** wabt's bytes for a text module, or undefined when wabt.js cannot assemble it. */
function assemble(wabt: Wabt, text: string): Uint8Array | undefined {
  try {
    const module = wabt.parseWat('spec.wat', text, ALL_WABT_FEATURES);
    try {
      module.resolveNames();
      return new Uint8Array(module.toBinary({ write_debug_names: true }).buffer);
    } finally {
      module.destroy();
    }
  } catch {
    return undefined;
  }
}

/**
 * The decoded module, or undefined when the module decoder rejects it (bytes wabt wrote with
 * pre-standard GC encodings; counted in the totals, not compared).
 */
function decodeOrUndefined(bytes: Uint8Array): ModuleInfo | undefined {
  try {
    return decodeModule(bytes);
  } catch {
    return undefined;
  }
}

import { readFileSync, readdirSync } from 'node:fs';
import { SUITE_ABSENT, SUITE_DIR, suiteAvailable } from '../support/testsuite.ts';
import { describe, expect, it } from 'vitest';
import { WasmDecodeError } from '../../src/wasm/binary/errors.ts';
import { definedFunctionCount } from '../../src/wasm/code/function-table.ts';
import { decodeFunction } from '../../src/wasm/code/instructions.ts';
import { decodeModule } from '../../src/wasm/module/decode-module.ts';
import { head, parseSExprs, readModuleForm } from '../support/wast.ts';

const SUITE = SUITE_DIR + '/';
if (!suiteAvailable()) console.warn(SUITE_ABSENT);

/** A binary `assert_malformed` module of the spec suite, with the message the spec expects. */
interface MalformedCase {
  where: string;
  bytes: Uint8Array;
  expected: string;
}

function malformedBinaryModules(): MalformedCase[] {
  const scripts = [
    ...readdirSync(SUITE).filter((f) => f.endsWith('.wast')),
    ...readdirSync(SUITE + 'legacy')
      .filter((f) => f.endsWith('.wast'))
      .map((f) => 'legacy/' + f),
  ].sort();
  const cases: MalformedCase[] = [];
  for (const script of scripts) {
    const source = readFileSync(SUITE + script, 'utf8');
    for (const form of parseSExprs(source)) {
      const inner = form.items[1];
      if (head(form) !== 'assert_malformed' || inner?.kind !== 'list') continue;
      const module = readModuleForm(source, inner);
      if (module?.form !== 'binary') continue;
      const message = form.items[2];
      const expected = message?.kind === 'string' ? new TextDecoder().decode(message.bytes) : '';
      const line = source.slice(0, form.start).split('\n').length;
      cases.push({ where: `${script}:${line}`, bytes: module.bytes, expected });
    }
  }
  return cases;
}

/** How the decoder rejected a module: in its structure, in a function body, or not at all. */
function rejection(bytes: Uint8Array): 'structure' | 'body' | undefined {
  let info;
  try {
    info = decodeModule(bytes);
  } catch (error) {
    if (error instanceof WasmDecodeError) return 'structure';
    throw error;
  }
  try {
    for (let i = 0; i < definedFunctionCount(info); i++)
      decodeFunction(info, info.importedFuncs + i);
  } catch (error) {
    if (error instanceof WasmDecodeError) return 'body';
    throw error;
  }
  return undefined;
}

/**
 * Malformations neither `decodeModule` nor `decodeFunction` reports. Each entry: spec location
 * and why.
 */
const NEEDS_VALIDATION: Record<string, string> = {};

describe.skipIf(!suiteAvailable())('spec-suite binary assert_malformed modules', () => {
  const cases = suiteAvailable() ? malformedBinaryModules() : [];

  it('are all rejected with WasmDecodeError, by decodeModule or by decodeFunction', () => {
    const counts = { structure: 0, body: 0, accepted: 0 };
    const accepted: string[] = [];
    for (const { where, bytes, expected } of cases) {
      const how = rejection(bytes);
      if (how === undefined) {
        counts.accepted++;
        if (!(where in NEEDS_VALIDATION)) accepted.push(`${where} (${expected})`);
      } else counts[how]++;
    }
    console.log(
      `${cases.length} binary assert_malformed modules: ${counts.structure} rejected by decodeModule, ` +
        `${counts.body} by decodeFunction, ${counts.accepted} accepted (need validation)`,
    );
    expect(accepted).toEqual([]);
    expect(cases.length).toBeGreaterThan(700);
  });

  it('keeps the list of validation-only cases up to date', () => {
    const where = new Set(cases.map((c) => c.where));
    for (const listed of Object.keys(NEEDS_VALIDATION)) {
      expect(where.has(listed), listed).toBe(true);
      const bytes = cases.find((c) => c.where === listed)!.bytes;
      expect(rejection(bytes), listed).toBeUndefined();
    }
  });
});

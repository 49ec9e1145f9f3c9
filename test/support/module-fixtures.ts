/**
 * Test-only: the `.wat` fixtures of `test/wasm/fixtures/module/`, assembled at test time.
 * wabt.js assembles most; the GC fixture goes through binaryen because wabt.js cannot parse
 * GC types.
 */
import binaryen from 'binaryen';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { watToWasm } from './wat.ts';

const FIXTURE_DIR = fileURLToPath(new URL('../wasm/fixtures/module/', import.meta.url));

/** Fixtures only binaryen can assemble. */
const BINARYEN_FIXTURES = new Set(['gc']);
/** Fixtures wabt assembles but cannot validate (its validator rejects extended-const and multi-memory). */
const UNVALIDATED_FIXTURES = new Set(['const-exprs', 'memory64']);

/** Names of all module fixtures (file names without `.wat`). */
export const MODULE_FIXTURES: string[] = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.wat'))
  .map((f) => f.slice(0, -'.wat'.length))
  .sort();

/** True when wabt.js can read the fixture's binary back (so it can serve as a printing oracle). */
export function wabtReadable(fixture: string): boolean {
  return !BINARYEN_FIXTURES.has(fixture);
}

/** Assembles a module fixture by name. */
export async function assembleFixture(fixture: string): Promise<Uint8Array> {
  const text = readFileSync(FIXTURE_DIR + fixture + '.wat', 'utf8');
  if (BINARYEN_FIXTURES.has(fixture)) {
    binaryen.setDebugInfo(true);
    const module = binaryen.parseText(text);
    try {
      module.setFeatures(binaryen.Features.All);
      return module.emitBinary();
    } finally {
      module.dispose();
    }
  }
  return watToWasm(text, { validate: !UNVALIDATED_FIXTURES.has(fixture) });
}

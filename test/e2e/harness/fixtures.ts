/**
 * The modules the test pages load, assembled from WAT at run time (no checked-in binaries),
 * and their SHA-256 as the panel must report it (`data-hash`).
 */
import { createHash } from 'node:crypto';
import { watToWasm } from '../../support/wat.ts';
import { generateModule, LARGE_MODULE } from '../../../bench/generate.ts';

/** Lowercase hex SHA-256, the panel's module identity. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A module and its hash. */
export interface Fixture {
  bytes: Uint8Array;
  hash: string;
}

/** Known contents of every small fixture, for live-request and transparency checks. */
export const SMALL_MODULE_FACTS = {
  /** Where the tag string starts in memory 0. */
  tagAddress: 16,
  /** Initial value of the exported mutable i32 global `counter`. */
  counter: 42,
  /** Value of the exported immutable f64 global `ratio`. */
  ratio: 3.5,
  /** Exports, in order. */
  exports: ['memory', 'counter', 'ratio', 'table', 'add', 'bump'],
} as const;

/**
 * A small self-contained module (no imports) with a memory, globals, a table and two
 * functions. `tag` is written into memory at `tagAddress`, so every test gets its own bytes
 * and hash and cannot be satisfied by another test's capture.
 */
export async function smallModule(tag: string): Promise<Fixture> {
  const bytes = await watToWasm(`(module
  (memory (export "memory") 1)
  (global $counter (export "counter") (mut i32) (i32.const ${SMALL_MODULE_FACTS.counter}))
  (global (export "ratio") f64 (f64.const ${SMALL_MODULE_FACTS.ratio}))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $add)
  (data (i32.const ${SMALL_MODULE_FACTS.tagAddress}) ${JSON.stringify(tag)})
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func (export "bump") (result i32)
    global.get $counter
    i32.const 1
    i32.add
    global.set $counter
    global.get $counter))`);
  return { bytes, hash: sha256(bytes) };
}

let large: Fixture | undefined;

/**
 * The ≥30 MB module of the decoder benchmark (`bench/generate.ts`), generated once per
 * process. It imports `env.log: (i32) -> ()`.
 */
export function largeModule(): Fixture {
  if (!large) {
    const bytes = generateModule(LARGE_MODULE);
    large = { bytes, hash: sha256(bytes) };
  }
  return large;
}

/**
 * Bytes that fail validation in two ways, for comparing errors with and without the hook:
 * a wrong magic number, and a truncated type section after a correct header.
 */
export const MALFORMED_MODULES = {
  badMagic: [0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00],
  truncatedSection: [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60],
} as const;

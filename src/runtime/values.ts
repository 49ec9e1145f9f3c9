/**
 * Tagged values (`Val`, `Ref`) and their constructors. A value always carries its type, so the
 * layer can check it against the declared type instead of letting the JS API coerce it. This
 * file wraps no JS API object; `convert.ts` maps values to and from the JS API.
 */
import { LayerError } from './errors.ts';
import type { AnyRef } from './anyref.ts';
import type { ExnRef } from './exnref.ts';
import type { ExternRef } from './externref.ts';
import type { Func } from './func.ts';
import type { RefType, ValType } from './types.ts';

/**
 * A runtime value tagged with its type: i64 as `bigint`, v128 as 16 little-endian bytes,
 * references as `Func`/`ExternRef`/`AnyRef`/`ExnRef` or `null`. A reference's tag names its
 * hierarchy (`funcref`, `externref`, `anyref`, `exnref`), whatever narrower reference type it
 * is declared as.
 */
export type Val =
  | { type: 'i32'; value: number }
  | { type: 'i64'; value: bigint }
  | { type: 'f32'; value: number }
  | { type: 'f64'; value: number }
  | { type: 'v128'; value: Uint8Array }
  | { type: 'funcref'; value: Func | null }
  | { type: 'externref'; value: ExternRef | null }
  | { type: 'anyref'; value: AnyRef | null }
  | { type: 'exnref'; value: ExnRef | null };

/**
 * @internal Present (as `true`) on every `Func`. Value conversion recognises a function by it
 * instead of by `instanceof Func`, so that conversion, which `Func` itself uses, need not import
 * `Func` (one way only: conversion is a leaf of the runtime's imports).
 */
export const IS_FUNC: unique symbol = Symbol('Func');

/** A reference value: what tables hold. */
export type Ref = Extract<Val, { type: RefType }>;

/**
 * @internal The object of an f32 or f64 value. Floats get their own object layout so that the
 * payload field stays an unboxed double: reusing such an object for every call (as host-call
 * arguments do) then writes the number in place instead of allocating a box per write.
 */
export class FloatVal {
  /** `f32` or `f64`. */
  type: 'f32' | 'f64';
  /** The number (already rounded to single precision for f32). */
  value: number;

  constructor(type: 'f32' | 'f64', value: number) {
    this.type = type;
    this.value = value;
  }
}

const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

/**
 * Constructors that validate and normalise their payload. Each fails with `type` when the
 * payload cannot be a value of that type (an i32 that is not an integer in 32 bits, a v128 that
 * is not 16 bytes, …).
 *
 * @example
 * ```ts
 * const args = [Val.i32(5), Val.i64(-1n), Val.f64(Number.NaN)];
 * Val.i32(0xffff_ffff).value; // -1 (unsigned input is accepted and stored signed)
 * ```
 */
export const Val = {
  /** An i32 from an integer in [-2^31, 2^32); stored as signed. */
  i32(n: number): Val {
    if (!Number.isInteger(n) || n < -0x8000_0000 || n > 0xffff_ffff) {
      throw new LayerError('type', `Val.i32: expected an integer in 32 bits but found ${n}`);
    }
    return { type: 'i32', value: n | 0 };
  },
  /** An i64 from a bigint in [-2^63, 2^64); stored as signed. */
  i64(n: bigint): Val {
    if (typeof n !== 'bigint' || n < I64_MIN || n > U64_MAX) {
      throw new LayerError('type', `Val.i64: expected a bigint in 64 bits but found ${String(n)}`);
    }
    return { type: 'i64', value: BigInt.asIntN(64, n) };
  },
  /** An f32: the number rounded to single precision. */
  f32(n: number): Val {
    if (typeof n !== 'number') {
      throw new LayerError('type', `Val.f32: expected a number but found ${typeof n}`);
    }
    return new FloatVal('f32', Math.fround(n)) as Val;
  },
  /** An f64. */
  f64(n: number): Val {
    if (typeof n !== 'number') {
      throw new LayerError('type', `Val.f64: expected a number but found ${typeof n}`);
    }
    return new FloatVal('f64', n) as Val;
  },
  /** A v128 from 16 bytes, little-endian (copied). */
  v128(bytes: Uint8Array | readonly number[]): Val {
    if (bytes.length !== 16) {
      throw new LayerError('type', `Val.v128: expected 16 bytes but found ${bytes.length}`);
    }
    return { type: 'v128', value: Uint8Array.from(bytes) };
  },
  /** A funcref: a function or null. */
  funcref(f: Func | null): Ref {
    return { type: 'funcref', value: f };
  },
  /** An externref: a reference made by `ExternRef.new`, one read from wasm, or null. */
  externref(r: ExternRef | null): Ref {
    return { type: 'externref', value: r };
  },
  /** An anyref (GC proposal): an i31, struct, array or internalized host reference, or null. */
  anyref(r: AnyRef | null): Ref {
    return { type: 'anyref', value: r };
  },
  /**
   * An exnref (exception handling): a handle to an exception caught in wasm, or null. Only
   * engines with exnref can carry one (Node 20's cannot: its uses fail with `unsupported`).
   */
  exnref(r: ExnRef | null): Ref {
    return { type: 'exnref', value: r };
  },
};

/**
 * Compares two values as the reference crate does: numbers by IEEE rules (NaN differs from
 * itself, +0 equals −0), v128 by bytes, and references never (not even to themselves).
 *
 * @example
 * ```ts
 * valEquals(Val.f32(0), Val.f32(-0)); // true
 * valEquals(Val.funcref(null), Val.funcref(null)); // false
 * ```
 */
export function valEquals(a: Val, b: Val): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'funcref':
    case 'externref':
    case 'anyref':
    case 'exnref':
      return false;
    case 'v128': {
      const other = b.value as Uint8Array;
      return a.value.every((byte, i) => byte === other[i]);
    }
    default:
      return a.value === b.value;
  }
}

/**
 * Returns the value type of a value.
 *
 * @example
 * ```ts
 * valType(Val.i64(1n)); // "i64"
 * ```
 */
export function valType(v: Val): ValType {
  return v.type;
}

/**
 * Returns true when `v` is a reference value.
 *
 * @example
 * ```ts
 * isRef(Val.funcref(null)); // true
 * ```
 */
export function isRef(v: Val): v is Ref {
  return (
    v.type === 'funcref' || v.type === 'externref' || v.type === 'anyref' || v.type === 'exnref'
  );
}

/** Short text of a value for messages and events (`i32 5`, `funcref null`). */
export function describeVal(v: unknown): string {
  if (typeof v !== 'object' || v === null || !('type' in v)) return `a non-value ${String(v)}`;
  const { type, value } = v as { type: unknown; value: unknown };
  if (value === null) return `${String(type)} null`;
  if (value instanceof Uint8Array)
    return `${String(type)} 0x${[...value]
      .reverse()
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')}`;
  if (typeof value === 'object') return `${String(type)} ${value.constructor.name}`;
  return `${String(type)} ${String(value)}`;
}

/**
 * Values as they cross between the panel and its sandbox worker: plain data that structured
 * cloning keeps exactly. Floats travel as their bits (a NaN's payload and sign, and −0, survive
 * the trip), v128 as 32 hex digits, and references as handles: numbers the worker gave to the
 * functions and host references it knows, so the panel can pass one back without holding it.
 */
import { isBoundedString, isRecord } from '../guards.ts';

/** The `Val` tags of reference values: one per hierarchy of heap types. */
export const REF_FAMILIES = ['funcref', 'externref', 'anyref', 'exnref'] as const;

/** One of {@link REF_FAMILIES}. */
export type RefFamilyName = (typeof REF_FAMILIES)[number];

/**
 * A typed value on the wire.
 *
 * - `i32`: the signed value; `i64`: the signed value as a bigint.
 * - `f32`: the 32 bits as an unsigned number; `f64`: the 64 bits as an unsigned bigint.
 * - `v128`: 32 lowercase hex digits, byte 0 (the lowest address) first.
 * - references (functions, host references, GC references, caught exceptions): the worker's
 *   handle of the object, or null; `label` says what it is (results only: `Func #12 add
 *   func(i32) -> i32`, `ExternRef "note"`).
 */
export type SandboxVal =
  | { type: 'i32'; value: number }
  | { type: 'i64'; value: bigint }
  | { type: 'f32'; bits: number }
  | { type: 'f64'; bits: bigint }
  | { type: 'v128'; hex: string }
  | { type: RefFamilyName; ref: number | null; label?: string };

/** Longest label of a reference value. */
export const MAX_LABEL_CHARS = 512;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** A handle the worker gave out: a positive safe integer. */
export function isHandle(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Whether `value` is a well-formed {@link SandboxVal}. */
export function isSandboxVal(value: unknown): value is SandboxVal {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'i32':
      return (
        typeof value.value === 'number' &&
        Number.isInteger(value.value) &&
        value.value >= -0x8000_0000 &&
        value.value <= 0x7fff_ffff
      );
    case 'i64':
      return typeof value.value === 'bigint' && value.value >= I64_MIN && value.value <= I64_MAX;
    case 'f32':
      return (
        typeof value.bits === 'number' &&
        Number.isInteger(value.bits) &&
        value.bits >= 0 &&
        value.bits <= 0xffff_ffff
      );
    case 'f64':
      return typeof value.bits === 'bigint' && value.bits >= 0n && value.bits <= U64_MAX;
    case 'v128':
      return typeof value.hex === 'string' && /^[0-9a-f]{32}$/.test(value.hex);
    case 'funcref':
    case 'externref':
    case 'anyref':
    case 'exnref':
      return (
        (value.ref === null || isHandle(value.ref)) &&
        (value.label === undefined || isBoundedString(value.label, MAX_LABEL_CHARS))
      );
    default:
      return false;
  }
}

/** The zero value of a value type (`ref.null` for references), as a default result or argument. */
export function zeroOf(valType: string): SandboxVal {
  switch (valType) {
    case 'i32':
      return { type: 'i32', value: 0 };
    case 'i64':
      return { type: 'i64', value: 0n };
    case 'f32':
      return { type: 'f32', bits: 0 };
    case 'f64':
      return { type: 'f64', bits: 0n };
    case 'v128':
      return { type: 'v128', hex: '0'.repeat(32) };
    default: {
      const family = refFamilyOf(valType);
      // exnref values cannot cross the JS API; an externref null stands in where one is asked.
      return {
        type: family === undefined || family === 'exnref' ? 'externref' : family,
        ref: null,
      };
    }
  }
}

/**
 * The reference family of a reference type's text (`funcref`, `(ref null func)`, `(ref any)`,
 * `i31ref`, …), or undefined for numeric and vector types.
 */
export function refFamilyOf(valType: string): RefFamilyName | undefined {
  if (/^(i32|i64|f32|f64|v128)$/.test(valType)) return undefined;
  if (/func/.test(valType)) return 'funcref';
  if (/extern/.test(valType)) return 'externref';
  if (/exn/.test(valType)) return 'exnref';
  return 'anyref';
}

/** Whether a value fits a declared value type (its tag, or its reference family). */
export function valFits(value: SandboxVal, valType: string): boolean {
  if (value.type === valType) return true;
  const family = refFamilyOf(valType);
  return family !== undefined && value.type === family;
}

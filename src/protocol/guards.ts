/**
 * Structural checks for values that arrived from another context. They never throw: they
 * answer yes or no, so a validator can reject and count instead of crashing.
 */
import { MAX_STRING_CHARS } from './limits.ts';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string no longer than `max` characters. */
export function isBoundedString(value: unknown, max = MAX_STRING_CHARS): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** A non-negative safe integer no larger than `max`. */
export function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** A finite number (a timestamp, for instance). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A lowercase hex SHA-256 digest. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/** A short opaque identifier (realm, instance, transfer, request ids). */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(value);
}

/** Standard base64 of at most `maxBytes` decoded bytes. */
export function isBase64(value: unknown, maxBytes: number): value is string {
  if (typeof value !== 'string') return false;
  if (value.length > Math.ceil(maxBytes / 3) * 4) return false;
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

/** An array of at most `max` items that all pass `check`. */
export function isArrayOf<T>(
  value: unknown,
  max: number,
  check: (item: unknown) => item is T,
): value is T[] {
  return Array.isArray(value) && value.length <= max && value.every((item) => check(item));
}

/** True when `value` is one of `options`. */
export function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

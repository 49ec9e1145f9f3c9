/**
 * Typed values as the user types and reads them. Parsing follows the text format where it can:
 * integers in decimal or hex with their range checked (unsigned input is accepted and stored
 * signed), floats as decimals, hex floats (`0x1.8p3`), `inf`, `nan` and `nan:0x…` payloads and
 * `-0`; v128 as one 128-bit hex number or as lanes (`i32x4 1 2 3 4`); references as `null` or
 * `#n`, a handle the sandbox gave. Formatting gives text that parses back to the same bits.
 */
import { refFamilyOf, type SandboxVal } from '../../../protocol/sandbox/index.ts';

/** The outcome of parsing one field. */
export type ParsedValue = { ok: true; value: SandboxVal } | { ok: false; error: string };

const scratch = new DataView(new ArrayBuffer(8));

function clean(text: string): string {
  return text.trim().replace(/_/g, '');
}

/** A whole number from decimal or `0x` hex text (with an optional sign), or null. */
function parseInteger(text: string): bigint | null {
  const match = /^([+-]?)(0x[0-9a-f]+|[0-9]+)$/i.exec(text);
  if (!match) return null;
  const magnitude = BigInt(match[2]);
  return match[1] === '-' ? -magnitude : magnitude;
}

function parseIntType(text: string, bits: 32 | 64): ParsedValue {
  const value = parseInteger(clean(text));
  const type = bits === 32 ? 'i32' : 'i64';
  if (value === null) return { ok: false, error: `${type}: expected a decimal or 0x hex integer` };
  const min = -(2n ** BigInt(bits - 1));
  const max = 2n ** BigInt(bits) - 1n;
  if (value < min || value > max) {
    return { ok: false, error: `${type}: out of range (${min} to ${max})` };
  }
  const signed = BigInt.asIntN(bits, value);
  return bits === 32
    ? { ok: true, value: { type: 'i32', value: Number(signed) } }
    : { ok: true, value: { type: 'i64', value: signed } };
}

/** The value of a hex float (`0x1.8p3`, `0x10`), or null. */
function parseHexFloat(text: string): number | null {
  const match = /^0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?[0-9]+))?$/i.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return null;
  const digits = match[1] + (match[2] ?? '');
  // Exact up to 2^53; the remaining digits only round, which a double does anyway.
  let mantissa = 0;
  for (const digit of digits) mantissa = mantissa * 16 + parseInt(digit, 16);
  const exponent = Number(match[3] ?? 0) - 4 * (match[2] ?? '').length;
  return mantissa * 2 ** exponent;
}

function floatBits(value: number, bits: 32 | 64): SandboxVal {
  if (bits === 32) {
    scratch.setFloat32(0, value);
    return { type: 'f32', bits: scratch.getUint32(0) };
  }
  scratch.setFloat64(0, value);
  return { type: 'f64', bits: scratch.getBigUint64(0) };
}

function parseFloatType(text: string, bits: 32 | 64): ParsedValue {
  const type = bits === 32 ? 'f32' : 'f64';
  const raw = clean(text).toLowerCase();
  const negative = raw.startsWith('-');
  const body = raw.replace(/^[+-]/, '');
  const signBit32 = negative ? 0x8000_0000 : 0;
  const signBit64 = negative ? 0x8000_0000_0000_0000n : 0n;
  if (body === 'inf' || body === 'infinity')
    return { ok: true, value: floatBits(negative ? -Infinity : Infinity, bits) };
  const nan = /^nan(?::0x([0-9a-f]+))?$/.exec(body);
  if (nan) {
    const payload = nan[1] === undefined ? null : BigInt(`0x${nan[1]}`);
    if (bits === 32) {
      const p = payload ?? 0x40_0000n;
      if (p < 1n || p > 0x7f_ffffn)
        return { ok: false, error: 'f32: a NaN payload is 1 to 0x7fffff' };
      return {
        ok: true,
        value: { type: 'f32', bits: (signBit32 | 0x7f80_0000 | Number(p)) >>> 0 },
      };
    }
    const p = payload ?? 0x8_0000_0000_0000n;
    if (p < 1n || p > 0xf_ffff_ffff_ffffn) {
      return { ok: false, error: 'f64: a NaN payload is 1 to 0xfffffffffffff' };
    }
    return { ok: true, value: { type: 'f64', bits: signBit64 | 0x7ff0_0000_0000_0000n | p } };
  }
  let magnitude: number | null = null;
  if (body.startsWith('0x')) magnitude = parseHexFloat(body);
  else if (/^([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/.test(body)) magnitude = Number(body);
  if (magnitude === null || Number.isNaN(magnitude)) {
    return { ok: false, error: `${type}: expected a number, inf, nan or nan:0x… (a payload)` };
  }
  return { ok: true, value: floatBits(negative ? -magnitude : magnitude, bits) };
}

/** Lane shapes of `v128.const`. */
const LANES: Record<
  string,
  { count: number; parse: (text: string) => bigint | null; width: number }
> = {
  i8x16: { count: 16, width: 8, parse: (t) => laneInt(t, 8) },
  i16x8: { count: 8, width: 16, parse: (t) => laneInt(t, 16) },
  i32x4: { count: 4, width: 32, parse: (t) => laneInt(t, 32) },
  i64x2: { count: 2, width: 64, parse: (t) => laneInt(t, 64) },
  f32x4: { count: 4, width: 32, parse: (t) => laneFloat(t, 32) },
  f64x2: { count: 2, width: 64, parse: (t) => laneFloat(t, 64) },
};

function laneInt(text: string, bits: number): bigint | null {
  const value = parseInteger(clean(text));
  if (value === null || value < -(2n ** BigInt(bits - 1)) || value > 2n ** BigInt(bits) - 1n)
    return null;
  return BigInt.asUintN(bits, value);
}

function laneFloat(text: string, bits: 32 | 64): bigint | null {
  const parsed = parseFloatType(text, bits);
  if (!parsed.ok) return null;
  const value = parsed.value as { bits: number | bigint };
  return BigInt(value.bits);
}

function parseV128(text: string): ParsedValue {
  const raw = clean(text).toLowerCase();
  const words = raw.split(/\s+/);
  const shape = LANES[words[0]];
  const bytes = new Uint8Array(16);
  if (shape) {
    const lanes = words.slice(1);
    if (lanes.length !== shape.count) {
      return {
        ok: false,
        error: `v128: ${words[0]} needs ${shape.count} lanes but found ${lanes.length}`,
      };
    }
    for (let i = 0; i < shape.count; i++) {
      const lane = shape.parse(lanes[i]);
      if (lane === null)
        return {
          ok: false,
          error: `v128: lane ${i} "${lanes[i]}" is not a ${words[0].slice(0, 3)}`,
        };
      for (let b = 0; b < shape.width / 8; b++) {
        bytes[(i * shape.width) / 8 + b] = Number((lane >> BigInt(8 * b)) & 0xffn);
      }
    }
  } else {
    const value = parseInteger(raw.replace(/\s+/g, ''));
    if (value === null || value < 0n || value > 2n ** 128n - 1n) {
      return {
        ok: false,
        error: 'v128: expected 0x and up to 32 hex digits, or lanes like "i32x4 1 2 3 4"',
      };
    }
    for (let b = 0; b < 16; b++) bytes[b] = Number((value >> BigInt(8 * b)) & 0xffn);
  }
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return { ok: true, value: { type: 'v128', hex } };
}

/** A known reference the user can pick (`#n`). */
export interface KnownRef {
  handle: number;
  family: 'funcref' | 'externref' | 'anyref' | 'exnref';
  label: string;
}

function parseRef(text: string, valType: string, known: readonly KnownRef[]): ParsedValue {
  const family = refFamilyOf(valType);
  if (family === undefined) return { ok: false, error: `${valType} is not a reference type` };
  const raw = text.trim().toLowerCase();
  const nullable = !/^\(ref [a-z0-9]+\)$/.test(valType);
  if (raw === '' || raw === 'null' || raw === 'ref.null') {
    if (!nullable) return { ok: false, error: `${valType} cannot be null: pick a reference` };
    return { ok: true, value: { type: family, ref: null } };
  }
  const match = /^#?([0-9]+)$/.exec(raw.split(/\s/)[0]);
  if (!match) return { ok: false, error: `${valType}: expected null or #n, a known reference` };
  const handle = Number(match[1]);
  const ref = known.find((k) => k.handle === handle);
  if (!ref) return { ok: false, error: `#${handle} is not a known reference` };
  if (ref.family !== family)
    return { ok: false, error: `#${handle} is a ${ref.family}, not a ${valType}` };
  return { ok: true, value: { type: family, ref: handle } };
}

/**
 * Parses `text` as a value of `valType` (`i32`, `f64`, `v128`, `funcref`, `(ref extern)`, …).
 * `known` are the references the user may name with `#n`.
 *
 * @example
 * ```ts
 * parseValue('0xffffffff', 'i32'); // { ok: true, value: { type: 'i32', value: -1 } }
 * parseValue('nan:0x1', 'f32'); // { ok: true, value: { type: 'f32', bits: 0x7f800001 } }
 * ```
 */
export function parseValue(
  text: string,
  valType: string,
  known: readonly KnownRef[] = [],
): ParsedValue {
  switch (valType) {
    case 'i32':
      return parseIntType(text, 32);
    case 'i64':
      return parseIntType(text, 64);
    case 'f32':
      return parseFloatType(text, 32);
    case 'f64':
      return parseFloatType(text, 64);
    case 'v128':
      return parseV128(text);
    default:
      return parseRef(text, valType, known);
  }
}

/** Shortest decimal text of an f32 that reads back to the same f32. */
function f32Text(value: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

function floatText(bits: bigint, width: 32 | 64): string {
  const exponentMask = width === 32 ? 0xffn : 0x7ffn;
  const mantissaBits = width === 32 ? 23n : 52n;
  const sign = (bits >> BigInt(width - 1)) & 1n ? '-' : '';
  const exponent = (bits >> mantissaBits) & exponentMask;
  const mantissa = bits & ((1n << mantissaBits) - 1n);
  if (exponent === exponentMask) {
    if (mantissa === 0n) return `${sign}inf`;
    const canonical = 1n << (mantissaBits - 1n);
    return mantissa === canonical ? `${sign}nan` : `${sign}nan:0x${mantissa.toString(16)}`;
  }
  if (width === 32) {
    scratch.setUint32(0, Number(bits));
    const value = scratch.getFloat32(0);
    return Object.is(value, -0) ? '-0' : f32Text(value);
  }
  scratch.setBigUint64(0, bits);
  const value = scratch.getFloat64(0);
  return Object.is(value, -0) ? '-0' : String(value);
}

/** A value shown: `text` parses back to the same bits; `detail` is its hex form. */
export interface ValueText {
  text: string;
  detail: string;
}

/**
 * Text for `value`: integers signed in decimal (hex in the detail), floats in shortest decimal
 * or `nan:0x…` (bits in the detail), v128 as one hex number (lanes in the detail), references
 * as `null` or `#n` with their label.
 */
export function formatValue(value: SandboxVal): ValueText {
  switch (value.type) {
    case 'i32':
      return { text: String(value.value), detail: `0x${(value.value >>> 0).toString(16)}` };
    case 'i64':
      return {
        text: String(value.value),
        detail: `0x${BigInt.asUintN(64, value.value).toString(16)}`,
      };
    case 'f32':
      return {
        text: floatText(BigInt(value.bits), 32),
        detail: `0x${value.bits.toString(16).padStart(8, '0')}`,
      };
    case 'f64':
      return {
        text: floatText(value.bits, 64),
        detail: `0x${value.bits.toString(16).padStart(16, '0')}`,
      };
    case 'v128': {
      let big = '';
      for (let i = 30; i >= 0; i -= 2) big += value.hex.slice(i, i + 2);
      const lanes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const hex = value.hex.slice(8 * i, 8 * i + 8);
        let word = '';
        for (let b = 6; b >= 0; b -= 2) word += hex.slice(b, b + 2);
        lanes.push(parseInt(word, 16) | 0);
      }
      return { text: `0x${big}`, detail: `i32x4 ${lanes.join(' ')}` };
    }
    default:
      return value.ref === null
        ? { text: 'null', detail: value.label ?? `${value.type} null` }
        : { text: `#${value.ref}`, detail: value.label ?? value.type };
  }
}

/** The default text of a field of `valType` (zero, or `null`). */
export function defaultText(valType: string): string {
  if (valType === 'v128') return 'i32x4 0 0 0 0';
  if (refFamilyOf(valType) !== undefined) return 'null';
  return '0';
}

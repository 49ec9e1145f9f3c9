/**
 * Exact parsing of WebAssembly text-format numeric literals into bit patterns. Floats are
 * rounded from the exact rational value with BigInt arithmetic, because going through a JS
 * double first would round twice and get f32 halfway cases (float_literals.wast) wrong.
 */

/** IEEE 754 binary layout of one float type. */
interface FloatFormat {
  /** Significand bits including the implicit leading one. */
  precision: number;
  exponentBits: number;
}

const F32: FloatFormat = { precision: 24, exponentBits: 8 };
const F64: FloatFormat = { precision: 53, exponentBits: 11 };

/** Parses an integer literal (`-0x10`, `1_000`) into a BigInt, sign included. */
export function parseIntLiteral(text: string): bigint {
  let body = text.replaceAll('_', '');
  let negative = false;
  if (body.startsWith('-') || body.startsWith('+')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(body)) throw new Error(`bad integer literal ${text}`);
  const magnitude = BigInt(body);
  return negative ? -magnitude : magnitude;
}

/** An integer literal wrapped to `bits` bits, as an unsigned BigInt. */
export function parseIntBits(text: string, bits: 8 | 16 | 32 | 64): bigint {
  return BigInt.asUintN(bits, parseIntLiteral(text));
}

/** Bit pattern of an f32 literal. */
export function parseF32Bits(text: string): bigint {
  return parseFloatBits(text, F32);
}

/** Bit pattern of an f64 literal. */
export function parseF64Bits(text: string): bigint {
  return parseFloatBits(text, F64);
}

/** True when `text` is an f32/f64 NaN literal with any payload. */
export function isNanLiteral(text: string): boolean {
  return /^[+-]?nan(:0x[0-9a-fA-F_]+)?$/.test(text);
}

function parseFloatBits(text: string, format: FloatFormat): bigint {
  let body = text.replaceAll('_', '');
  let negative = false;
  if (body.startsWith('-') || body.startsWith('+')) {
    negative = body.startsWith('-');
    body = body.slice(1);
  }
  const mantissaBits = BigInt(format.precision - 1);
  const exponentMax = (1n << BigInt(format.exponentBits)) - 1n;
  const sign = negative ? 1n << (mantissaBits + BigInt(format.exponentBits)) : 0n;
  if (body === 'inf') return sign | (exponentMax << mantissaBits);
  if (body === 'nan') return sign | (exponentMax << mantissaBits) | (1n << (mantissaBits - 1n));
  if (body.startsWith('nan:0x')) {
    const payload = BigInt(body.slice(4));
    if (payload === 0n || payload >> mantissaBits !== 0n) throw new Error(`bad NaN ${text}`);
    return sign | (exponentMax << mantissaBits) | payload;
  }
  const [numerator, denominator] = parseRational(body, text);
  return sign | roundRational(numerator, denominator, format);
}

/** The exact value of an unsigned decimal or hex float literal as numerator/denominator. */
function parseRational(body: string, original: string): [bigint, bigint] {
  const hex = body.startsWith('0x');
  const match = hex
    ? /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(body)
    : /^([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(body);
  if (!match || (match[1] === '' && !match[2])) throw new Error(`bad float literal ${original}`);
  const whole = match[1];
  const fraction = match[2] ?? '';
  const exponent = BigInt(match[3] ?? '0');
  const radix = hex ? 16n : 10n;
  const digits = BigInt((hex ? '0x' : '') + (whole + fraction || '0'));
  // value = digits * radix^-len(fraction) * base^exponent, with base 2 for hex, 10 for decimal.
  let numerator = digits;
  let denominator = radix ** BigInt(fraction.length);
  const base = hex ? 2n : 10n;
  if (exponent >= 0n) numerator *= base ** exponent;
  else denominator *= base ** -exponent;
  return [numerator, denominator];
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** Rounds a non-negative rational to the nearest float (ties to even); returns unsigned bits. */
function roundRational(numerator: bigint, denominator: bigint, format: FloatFormat): bigint {
  const mantissaBits = BigInt(format.precision - 1);
  const bias = (1 << (format.exponentBits - 1)) - 1;
  if (numerator === 0n) return 0n;
  // Find e with 2^e <= n/d < 2^(e+1).
  let exponent = bitLength(numerator) - bitLength(denominator);
  const atLeast = (e: number) =>
    e >= 0 ? numerator >= denominator << BigInt(e) : numerator << BigInt(-e) >= denominator;
  if (!atLeast(exponent)) exponent--;
  const minExponent = 1 - bias;
  if (exponent < minExponent) exponent = minExponent;
  // Scale so the significand has `precision` integer bits (fewer when subnormal).
  const shift = format.precision - 1 - exponent;
  const scaledNumerator = shift >= 0 ? numerator << BigInt(shift) : numerator;
  const scaledDenominator = shift >= 0 ? denominator : denominator << BigInt(-shift);
  let significand = scaledNumerator / scaledDenominator;
  const remainder = scaledNumerator - significand * scaledDenominator;
  const twice = remainder * 2n;
  if (twice > scaledDenominator || (twice === scaledDenominator && (significand & 1n) === 1n)) {
    significand++;
  }
  if (significand === 1n << BigInt(format.precision)) {
    significand >>= 1n;
    exponent++;
  }
  // The text format rejects finite literals that round to infinity.
  if (exponent > bias) throw new Error('float literal out of range');
  if (significand < 1n << mantissaBits) return significand; // subnormal: exponent field 0
  return (BigInt(exponent + bias) << mantissaBits) | (significand - (1n << mantissaBits));
}

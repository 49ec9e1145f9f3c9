/**
 * Float literals exactly as wabt writes them: a hexadecimal significand (`0x1.8p+0`),
 * `inf`, `nan` or `nan:0x…` for non-canonical payloads, followed by a `(;=…;)` comment holding
 * C's `%g` rendering of the value.
 */

/** wabt's hex text of an f32 given as raw bits. */
export function f32Hex(bits: number): string {
  return floatHex(BigInt(bits >>> 0), 23, 8);
}

/** wabt's hex text of an f64 given as raw bits. */
export function f64Hex(bits: bigint): string {
  return floatHex(BigInt.asUintN(64, bits), 52, 11);
}

/** Scratch space for reinterpreting bits as floats. */
const scratch = new DataView(new ArrayBuffer(8));

/** The `%g` comment of an f32 (printf promotes it to double first). */
export function f32Comment(bits: number): string {
  scratch.setUint32(0, bits >>> 0);
  return formatG(scratch.getFloat32(0), bits >>> 31 === 1);
}

/** The `%g` comment of an f64. */
export function f64Comment(bits: bigint): string {
  const unsigned = BigInt.asUintN(64, bits);
  scratch.setBigUint64(0, unsigned);
  return formatG(scratch.getFloat64(0), unsigned >> 63n === 1n);
}

function floatHex(bits: bigint, sigBits: number, expBits: number): string {
  const sigMask = (1n << BigInt(sigBits)) - 1n;
  const expMask = (1 << expBits) - 1;
  const bias = expMask >> 1;
  const negative = bits >> BigInt(sigBits + expBits) === 1n;
  const expField = Number((bits >> BigInt(sigBits)) & BigInt(expMask));
  let sig = bits & sigMask;
  const sign = negative ? '-' : '';
  if (expField === expMask) {
    if (sig === 0n) return `${sign}inf`;
    const quietNan = 1n << BigInt(sigBits - 1);
    return sig === quietNan ? `${sign}nan` : `${sign}nan:0x${sig.toString(16)}`;
  }
  if (expField === 0 && sig === 0n) return `${sign}0x0p+0`;
  let exp = expField - bias;
  // wabt writes the '.' of a subnormal even when no fraction digits follow (`0x1.p-149`)
  const subnormal = expField === 0;
  if (subnormal) {
    // Subnormal: normalise so the leading one becomes the implicit bit.
    const width = sig.toString(2).length;
    const shift = sigBits - width + 1;
    sig = (sig << BigInt(shift)) & sigMask;
    exp = 1 - bias - shift;
  }
  // Hex digits of the significand, left-aligned to whole nybbles, trailing zeros dropped.
  const nybbles = Math.ceil(sigBits / 4);
  const aligned = sig << BigInt(nybbles * 4 - sigBits);
  const digits = aligned.toString(16).padStart(nybbles, '0').replace(/0+$/, '');
  const fraction = digits === '' && !subnormal ? '' : `.${digits}`;
  return `${sign}0x1${fraction}p${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

/**
 * C's `printf("%g", value)`: six significant digits, trailing zeros removed. Rounds the exact
 * binary value half-to-even as C libraries do; JavaScript's `toExponential` would round exact
 * ties (such as 1000.125) up instead.
 */
export function formatG(value: number, negative: boolean): string {
  if (Number.isNaN(value)) return negative ? '-nan' : 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return negative || Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const { digits, exp } = sixDigits(Math.abs(value));
  if (exp < -4 || exp >= 6) {
    const mantissa = stripZeros(`${digits[0]}.${digits.slice(1)}`);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}${stripZeros(`0.${'0'.repeat(-exp - 1)}${digits}`)}`;
  return `${sign}${stripZeros(`${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`)}`;
}

/**
 * Six significant digits of a positive finite double and the decimal exponent of the first.
 * `toExponential` rounds correctly except on exact ties, so only an apparent tie (a 5 and then
 * zeros as far as 21 digits show) pays for the exact BigInt expansion.
 */
function sixDigits(value: number): { digits: string; exp: number } {
  const wide = value.toExponential(20);
  const dropped = wide.slice(7, wide.indexOf('e'));
  if (!/^50*$/.test(dropped)) {
    const [mantissa, expText] = value.toExponential(5).split('e');
    return { digits: mantissa.replace('.', ''), exp: Number(expText) };
  }
  return roundedDigits(value, 6);
}

/**
 * The first `precision` significant decimal digits of a positive finite double, rounded half to
 * even from its exact value, with the decimal exponent of the first digit.
 */
function roundedDigits(value: number, precision: number): { digits: string; exp: number } {
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  const expField = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = expField === 0 ? fraction : fraction | (1n << 52n);
  const exp2 = (expField === 0 ? 1 : expField) - 1075;
  // value = mantissa * 2^exp2 = exact * 10^-scale, with `exact` an integer
  const exact = exp2 >= 0 ? mantissa << BigInt(exp2) : mantissa * 5n ** BigInt(-exp2);
  const scale = exp2 >= 0 ? 0 : -exp2;
  const all = exact.toString();
  let exp = all.length - 1 - scale;
  let digits = all.slice(0, precision).padEnd(precision, '0');
  const rest = all.slice(precision);
  const firstDropped = rest.charCodeAt(0) - 48;
  const tieOrAbove =
    firstDropped > 5 ||
    (firstDropped === 5 &&
      (/[1-9]/.test(rest.slice(1)) || Number(digits[precision - 1]) % 2 === 1));
  if (rest !== '' && tieOrAbove) {
    const rounded = (BigInt(digits) + 1n).toString();
    if (rounded.length > precision) {
      exp++;
      digits = rounded.slice(0, precision);
    } else digits = rounded;
  }
  return { digits, exp };
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

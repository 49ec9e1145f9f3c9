/**
 * Conversions between the JSON value specs of `commands.ts` and runtime-layer `Val`s, and
 * the bit-exact comparison of results against expectations (NaN classes per lane included).
 * Environment-neutral: runs in Node and in the browser bundle.
 */
import {
  AnyRef,
  ExternRef,
  Val,
  refTypeParts,
  type Store,
  type ValType,
} from '../../src/runtime/index.ts';
import type { ArgValue, ExpectedValue, FloatPattern, V128Shape } from './commands.ts';

const scratch = new DataView(new ArrayBuffer(8));

function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits, true);
  return scratch.getFloat32(0, true);
}

function f64FromBits(bits: bigint): number {
  scratch.setBigUint64(0, bits, true);
  return scratch.getFloat64(0, true);
}

function f32Bits(value: number): bigint {
  scratch.setFloat32(0, value, true);
  return BigInt(scratch.getUint32(0, true));
}

function f64Bits(value: number): bigint {
  scratch.setFloat64(0, value, true);
  return scratch.getBigUint64(0, true);
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Host references by payload, so `(ref.extern 1)` is the same object every time in a store. */
export class ExternRefs {
  private readonly byPayload = new Map<number, ExternRef>();
  constructor(private readonly store: Store<unknown>) {}

  /** The host reference carrying `payload`, as an anyref (internalized). */
  anyref(payload: number): AnyRef {
    return AnyRef.fromExtern(this.store, this.get(payload));
  }

  /** The one ExternRef carrying `payload` in this store. */
  get(payload: number): ExternRef {
    let ref = this.byPayload.get(payload);
    if (!ref) {
      ref = ExternRef.new(this.store, payload);
      this.byPayload.set(payload, ref);
    }
    return ref;
  }
}

const NULL_FAMILY: Record<string, 'funcref' | 'externref' | 'anyref' | 'exnref'> = {
  func: 'funcref',
  nofunc: 'funcref',
  extern: 'externref',
  noextern: 'externref',
  exn: 'exnref',
  noexn: 'exnref',
};

/**
 * Builds the runtime value of an argument. `declared` is the parameter type: it decides the
 * hierarchy of a `ref.null` and whether a host reference is passed as an externref or, as
 * an internalized host value, as an anyref.
 */
export function toVal(arg: ArgValue, declared: ValType | undefined, refs: ExternRefs): Val {
  const family = declared === undefined ? undefined : refTypeParts(declared)?.family;
  switch (arg.type) {
    case 'i32':
      return Val.i32(arg.bits);
    case 'i64':
      return Val.i64(BigInt(arg.bits));
    case 'f32':
      return Val.f32(f32FromBits(arg.bits));
    case 'f64':
      return Val.f64(f64FromBits(BigInt(arg.bits)));
    case 'v128':
      return Val.v128(hexToBytes(arg.hex));
    case 'ref.null': {
      const hierarchy =
        family === 'funcref' || family === 'externref' || family === 'anyref' || family === 'exnref'
          ? family
          : (NULL_FAMILY[arg.heap] ?? 'anyref');
      return { type: hierarchy, value: null } as Val;
    }
    case 'ref.extern':
    case 'ref.host':
      return family === 'anyref'
        ? Val.anyref(refs.anyref(arg.payload))
        : Val.externref(refs.get(arg.payload));
  }
}

function floatMatches(bits: bigint, pattern: FloatPattern, width: 32 | 64): boolean {
  const exponentAndQuiet = width === 32 ? 0x7fc0_0000n : 0x7ff8_0000_0000_0000n;
  const magnitude = width === 32 ? 0x7fff_ffffn : 0x7fff_ffff_ffff_ffffn;
  if (pattern.kind === 'nan:canonical') return (bits & magnitude) === exponentAndQuiet;
  if (pattern.kind === 'nan:arithmetic') return (bits & exponentAndQuiet) === exponentAndQuiet;
  return bits === BigInt(pattern.bits);
}

const LANE_BYTES: Record<V128Shape, number> = {
  i8x16: 1,
  i16x8: 2,
  i32x4: 4,
  i64x2: 8,
  f32x4: 4,
  f64x2: 8,
};

function v128Matches(bytes: Uint8Array, shape: V128Shape, lanes: (string | FloatPattern)[]) {
  const size = LANE_BYTES[shape];
  return lanes.every((lane, index) => {
    let bits = 0n;
    for (let byte = size - 1; byte >= 0; byte--) {
      bits = (bits << 8n) | BigInt(bytes[index * size + byte]);
    }
    if (typeof lane === 'string') return bits === BigInt(lane);
    return floatMatches(bits, lane, size === 4 ? 32 : 64);
  });
}

/**
 * A result as compared: numbers as exact bit patterns (so a result that came back through
 * the bit-exact adapter compares like one that did not), vectors and references as values.
 */
export type Observed =
  | { type: 'i32' | 'i64' | 'f32' | 'f64'; bits: bigint }
  | Extract<Val, { type: 'v128' | 'funcref' | 'externref' | 'anyref' | 'exnref' }>;

/** The observed form of a result returned directly. */
export function observe(value: Val): Observed {
  switch (value.type) {
    case 'i32':
      return { type: 'i32', bits: BigInt(value.value >>> 0) };
    case 'i64':
      return { type: 'i64', bits: BigInt.asUintN(64, value.value) };
    case 'f32':
      return { type: 'f32', bits: f32Bits(value.value) };
    case 'f64':
      return { type: 'f64', bits: f64Bits(value.value) };
    default:
      return value;
  }
}

/** The observed form of a result of declared type `declared` that came back as bits. */
export function observeBits(value: Val, declared: ValType): Observed {
  const observed = observe(value);
  if ('bits' in observed && (declared === 'f32' || declared === 'f64')) {
    return { type: declared, bits: observed.bits };
  }
  return observed;
}

/** The argument as the bit-exact adapter takes it: floats as same-width integer bits. */
export function toBitsVal(arg: ArgValue, declared: ValType | undefined, refs: ExternRefs): Val {
  if (arg.type === 'f32') return Val.i32(arg.bits);
  if (arg.type === 'f64') return Val.i64(BigInt.asIntN(64, BigInt(arg.bits)));
  return toVal(arg, declared, refs);
}

function isSignallingNan(bits: bigint, width: 32 | 64): boolean {
  const exponent = width === 32 ? 0x7f80_0000n : 0x7ff0_0000_0000_0000n;
  const quiet = width === 32 ? 0x40_0000n : 0x8_0000_0000_0000n;
  const payload = quiet * 2n - 1n;
  return (bits & exponent) === exponent && (bits & payload) !== 0n && (bits & quiet) === 0n;
}

function expectsSignallingNan(expected: ExpectedValue): boolean {
  if (expected.type === 'either') return expected.options.some(expectsSignallingNan);
  if ((expected.type === 'f32' || expected.type === 'f64') && expected.pattern.kind === 'bits') {
    return isSignallingNan(BigInt(expected.pattern.bits), expected.type === 'f32' ? 32 : 64);
  }
  return false;
}

/**
 * Whether a call passes or expects a signalling NaN scalar: one that would turn quiet on
 * its way through a JS number, so the call must use the bit-exact adapter.
 */
export function needsBitExactCall(args: ArgValue[], expected: ExpectedValue[] = []): boolean {
  return (
    args.some(
      (arg) =>
        (arg.type === 'f32' && isSignallingNan(BigInt(arg.bits), 32)) ||
        (arg.type === 'f64' && isSignallingNan(BigInt(arg.bits), 64)),
    ) || expected.some(expectsSignallingNan)
  );
}

/** Whether a result satisfies an expectation. */
export function matches(actual: Observed, expected: ExpectedValue, store: Store<unknown>): boolean {
  switch (expected.type) {
    case 'either':
      return expected.options.some((option) => matches(actual, option, store));
    case 'i32':
    case 'i64':
      return actual.type === expected.type && actual.bits === BigInt(expected.bits);
    case 'f32':
    case 'f64':
      return (
        actual.type === expected.type &&
        floatMatches(actual.bits, expected.pattern, expected.type === 'f32' ? 32 : 64)
      );
    case 'v128':
      return actual.type === 'v128' && v128Matches(actual.value, expected.shape, expected.lanes);
    case 'ref.null':
      return (
        'value' in actual &&
        actual.type !== 'v128' &&
        actual.value === null &&
        (expected.heap === '' || actual.type === (NULL_FAMILY[expected.heap] ?? 'anyref'))
      );
    case 'ref.func':
      return actual.type === 'funcref' && actual.value !== null;
    case 'ref.extern':
    case 'ref.host': {
      const host = hostRef(actual, store);
      return (
        host !== undefined &&
        (expected.payload === undefined || host.downcast(store) === expected.payload)
      );
    }
    case 'ref.gc':
      return gcMatches(actual, expected.kind, store);
  }
}

/** The host reference a result carries: an externref, or an anyref that internalized one. */
function hostRef(actual: Observed, store: Store<unknown>): ExternRef | undefined {
  if (actual.type === 'externref') return actual.value ?? undefined;
  if (actual.type === 'anyref' && actual.value?.kind(store) === 'host') {
    return actual.value.toExtern(store);
  }
  return undefined;
}

/** Whether a result is a non-null reference of GC kind `kind` (`any`, `eq`, `i31`, …). */
function gcMatches(actual: Observed, kind: string, store: Store<unknown>): boolean {
  if (actual.type !== 'anyref' || actual.value === null) return false;
  const actualKind = actual.value.kind(store);
  switch (kind) {
    case 'any':
      return true;
    case 'eq':
      return actualKind !== 'host';
    default:
      return actualKind === kind;
  }
}

/** A short display of a result for failure messages. */
export function describeObserved(value: Observed): string {
  if ('bits' in value) return `${value.type}:0x${value.bits.toString(16)}`;
  if (value.type === 'v128') {
    return `v128:${Array.from(value.value, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  return `${value.type}:${value.value === null ? 'null' : 'non-null'}`;
}

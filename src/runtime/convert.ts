/**
 * Value conversion between tagged `Val`s and the values of the WebAssembly JS API. Every
 * conversion is against a declared type: a value of another type, or a payload that does not
 * fit, is a `type` error instead of a silent coercion. It wraps no JS API object.
 *
 * A leaf of the runtime's imports, as the reference crate's `conversion.rs` is: it knows a
 * `Func` only by its {@link IS_FUNC} mark and its `toWasm`, and turns a funcref read from wasm
 * into a `Func` through the engine (`funcFromWasm`), so `Func` can use it without a cycle.
 */
import { AnyRef, type AnyRefKind } from './anyref.ts';
import { LayerError } from './errors.ts';
import { ExnRef } from './exnref.ts';
import { ExternRef } from './externref.ts';
import type { Func } from './func.ts';
import { funcFromWasm, type FuncIndexSpace } from './func-origins.ts';
import type { StoreState } from './store.ts';
import { REF_TYPES, refTypeParts, type RefTypeParts, type ValType } from './types.ts';
import { FloatVal, IS_FUNC, describeVal, type Val } from './values.ts';

/** Converts a checked value to its JS API form. `what` names the slot for messages. */
export type ToJs = (v: Val, state: StoreState, what: string) => unknown;
/** Converts a JS API value of a known type to a tagged value. */
export type FromJs = (x: unknown, state: StoreState, space?: FuncIndexSpace) => Val;

function mismatch(what: string, expected: ValType, v: unknown): LayerError {
  return new LayerError('type', `${what}: expected ${expected} but found ${describeVal(v)}`);
}

/** Fails with `type` unless `v` is a well-formed value of type `expected`. */
export function checkVal(v: Val, expected: ValType, what: string): void {
  if (typeof v !== 'object' || v === null) throw mismatch(what, expected, v);
  const x: unknown = v.value;
  switch (expected) {
    case 'i32':
      if (v.type !== expected || typeof x !== 'number' || (x | 0) !== x)
        throw mismatch(what, expected, v);
      return;
    case 'i64':
      if (v.type !== expected || typeof x !== 'bigint' || BigInt.asIntN(64, x) !== x)
        throw mismatch(what, expected, v);
      return;
    case 'f32':
    case 'f64':
      if (v.type !== expected || typeof x !== 'number') throw mismatch(what, expected, v);
      return;
    case 'v128':
      if (v.type !== expected || !(x instanceof Uint8Array) || x.length !== 16)
        throw mismatch(what, expected, v);
      return;
    default:
      checkRef(v, expected, what);
  }
}

const BOTTOM = new Set(['none', 'nofunc', 'noextern', 'noexn']);

// A reference is checked for its hierarchy, nullability and, in the any hierarchy, its
// abstract kind (i31, struct, array, host) here; the engine checks a concrete type (a function
// signature, a struct type) where the value enters wasm.
function checkRef(v: Val, expected: ValType, what: string): void {
  const parts = refTypeParts(expected);
  if (parts === undefined || v == null) throw mismatch(what, expected, v);
  const x: unknown = v.value;
  if (v.type !== parts.family) throw mismatch(what, expected, v);
  if (x === null) {
    if (!parts.nullable) throw mismatch(what, expected, v);
    return;
  }
  const held =
    parts.family === 'funcref'
      ? isFunc(x)
      : x instanceof
        (parts.family === 'externref' ? ExternRef : parts.family === 'anyref' ? AnyRef : ExnRef);
  if (!held || BOTTOM.has(parts.heap)) throw mismatch(what, expected, v);
  if (x instanceof AnyRef && !anyKindFits(x.heapKind(), parts.heap)) {
    throw mismatch(what, expected, v);
  }
}

function isFunc(x: unknown): x is Func {
  return typeof x === 'object' && x !== null && (x as { [IS_FUNC]?: unknown })[IS_FUNC] === true;
}

// Whether a GC reference of `kind` is of abstract heap type `heap` (concrete struct and array
// types are checked by the engine, which the host side of a call does not reach).
function anyKindFits(kind: AnyRefKind, heap: string): boolean {
  switch (heap) {
    case 'eq':
      return kind !== 'host';
    case 'i31':
    case 'struct':
    case 'array':
      return kind === heap;
    default:
      return true;
  }
}

const i32ToJs: ToJs = (v, _state, what) => {
  // The common case costs a few comparisons; anything else (null, a bigint) takes the full
  // check, which words the error.
  if (v != null && v.type === 'i32' && typeof v.value === 'number' && (v.value | 0) === v.value)
    return v.value;
  checkVal(v, 'i32', what);
  return v.value;
};
const i64ToJs: ToJs = (v, _state, what) => {
  checkVal(v, 'i64', what);
  return v.value;
};
const f32ToJs: ToJs = (v, _state, what) => {
  if (v == null || v.type !== 'f32' || typeof v.value !== 'number') throw mismatch(what, 'f32', v);
  return v.value;
};
const f64ToJs: ToJs = (v, _state, what) => {
  if (v == null || v.type !== 'f64' || typeof v.value !== 'number') throw mismatch(what, 'f64', v);
  return v.value;
};
const v128ToJs: ToJs = (_v, _state, what) => {
  throw new LayerError('type', `${what}: a v128 cannot be passed to the JS API directly`);
};
const NUMERIC_TO_JS: Record<string, ToJs> = {
  i32: i32ToJs,
  i64: i64ToJs,
  f32: f32ToJs,
  f64: f64ToJs,
  v128: v128ToJs,
};

const NUMERIC_FROM_JS: Record<string, FromJs> = {
  i32: (x) => ({ type: 'i32', value: x as number }),
  i64: (x) => ({ type: 'i64', value: x as bigint }),
  f32: (x) => new FloatVal('f32', x as number) as Val,
  f64: (x) => new FloatVal('f64', x as number) as Val,
  v128: () => {
    throw new LayerError('type', 'a v128 cannot be read from the JS API directly');
  },
};

/** The converter of references of type `t` (checked for hierarchy and null) to the JS API. */
function refToJsFor(t: ValType): ToJs {
  return (v, state, what) => {
    checkRef(v, t, what);
    const x = v.value as Func | ExternRef | AnyRef | null;
    return x === null ? null : x.toWasm(state);
  };
}

const FUNCREF_FROM_JS: FromJs = (x, state, space) => ({
  type: 'funcref',
  value: x === null ? null : funcFromWasm(state, x, space),
});
const EXTERNREF_FROM_JS: FromJs = (x, state) => ({
  type: 'externref',
  value: x === null ? null : ExternRef.fromWasm(state, x),
});
const ANYREF_FROM_JS: FromJs = (x, state) => ({
  type: 'anyref',
  value: x === null ? null : AnyRef.fromWasm(state, x),
});
// The JS API cannot carry an exnref: adapters hand JS a slot of the store's exnref box
// instead (-1 for null), and take one (see `exnref.ts`). Nothing else reaches these two.
const EXNREF_FROM_JS: FromJs = (x, state) => ({
  type: 'exnref',
  value: x === -1 ? null : ExnRef.fromSlot(state, x as number),
});

/** The converter of exnrefs of type `t` to the slot adapters take. */
function exnToJsFor(t: ValType): ToJs {
  return (v, state, what) => {
    checkRef(v, t, what);
    const x = v.value as ExnRef | null;
    return x === null ? -1 : x.toWasm(state);
  };
}
const FROM_JS_BY_FAMILY = {
  funcref: FUNCREF_FROM_JS,
  externref: EXTERNREF_FROM_JS,
  anyref: ANYREF_FROM_JS,
  exnref: EXNREF_FROM_JS,
};

const TO_JS = new Map<ValType, ToJs>();
const FROM_JS = new Map<ValType, FromJs>();
for (const t of Object.keys(NUMERIC_TO_JS) as ValType[]) {
  TO_JS.set(t, NUMERIC_TO_JS[t]);
  FROM_JS.set(t, NUMERIC_FROM_JS[t]);
}
for (const t of REF_TYPES) {
  const family = (refTypeParts(t) as RefTypeParts).family;
  TO_JS.set(t, family === 'exnref' ? exnToJsFor(t) : refToJsFor(t));
  FROM_JS.set(t, FROM_JS_BY_FAMILY[family]);
}

function unknownType(t: unknown): never {
  throw new LayerError('type', `expected a value type but found ${String(t)}`);
}

/** The converter of values of type `t` to the JS API. */
export function toJsFor(t: ValType): ToJs {
  return TO_JS.get(t) ?? unknownType(t);
}

/** The converter of JS API values of type `t` to tagged values. */
export function fromJsFor(t: ValType): FromJs {
  return FROM_JS.get(t) ?? unknownType(t);
}

/** Checks `v` against `t` (owner included for references) and converts it to the JS API. */
export function toJs(v: Val, t: ValType, state: StoreState, what: string): unknown {
  return toJsFor(t)(v, state, what);
}

/** Converts a JS API value of type `t` to a tagged value. */
export function fromJs(x: unknown, t: ValType, state: StoreState, space?: FuncIndexSpace): Val {
  return fromJsFor(t)(x, state, space);
}

/**
 * Value conversion between tagged `Val`s and the values of the WebAssembly JS API. Every
 * conversion is against a declared type: a value of another type, or a payload that does not
 * fit, is a `type` error instead of a silent coercion. It wraps no JS API object.
 */
import { LayerError } from './errors.ts';
import { ExternRef } from './externref.ts';
import { Func } from './func.ts';
import { funcFromWasm, type FuncIndexSpace } from './func-origins.ts';
import type { StoreState } from './store.ts';
import type { ValType } from './types.ts';
import { FloatVal, describeVal, type Val } from './values.ts';

/** Converts a checked value to its JS API form. `what` names the slot for messages. */
export type ToJs = (v: Val, state: StoreState, what: string) => unknown;
/** Converts a JS API value of a known type to a tagged value. */
export type FromJs = (x: unknown, state: StoreState, space?: FuncIndexSpace) => Val;

function mismatch(what: string, expected: ValType, v: unknown): LayerError {
  return new LayerError('type', `${what}: expected ${expected} but found ${describeVal(v)}`);
}

/** Fails with `type` unless `v` is a well-formed value of type `expected`. */
export function checkVal(v: Val, expected: ValType, what: string): void {
  if (typeof v !== 'object' || v === null || v.type !== expected) throw mismatch(what, expected, v);
  const x: unknown = v.value;
  switch (expected) {
    case 'i32':
      if (typeof x !== 'number' || (x | 0) !== x) throw mismatch(what, expected, v);
      return;
    case 'i64':
      if (typeof x !== 'bigint' || BigInt.asIntN(64, x) !== x) throw mismatch(what, expected, v);
      return;
    case 'f32':
    case 'f64':
      if (typeof x !== 'number') throw mismatch(what, expected, v);
      return;
    case 'v128':
      if (!(x instanceof Uint8Array) || x.length !== 16) throw mismatch(what, expected, v);
      return;
    case 'funcref':
      if (x !== null && !(x instanceof Func)) throw mismatch(what, expected, v);
      return;
    case 'externref':
      if (x !== null && !(x instanceof ExternRef)) throw mismatch(what, expected, v);
      return;
  }
}

const i32ToJs: ToJs = (v, _state, what) => {
  // The common case costs two comparisons; anything else takes the full check.
  if (v.type === 'i32' && (v.value | 0) === v.value) return v.value;
  checkVal(v, 'i32', what);
  return v.value;
};
const i64ToJs: ToJs = (v, _state, what) => {
  checkVal(v, 'i64', what);
  return v.value;
};
const f32ToJs: ToJs = (v, _state, what) => {
  if (v.type !== 'f32' || typeof v.value !== 'number') throw mismatch(what, 'f32', v);
  return v.value;
};
const f64ToJs: ToJs = (v, _state, what) => {
  if (v.type !== 'f64' || typeof v.value !== 'number') throw mismatch(what, 'f64', v);
  return v.value;
};
const v128ToJs: ToJs = (_v, _state, what) => {
  throw new LayerError('type', `${what}: a v128 cannot be passed to the JS API directly`);
};
const funcrefToJs: ToJs = (v, state, what) => {
  checkVal(v, 'funcref', what);
  return v.value === null ? null : (v.value as Func).toWasm(state);
};
const externrefToJs: ToJs = (v, state, what) => {
  checkVal(v, 'externref', what);
  return v.value === null ? null : (v.value as ExternRef).toWasm(state);
};

const TO_JS: Record<ValType, ToJs> = {
  i32: i32ToJs,
  i64: i64ToJs,
  f32: f32ToJs,
  f64: f64ToJs,
  v128: v128ToJs,
  funcref: funcrefToJs,
  externref: externrefToJs,
};

const FROM_JS: Record<ValType, FromJs> = {
  i32: (x) => ({ type: 'i32', value: x as number }),
  i64: (x) => ({ type: 'i64', value: x as bigint }),
  f32: (x) => new FloatVal('f32', x as number) as Val,
  f64: (x) => new FloatVal('f64', x as number) as Val,
  v128: () => {
    throw new LayerError('type', 'a v128 cannot be read from the JS API directly');
  },
  funcref: (x, state, space) => ({
    type: 'funcref',
    value: x === null ? null : funcFromWasm(state, x, space),
  }),
  externref: (x, state) => ({
    type: 'externref',
    value: x === null ? null : ExternRef.fromWasm(state, x),
  }),
};

/** The converter of values of type `t` to the JS API. */
export function toJsFor(t: ValType): ToJs {
  return TO_JS[t];
}

/** The converter of JS API values of type `t` to tagged values. */
export function fromJsFor(t: ValType): FromJs {
  return FROM_JS[t];
}

/** Checks `v` against `t` (owner included for references) and converts it to the JS API. */
export function toJs(v: Val, t: ValType, state: StoreState, what: string): unknown {
  return TO_JS[t](v, state, what);
}

/** Converts a JS API value of type `t` to a tagged value. */
export function fromJs(x: unknown, t: ValType, state: StoreState, space?: FuncIndexSpace): Val {
  return FROM_JS[t](x, state, space);
}

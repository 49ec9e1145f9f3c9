/**
 * Value conversion for the call hot paths (`Func.call`, host-function callables). Same rules as
 * `convert.ts`, which these delegate to for everything but i32, f32 and f64: those are checked
 * and converted right here, in small module-level functions with no indirect call, so the
 * optimising compiler inlines them into the call path whatever mix of signatures a program
 * uses (a converter picked from a table is an indirect call that turns polymorphic as soon as
 * two signatures share the path). Wraps no JS API object.
 */
import { checkVal, fromJsFor, toJsFor } from './convert.ts';
import type { FuncIndexSpace } from './func-origins.ts';
import type { StoreState } from './store.ts';
import type { ValType } from './types.ts';
import { FloatVal, type Val } from './values.ts';

/**
 * @internal Checks `v` against `t` and returns its JS API form; `type` error (from the full
 * check, with its message) otherwise. `what` names the slot.
 */
export function valToJs(v: Val, t: ValType, state: StoreState, what: string): unknown {
  const kind = numKind(t);
  if (kind === 0) return toJsFor(t)(v, state, what);
  const x = numArg(v, kind);
  if (x !== undefined) return x;
  // `checkVal` rejects exactly what `numArg` did not accept, missing values included, and
  // words the error.
  checkVal(v, t, what);
  return v.value;
}

/**
 * @internal The tagged value of a JS API value the engine produced as type `t` (so it needs no
 * check). i32 gets a plain object, f32/f64 a `FloatVal`. `space` types a funcref that is a
 * function of the instance the value came from.
 */
export function valFromJs(x: unknown, t: ValType, state: StoreState, space?: FuncIndexSpace): Val {
  if (t === 'i32') return { type: 'i32', value: x as number };
  if (t === 'f64' || t === 'f32') return new FloatVal(t, x as number) as Val;
  return fromJsFor(t)(x, state, space);
}

/**
 * @internal A number type as a small integer, for the fast paths of all-number signatures:
 * testing it is one comparison, where a type name needs a string check first. 1 is i32, 2 is
 * f32, 3 is f64, and 0 any other type.
 */
export type NumKind = 0 | 1 | 2 | 3;

/** @internal The {@link NumKind} of `t`. */
export function numKind(t: ValType): NumKind {
  return t === 'i32' ? 1 : t === 'f32' ? 2 : t === 'f64' ? 3 : 0;
}

/**
 * @internal The number of `v` when it is a well-formed value of kind `k`, else undefined (for
 * kind 0 always): the caller then runs the full check, which words the error. Integers and
 * floats have their own branches so that each property read sees one layout of object (a
 * plain i32 object, a `FloatVal`) however many signatures share the caller's code.
 */
export function numArg(v: Val, k: NumKind): number | undefined {
  if (v == null) return undefined;
  if (k === 1) {
    if (v.type === 'i32') {
      const x = v.value;
      if (typeof x === 'number' && (x | 0) === x) return x;
    }
  } else if (k !== 0 && v.type === (k === 3 ? 'f64' : 'f32')) {
    const x = v.value;
    if (typeof x === 'number') return x;
  }
  return undefined;
}

/** @internal A fresh value of kind `k` (1 to 3) for a number the engine returned. */
export function numVal(x: number, k: NumKind): Val {
  return k === 1 ? { type: 'i32', value: x } : (new FloatVal(k === 2 ? 'f32' : 'f64', x) as Val);
}

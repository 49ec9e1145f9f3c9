/**
 * `TypedFunc`: a `Func` whose signature was checked once, when the handle was made, so that
 * each call takes and returns plain JS values and skips the per-value tag checks of
 * `Func.call` (wasmtime's and wasmi's `Func::typed`). It wraps the same exported WebAssembly
 * function (or host closure) as its `Func`, and no other JS API object.
 *
 * Each handle gets a call function picked for its signature when it is made: for a guest
 * function whose parameters and results are all numbers, one small function per arity that
 * checks the context and the ranges JS cannot enforce and calls the wasm function directly;
 * for anything else (references, v128, host functions) the `Func`'s own general path, with the
 * plain values tagged first, so every rule of `Func.call` holds unchanged.
 */
import type { REF_SHORTHANDS } from '../wasm/index.ts';
import { AnyRef } from './anyref.ts';
import { LayerError } from './errors.ts';
import { ExternRef } from './externref.ts';
import { ExnRef } from './exnref.ts';
import type { Func } from './func.ts';
import { guestError } from './guest-error.ts';
import { STATE, type AsContextMut, type Owned, type StoreState } from './store.ts';
import {
  isValType,
  refTypeParts,
  type FuncType,
  type HeapType,
  type RefType,
  type ValType,
} from './types.ts';
import { FloatVal, IS_FUNC, type Val } from './values.ts';

/**
 * The JS object of a non-null reference to abstract heap type `H` (used by {@link TypedValue}).
 */
type HeapValue<H extends HeapType> = H extends 'func'
  ? Func
  : H extends 'extern'
    ? ExternRef
    : H extends 'any' | 'eq' | 'i31' | 'struct' | 'array'
      ? AnyRef
      : H extends 'exn'
        ? ExnRef
        : never;

/**
 * The JS object of a non-null value of the nullable reference type `T` (`never` for bottom types).
 */
type NullableHeap<T extends RefType> = {
  [H in HeapType]: (typeof REF_SHORTHANDS)[H] extends T ? HeapValue<H> : never;
}[HeapType];

/**
 * The plain JS value of a value of type `T` in a {@link TypedFunc} call: `number` for i32, f32
 * and f64; `bigint` for i64; 16 little-endian bytes (`Uint8Array`) for v128; `Func`,
 * `ExternRef`, `AnyRef` or `ExnRef` for references, `| null` where the type is nullable (the
 * bottom types `nullref`, `nullfuncref`, … hold only `null`).
 */
export type TypedValue<T extends ValType> = T extends 'i32' | 'f32' | 'f64'
  ? number
  : T extends 'i64'
    ? bigint
    : T extends 'v128'
      ? Uint8Array
      : T extends `(ref ${infer H extends HeapType})`
        ? HeapValue<H>
        : T extends RefType
          ? NullableHeap<T> | null
          : never;

/** The arguments of a {@link TypedFunc} with parameter types `P`, as a tuple of plain values. */
export type TypedParams<P extends readonly ValType[]> = {
  -readonly [K in keyof P]: TypedValue<P[K]>;
};

/**
 * What a {@link TypedFunc} with result types `R` returns: `undefined` for none, the one value
 * bare, several as an array. `unknown` when `R` is not a tuple of known length.
 */
export type TypedResults<R extends readonly ValType[]> = number extends R['length']
  ? unknown
  : R extends readonly []
    ? undefined
    : R extends readonly [infer T extends ValType]
      ? TypedValue<T>
      : { -readonly [K in keyof R]: TypedValue<R[K]> };

/**
 * The type of {@link TypedFunc.call}. Written as a method's type, whose parameters TypeScript
 * compares both ways, so that a handle of a known signature is also a `TypedFunc` of unknown
 * signature (`TypedFunc<readonly ['i32'], readonly ['i32']>` is a `TypedFunc`).
 */
export type TypedCall<P extends readonly ValType[], R extends readonly ValType[]> = {
  /** Calls the function with plain values in the store of `ctx` (see {@link TypedFunc}). */
  call(ctx: AsContextMut, ...args: TypedParams<P>): TypedResults<R>;
}['call'];

/**
 * @internal What a `TypedFunc` needs of its `Func`, handed over by `Func.typed` (so this file
 * needs no run-time import of `Func`).
 */
export interface TypedTarget {
  readonly state: StoreState;
  readonly ty: FuncType;
  /** The `Func`'s label (`Func add func(i32, i32) -> i32`): messages and events name it. */
  readonly label: string;
  readonly paramLabels: readonly string[];
  /** The exported wasm function, for a guest function JS can call directly; else undefined. */
  readonly guest: CallableFunction | undefined;
  /** The `Func`'s check of a context that is not its store's live one: always throws. */
  readonly rejectContext: (ctx: unknown) => unknown;
  /** The `Func`'s general call path, with checked tagged arguments of the right count. */
  readonly callVals: (state: StoreState, args: Val[]) => Val[];
}

/**
 * A function whose signature was checked once, made by {@link Func.typed}: calls take and
 * return plain JS values (see {@link TypedValue}). Each call still checks the store (`store`
 * when it is another store's, `freed` once disposed), the argument count, that each argument
 * is of its type and, for integers, in range (i32: an integer in [-2^31, 2^32), i64: a bigint in
 * [-2^63, 2^64); unsigned input is taken as its two's complement): `type` otherwise, before the
 * guest runs. Traps, host errors, re-entrancy and registry events are exactly those of
 * {@link Func.call}.
 *
 * @example
 * ```ts
 * const add = (instance.getExport(store, 'add') as Func).typed(store, ['i32', 'i32'], ['i32']);
 * add.call(store, 2, 3); // 5
 * const divmod = divmodFunc.typed(store, ['i64', 'i64'], ['i64', 'i64']);
 * const [q, r] = divmod.call(store, 7n, 2n); // [3n, 1n]
 * ```
 */
export class TypedFunc<
  P extends readonly ValType[] = readonly ValType[],
  R extends readonly ValType[] = readonly ValType[],
> implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  /** The function this handle calls. */
  readonly func: Func;
  /**
   * Calls the function with plain arguments and returns its results: `undefined` for none, the
   * one result bare, several as an array. Fails with `type` (before the guest runs) for a wrong
   * count, a value of another type or an integer out of range; `trap` when the guest traps;
   * `host` when a host function threw; `store`/`freed` for a wrong or disposed store.
   */
  readonly call: TypedCall<P, R>;

  /** @internal Made by {@link Func.typed}. */
  constructor(func: Func, target: TypedTarget) {
    this[STATE] = target.state;
    this.func = func;
    this.call = callFor(target) as TypedFunc<P, R>['call'];
  }

  /** For messages: `TypedFunc add func(i32, i32) -> i32`. */
  toString(): string {
    return `Typed${String(this.func)}`;
  }
}

/**
 * @internal Fails with `type` unless `params` and `results` are exactly the types of `ty`.
 * `label` names the function.
 */
export function checkSignature(
  ty: FuncType,
  params: readonly ValType[],
  results: readonly ValType[],
  label: string,
): void {
  for (const [list, what] of [
    [params, 'parameter'],
    [results, 'result'],
  ] as const) {
    if (!Array.isArray(list) || !list.every(isValType)) {
      throw new LayerError(
        'type',
        `${label}.typed: expected a list of value types as ${what}s but found ${describePlain(list)}`,
      );
    }
  }
  if (!sameTypes(ty.params, params) || !sameTypes(ty.results, results)) {
    const asked = `func(${params.join(', ')})${results.map((r) => ` -> ${r}`).join('')}`;
    throw new LayerError('type', `${label}.typed: expected ${ty} but found ${asked}`);
  }
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * How the fast path checks an argument: 1 an i32, 2 an i64, 3 an f32 or f64, 0 a type it does
 * not take. Small integers: testing one is a comparison, where a type name is a string check.
 */
type ArgKind = 0 | 1 | 2 | 3;

function argKind(t: ValType): ArgKind {
  return t === 'i32' ? 1 : t === 'i64' ? 2 : t === 'f32' || t === 'f64' ? 3 : 0;
}

const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

// The hot paths read these two through module constants. An imported binding is read through
// a cell and checked (not yet initialised? the same symbol?) on every call, and a function
// declaration is a mutable binding, reloaded and compared on every call; a constant of this
// module is folded into the caller's optimised code.
const STATE_KEY: typeof STATE = STATE;

/**
 * Whether `x` is a plain value of kind `k` that the JS API takes without a silent coercion.
 * Runs on every call, inlined: the typeof tests come first so that no operator ever calls a
 * user's `valueOf`.
 */
const fits = (x: unknown, k: ArgKind): boolean => {
  if (k === 1) return typeof x === 'number' && ((x | 0) === x || x >>> 0 === x);
  if (k === 3) return typeof x === 'number';
  return typeof x === 'bigint' && x >= I64_MIN && x <= U64_MAX;
};

/* eslint-disable prefer-rest-params -- the fast paths read `arguments.length`: named
   parameters, and the exact count for the error (a missing argument is not an `undefined`). */
/** The call function of `t`: a fast one per arity for all-number guest signatures. */
function callFor(t: TypedTarget): CallableFunction {
  const state = t.state;
  const kinds = t.ty.params.map(argKind);
  const js = t.guest;
  if (
    js === undefined ||
    !kinds.every((k) => k !== 0) ||
    !t.ty.results.every((r) => argKind(r) !== 0)
  ) {
    return generalCall(t);
  }
  const registry = state.engine.registry;
  // Every call function below reads variables of this closure and two flags, calls nothing
  // but the wasm function on the normal path, and keeps its rare paths in other functions, so
  // that it stays within the engine's inlining budget and is inlined into the caller's loop
  // together with the engine's own wrapper around the wasm function. The context check sits
  // inside the `try`: a context of null then throws there and `callError` words it, which
  // saves the normal path a null test. `=== true`: a bare flag test compiles to a full
  // truthiness test of any value. The result needs no conversion: the engine returns a
  // number, a bigint, or an array of them for several results.
  switch (kinds.length) {
    case 0:
      return function typedCall0(ctx: AsContextMut): unknown {
        try {
          if ((ctx as Owned)[STATE_KEY] !== state || state.disposed === true) t.rejectContext(ctx);
          if (arguments.length !== 1) throw argumentError(t, arguments);
          if (registry.listening === true) announce(t);
          return js();
        } catch (error) {
          throw callError(t, ctx, error);
        }
      };
    case 1: {
      const k0 = kinds[0];
      return function typedCall1(ctx: AsContextMut, a: unknown): unknown {
        try {
          if ((ctx as Owned)[STATE_KEY] !== state || state.disposed === true) t.rejectContext(ctx);
          if (arguments.length !== 2 || !fits(a, k0)) throw argumentError(t, arguments);
          if (registry.listening === true) announce(t);
          return js(a);
        } catch (error) {
          throw callError(t, ctx, error);
        }
      };
    }
    case 2: {
      const [k0, k1] = kinds;
      return function typedCall2(ctx: AsContextMut, a: unknown, b: unknown): unknown {
        try {
          if ((ctx as Owned)[STATE_KEY] !== state || state.disposed === true) t.rejectContext(ctx);
          if (arguments.length !== 3 || !fits(a, k0) || !fits(b, k1))
            throw argumentError(t, arguments);
          if (registry.listening === true) announce(t);
          return js(a, b);
        } catch (error) {
          throw callError(t, ctx, error);
        }
      };
    }
    case 3: {
      const [k0, k1, k2] = kinds;
      return function typedCall3(ctx: AsContextMut, a: unknown, b: unknown, c: unknown): unknown {
        try {
          if ((ctx as Owned)[STATE_KEY] !== state || state.disposed === true) t.rejectContext(ctx);
          if (arguments.length !== 4 || !fits(a, k0) || !fits(b, k1) || !fits(c, k2))
            throw argumentError(t, arguments);
          if (registry.listening === true) announce(t);
          return js(a, b, c);
        } catch (error) {
          throw callError(t, ctx, error);
        }
      };
    }
    default: {
      const n = kinds.length;
      return function typedCallN(ctx: AsContextMut, ...args: unknown[]): unknown {
        try {
          if ((ctx as Owned)[STATE_KEY] !== state || state.disposed === true) t.rejectContext(ctx);
          let ok = args.length === n;
          for (let i = 0; ok && i < n; i++) ok = fits(args[i], kinds[i]);
          if (!ok) throw argumentError(t, [ctx, ...args]);
          if (registry.listening === true) announce(t);
          return js(...args);
        } catch (error) {
          throw callError(t, ctx, error);
        }
      };
    }
  }
}

/* eslint-enable prefer-rest-params */

/**
 * The error a fast call function throws for `error`: the context's own message for a missing
 * context (reading its store of `null` threw here), an error of the layer unchanged, and an
 * engine error wrapped as by `Func.call`.
 */
function callError(t: TypedTarget, ctx: unknown, error: unknown): LayerError {
  if (ctx == null) t.rejectContext(ctx);
  return guestError(error, t.state, t.label);
}

function announce(t: TypedTarget): void {
  t.state.engine.registry.emit({ kind: 'guest-call', storeId: t.state.id, func: t.label });
}

/**
 * The call function of every other signature: the plain arguments are tagged (numbers checked
 * here, with messages about plain values) and go through the `Func`'s general path, which
 * checks and converts references and v128 and runs host functions, exactly as for
 * `Func.call`; the results are untagged.
 */
function generalCall(t: TypedTarget): CallableFunction {
  const params = t.ty.params;
  const n = params.length;
  const m = t.ty.results.length;
  return function typedCall(ctx: AsContextMut, ...args: unknown[]): unknown {
    const state = t.state;
    if (ctx == null || (ctx as Owned)[STATE] !== state || state.disposed === true)
      t.rejectContext(ctx);
    if (args.length !== n) throw argumentError(t, [ctx, ...args]);
    const vals = new Array<Val>(n);
    for (let i = 0; i < n; i++) vals[i] = tagged(args[i], params[i], t.paramLabels[i]);
    const out = t.callVals(state, vals);
    if (m === 0) return undefined;
    if (m === 1) return out[0].value;
    return out.map((v) => v.value);
  };
}

/** The tagged value of plain argument `x` of type `t`; `type` error naming `what` otherwise. */
function tagged(x: unknown, t: ValType, what: string): Val {
  const k = argKind(t);
  if (k !== 0) {
    if (!fits(x, k)) throw valueError(t, x, what);
    if (k === 1) return { type: 'i32', value: (x as number) | 0 };
    if (k === 2) return { type: 'i64', value: BigInt.asIntN(64, x as bigint) };
    return new FloatVal(
      t as 'f32' | 'f64',
      t === 'f32' ? Math.fround(x as number) : (x as number),
    ) as Val;
  }
  if (t === 'v128') {
    if (!(x instanceof Uint8Array) || x.length !== 16) throw valueError(t, x, what);
    return { type: 'v128', value: x };
  }
  // A reference is tagged with its own hierarchy, so that the general path's check (hierarchy,
  // null, GC kind, owner) words a mismatch by what was passed.
  if (x === null) return { type: refTypeParts(t)?.family ?? 'externref', value: null } as Val;
  if ((x as { [IS_FUNC]?: unknown } | undefined)?.[IS_FUNC] === true)
    return { type: 'funcref', value: x as Func };
  if (x instanceof ExternRef) return { type: 'externref', value: x };
  if (x instanceof AnyRef) return { type: 'anyref', value: x };
  if (x instanceof ExnRef) return { type: 'exnref', value: x };
  throw valueError(t, x, what);
}

function valueError(t: ValType, x: unknown, what: string): LayerError {
  const range =
    t === 'i32'
      ? ' (an integer in [-2^31, 2^32))'
      : t === 'i64'
        ? ' (a bigint in [-2^63, 2^64))'
        : t === 'v128'
          ? ' (16 bytes in a Uint8Array)'
          : '';
  return new LayerError('type', `${what}: expected ${t}${range} but found ${describePlain(x)}`);
}

/**
 * The `type` error for the arguments of a call (its context first) that the fast path refused:
 * a wrong count, or the first argument that does not fit.
 */
function argumentError(t: TypedTarget, call: ArrayLike<unknown>): LayerError {
  const params = t.ty.params;
  const count = call.length - 1;
  const i = params.findIndex((p, j) => !fits(call[j + 1], argKind(p)));
  if (count !== params.length || i < 0) {
    return new LayerError(
      'type',
      `${t.label}: expected ${params.length} argument(s) (${params.join(', ')}) but found ${count}`,
    );
  }
  return valueError(params[i], call[i + 1], t.paramLabels[i]);
}

/** Short text of a plain value for messages (`number 3.5`, `bigint 5n`, `ExternRef`). */
function describePlain(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'bigint') return `bigint ${x}n`;
  if (typeof x === 'object' || typeof x === 'function') {
    if (Array.isArray(x)) return `an array of ${x.length}`;
    if (x instanceof Uint8Array) return `a Uint8Array of ${x.length} bytes`;
    const name = (x as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name !== '' ? name : typeof x;
  }
  return `${typeof x} ${String(x)}`;
}

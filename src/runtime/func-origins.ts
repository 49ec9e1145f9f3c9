/**
 * Typing funcrefs by origin. The JS API hands back a bare function object for a funcref; its
 * signature is only known if we saw where it came from: a host function, an export of an
 * instance of the engine, or (per the JS API, an exported wasm function's `name` is its index)
 * the function index space of the instance that owns the table or global it was read from.
 * Wraps no JS API object.
 */
import { LayerError } from './errors.ts';
import type { Func } from './func.ts';
import type { StoreState } from './store.ts';
import type { FuncType } from './types.ts';

/**
 * @internal Where a wasm function object came from: a host function, or a guest function of
 * known type and, when known, the instance that first exposed it (its defining instance).
 */
export type FuncOrigin =
  { kind: 'host'; func: Func } | { kind: 'guest'; type: FuncType; instanceId?: number };

/**
 * @internal The function index space of one instance: maps an index (read from an exported
 * function's `name`) to a `Func`.
 */
export interface FuncIndexSpace {
  /** For messages: `Instance #3`. */
  readonly label: string;
  /** The `Func` for function `index` when `fn` can be that function, else undefined. */
  funcAt(state: StoreState, fn: CallableFunction, index: number): Func | undefined;
}

/**
 * @internal Makes the `Func` of `state` for the wasm function `fn` of type `type` (the engine
 * holds one, so that value conversion reaches `Func` without importing it).
 */
export type GuestFuncFactory = (state: StoreState, fn: CallableFunction, type: FuncType) => Func;

/** @internal Returns the `Func` of `state` for a non-null funcref read from wasm. */
export function funcFromWasm(state: StoreState, x: unknown, space?: FuncIndexSpace): Func {
  if (typeof x !== 'function') {
    throw new LayerError('type', `funcref: expected a function but found ${typeof x}`);
  }
  const fn = x as CallableFunction;
  const cached = state.funcCache.get(fn) as Func | undefined;
  if (cached !== undefined) return cached;
  const origin = state.engine.origins.get(fn);
  let func: Func | undefined;
  if (origin?.kind === 'host') return origin.func;
  if (origin?.kind === 'guest') func = state.engine.guestFunc(state, fn, origin.type);
  else if (space !== undefined && /^(0|[1-9][0-9]*)$/.test(fn.name)) {
    func = space.funcAt(state, fn, Number(fn.name));
  }
  if (func === undefined) {
    throw new LayerError(
      'type',
      `funcref: expected a function whose signature is known but found ${describeFn(fn)}: it is not ` +
        `a host function or an export of an instance of this engine${
          space === undefined
            ? ', and the table or global it came from is not owned by an instance'
            : `, and it is not in the function index space of ${space.label}`
        } (the signature is unknown)`,
    );
  }
  state.funcCache.set(fn, func);
  return func;
}

function describeFn(fn: CallableFunction): string {
  return fn.name === '' ? 'an anonymous function' : `function "${fn.name}"`;
}

/**
 * `Engine`: the root of the runtime layer. The browser engine itself needs no state, so an
 * `Engine` holds the layer's own: the lifetime registry, the table that types funcrefs by
 * their origin, and the factory that makes a `Func` of such a funcref (value conversion calls
 * it rather than import `Func`). It wraps no JS API object.
 */
import { Func } from './func.ts';
import type { FuncOrigin, GuestFuncFactory } from './func-origins.ts';
import { LifetimeRegistry } from './registry.ts';

/**
 * A runtime engine. Modules compiled with it and stores created on it share its registry.
 *
 * @example
 * ```ts
 * const engine = new Engine();
 * const store = new Store(engine, 0);
 * engine.registry.snapshot().stores.length; // 1
 * ```
 */
export class Engine {
  /** Lifetime bookkeeping of this engine's stores and host functions. */
  readonly registry: LifetimeRegistry = new LifetimeRegistry();
  /** @internal Where each wasm function object seen by this engine came from. */
  readonly origins: WeakMap<object, FuncOrigin> = new WeakMap();
  /** @internal Makes the `Func` of a wasm function whose type {@link Engine.origins} knows. */
  readonly guestFunc: GuestFuncFactory = (state, fn, type) => Func.fromGuest(state, fn, type);
}

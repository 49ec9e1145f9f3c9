/**
 * `Engine`: the root of the runtime layer. The browser engine itself needs no state, so an
 * `Engine` holds the layer's own: the lifetime registry and the table that types funcrefs by
 * their origin. It wraps no JS API object.
 */
import { LifetimeRegistry } from './registry.ts';
import type { FuncOrigin } from './func-origins.ts';

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
}

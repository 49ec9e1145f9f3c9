/**
 * `Store<T>` and its contexts. A store owns host-function closures (one wobbly member each)
 * and user data; every runtime object belongs to the store that created it. The browser engine
 * has no store object, so this file wraps no JS API object.
 */
import type { Engine } from './engine.ts';
import { LayerError } from './errors.ts';
import type { StoreRecord } from './registry.ts';
import type { Wobbly } from './wobbly.ts';

/** @internal Key of the store state behind a store, context or owned object. */
export const STATE: unique symbol = Symbol('store state');

/**
 * @internal The store's state. Host-function callables hold it strongly (they need the data),
 * but it never points back at the `Store`, so a forgotten store can still be collected.
 */
export class StoreState {
  readonly engine: Engine;
  readonly record: StoreRecord;
  data: unknown;
  disposed = false;
  readonly hostMembers: Wobbly<unknown>[] = [];
  /** Funcs made for wasm function objects, so one function reads back as one `Func`. */
  readonly funcCache = new WeakMap<object, object>();
  /** ExternRefs made for foreign JS objects read from wasm, so one object reads back as one. */
  readonly opaqueCache = new WeakMap<object, object>();
  #caller: StoreContextMut<unknown> | undefined;

  /** Registers a new store with the engine's registry. */
  constructor(engine: Engine, data: unknown) {
    this.engine = engine;
    this.data = data;
    this.record = engine.registry.storeCreated();
  }

  /** The engine-unique store id. */
  get id(): number {
    return this.record.id;
  }

  /** The context host functions receive; built once so host calls allocate none. */
  get caller(): StoreContextMut<unknown> {
    this.#caller ??= new StoreContextMut<unknown>(this, undefined);
    return this.#caller;
  }

  /** Drops the store's member of every host-function group, freeing the closures. Idempotent. */
  release(by: 'dispose' | 'intoData' | 'gc'): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const member of this.hostMembers) member.drop();
    this.engine.registry.storeDisposed(this.record, by);
  }
}

/** @internal Something that belongs to a store. */
export interface Owned {
  readonly [STATE]: StoreState;
}

// Stores the user forgot to dispose: flagged as leaks and released when collected.
const forgottenStores = new FinalizationRegistry<StoreState>((state) => state.release('gc'));
const flaggedUses = new WeakSet<object>();

/**
 * @internal Returns the state of `ctx` after checking that `object` may be used with it: the
 * same store (`store` otherwise) and neither disposed (`freed` otherwise, flagged as a leak).
 */
export function stateFor(ctx: AsContext<unknown>, object: Owned, label: () => string): StoreState {
  return checkOwner(contextState(ctx), object, label);
}

/** @internal Like {@link stateFor}, for a state already resolved from a context. */
export function checkOwner(state: StoreState, object: Owned, label: () => string): StoreState {
  const owner = object[STATE];
  if (state === owner && !state.disposed) return state;
  if (owner.disposed) {
    if (!flaggedUses.has(object)) {
      flaggedUses.add(object);
      owner.engine.registry.leak({
        kind: 'used-after-dispose',
        object: label(),
        storeId: owner.id,
        stack: owner.engine.registry.stack(),
      });
    }
    throw new LayerError('freed', `${label()}: its Store #${owner.id} was disposed`);
  }
  if (state.disposed) throw new LayerError('freed', `${label()}: Store #${state.id} was disposed`);
  throw new LayerError(
    'store',
    `${label()}: expected a context of its own Store #${owner.id} but found Store #${state.id}`,
  );
}

/**
 * @internal Registers an object the user just created in `state`'s store, with the stack of its
 * creation, so leak reports can say where it came from. Returns the object.
 */
export function trackCreated<T extends object>(state: StoreState, object: T, label: string): T {
  const registry = state.engine.registry;
  registry.track(state.record, object, label, registry.stack());
  return object;
}

/** @internal The live state of a context; `freed` if its store was disposed. */
export function liveState(ctx: AsContext<unknown>, what: string): StoreState {
  const state = contextState(ctx);
  if (state.disposed) throw new LayerError('freed', `${what}: Store #${state.id} was disposed`);
  return state;
}

/** @internal The state behind a store or context; `type` error for anything else. */
export function contextState(ctx: AsContext<unknown>): StoreState {
  const state = (ctx as Partial<Owned> | null | undefined)?.[STATE];
  if (!(state instanceof StoreState)) {
    throw new LayerError(
      'type',
      `expected a Store or a store context but found ${ctx === null ? 'null' : typeof ctx}`,
    );
  }
  return state;
}

/**
 * A read-only view of a store, handed out by {@link Store.asContext}.
 *
 * @example
 * ```ts
 * const ctx = store.asContext();
 * memory.read(ctx, 0, buffer);
 * ctx.data; // the store's data
 * ```
 */
export class StoreContext<T> implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  // Keeps the user's Store alive while a context of it is, so it is not flagged as forgotten.
  readonly #store: Store<T> | undefined;

  /** @internal Contexts are made by a `Store`, or by the runtime for host calls. */
  constructor(state: StoreState, store: Store<T> | undefined) {
    this[STATE] = state;
    this.#store = store;
  }

  /** The engine of the store. */
  get engine(): Engine {
    return this[STATE].engine;
  }

  /** The store's data. Fails with `freed` when the store was disposed. */
  get data(): T {
    return liveState(this, 'StoreContext.data').data as T;
  }

  /** @internal The `Store` this context came from, if any. */
  get store(): Store<T> | undefined {
    return this.#store;
  }
}

/**
 * A context that may change the store's data; host functions receive one as `caller`.
 *
 * @example
 * ```ts
 * Func.new(store, new FuncType([], []), (caller) => { caller.data += 1; });
 * ```
 */
export class StoreContextMut<T> extends StoreContext<T> {
  /** The store's data. Fails with `freed` when the store was disposed. */
  override get data(): T {
    return liveState(this, 'StoreContextMut.data').data as T;
  }

  override set data(value: T) {
    liveState(this, 'StoreContextMut.data').data = value;
  }
}

/**
 * A store: the owner of host functions, instances and other runtime objects, and of user data
 * of type `T`. Dispose it when done: that frees every host-function closure at once. A store
 * collected without `dispose()` is flagged in `engine.registry` as a leak.
 *
 * @example
 * ```ts
 * using store = new Store(engine, { calls: 0 });
 * const instance = Instance.new(store, module, new Imports());
 * store.data.calls; // 0
 * ```
 */
export class Store<T> implements Owned, Disposable {
  /** @internal */
  readonly [STATE]: StoreState;

  /** Creates a store on `engine` holding `data`. */
  constructor(engine: Engine, data: T) {
    this[STATE] = new StoreState(engine, data);
    forgottenStores.register(this, this[STATE], this[STATE]);
  }

  /** The engine the store was created on. */
  get engine(): Engine {
    return this[STATE].engine;
  }

  /** Engine-unique id (as shown in `engine.registry`). */
  get id(): number {
    return this[STATE].id;
  }

  /** The user data. Fails with `freed` after `dispose()`/`intoData()`. */
  get data(): T {
    return liveState(this, 'Store.data').data as T;
  }

  /** Replaces the user data. Fails with `freed` after `dispose()`/`intoData()`. */
  set data(value: T) {
    liveState(this, 'Store.data').data = value;
  }

  /** True after `dispose()` or `intoData()`. */
  get disposed(): boolean {
    return this[STATE].disposed;
  }

  /**
   * Disposes the store and returns its data.
   *
   * @example
   * ```ts
   * const store = new Store(engine, 5);
   * store.intoData(); // 5, and store.disposed is now true
   * ```
   */
  intoData(): T {
    const state = liveState(this, 'Store.intoData');
    const data = state.data as T;
    this.#release('intoData');
    return data;
  }

  /**
   * Frees every host-function closure of the store and marks it and its objects as freed.
   * Idempotent. Later use of the store or its objects fails with `freed`.
   */
  dispose(): void {
    this.#release('dispose');
  }

  /** Same as {@link Store.dispose}, for `using` declarations. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Returns a read-only context of this store. Fails with `freed` after disposal. */
  asContext(): StoreContext<T> {
    return new StoreContext<T>(liveState(this, 'Store.asContext'), this);
  }

  /** Returns a mutable context of this store. Fails with `freed` after disposal. */
  asContextMut(): StoreContextMut<T> {
    return new StoreContextMut<T>(liveState(this, 'Store.asContextMut'), this);
  }

  #release(by: 'dispose' | 'intoData'): void {
    const state = this[STATE];
    if (state.disposed) return;
    forgottenStores.unregister(state);
    state.data = undefined;
    state.release(by);
  }
}

/** Anything that reads a store: the store itself or a context of it. */
export type AsContext<T = unknown> = Store<T> | StoreContext<T>;
/** Anything that may change a store: the store itself or a mutable context of it. */
export type AsContextMut<T = unknown> = Store<T> | StoreContextMut<T>;

/**
 * `ExternRef`: a host value that wasm can hold as an `externref`. The JS API lets any JS value
 * be an externref, so an `ExternRef` made by {@link ExternRef.new} is itself the value wasm
 * sees, which keeps identity exact across round trips. Foreign values read from wasm (put there
 * by other JS code) become opaque `ExternRef`s that cannot be downcast. Wraps no JS API object.
 */
import { LayerError } from './errors.ts';
import {
  STATE,
  checkOwner,
  liveState,
  stateFor,
  type AsContext,
  type AsContextMut,
  type Owned,
  type StoreState,
  trackCreated,
} from './store.ts';

/**
 * A reference to a host value, owned by a store.
 *
 * @example
 * ```ts
 * const payload = { name: 'file' };
 * const ref = ExternRef.new(store, payload);
 * ref.downcast(store) === payload; // true
 * ```
 */
export class ExternRef implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #payload: unknown;
  readonly #opaque: boolean;

  private constructor(state: StoreState, payload: unknown, opaque: boolean) {
    this[STATE] = state;
    this.#payload = payload;
    this.#opaque = opaque;
  }

  /**
   * Wraps `payload` so it can be passed to wasm as an externref. Fails with `freed` when the
   * store was disposed.
   */
  static new<T>(ctx: AsContextMut, payload: T): ExternRef {
    const state = liveState(ctx, 'ExternRef.new');
    return trackCreated(
      state,
      new ExternRef(state, payload, false),
      `ExternRef in Store #${state.id}`,
    );
  }

  /**
   * Returns the identical payload given to {@link ExternRef.new}. When `guard` is given and
   * rejects the payload, fails with `type` ("incorrect extern ref type"); a reference that came
   * from other JS code fails with `type` ("extern ref is from a different source"). Fails with
   * `store`/`freed` like every owned object.
   *
   * @example
   * ```ts
   * const text = ref.downcast(store, (v): v is string => typeof v === 'string');
   * ```
   */
  downcast<T>(ctx: AsContext, guard?: (payload: unknown) => payload is T): T {
    stateFor(ctx, this, () => this.#label());
    if (this.#opaque) {
      throw new LayerError(
        'type',
        `${this.#label()}: expected a reference made by ExternRef.new but found one from a different source (extern ref is from a different source)`,
      );
    }
    if (guard !== undefined && !guard(this.#payload)) {
      throw new LayerError(
        'type',
        `${this.#label()}: incorrect extern ref type: the payload (${typeof this.#payload}) does not pass the given guard`,
      );
    }
    return this.#payload as T;
  }

  /** True for a reference that came from other JS code rather than {@link ExternRef.new}. */
  get opaque(): boolean {
    return this.#opaque;
  }

  /** @internal The value wasm holds for this reference. */
  toWasm(state: StoreState): unknown {
    checkOwner(state, this, () => this.#label());
    return this.#opaque ? this.#payload : this;
  }

  /** @internal The `ExternRef` for a non-null externref read from wasm. */
  static fromWasm(state: StoreState, x: unknown): ExternRef {
    if (x instanceof ExternRef) return x;
    const isObject = (typeof x === 'object' && x !== null) || typeof x === 'function';
    if (!isObject) return new ExternRef(state, x, true);
    const cached = state.opaqueCache.get(x);
    if (cached instanceof ExternRef) return cached;
    const ref = new ExternRef(state, x, true);
    state.opaqueCache.set(x, ref);
    return ref;
  }

  #label(): string {
    return `ExternRef${this.#opaque ? ' (opaque)' : ''} of Store #${this[STATE].id}`;
  }
}

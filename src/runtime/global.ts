/**
 * `Global`: wraps `WebAssembly.Global`. Values are checked against the global's type; v128
 * and exnref globals, which the JS API cannot read or write, are accessed through a generated
 * adapter module that exposes them as four i32 lanes or as a slot of the store's exnref box.
 */
import {
  bytesToLanes,
  isExnType,
  lanesToBytes,
  v128GlobalAccess,
  type V128GlobalAccess,
} from './adapters/adapter-modules.ts';
import { checkVal, fromJs, toJs } from './convert.ts';
import { LayerError, describeError, engineTypeRefusal } from './errors.ts';
import { exnGlobalAccess, type ExnGlobalAccess } from './exnref.ts';
import type { FuncIndexSpace } from './func-origins.ts';
import {
  STATE,
  liveState,
  stateFor,
  type AsContext,
  type AsContextMut,
  type Owned,
  type StoreState,
  trackCreated,
} from './store.ts';
import { GlobalType, isValType, refTypeParts, type ValType } from './types.ts';
import { describeVal, type Val } from './values.ts';

/**
 * The JS API's name for a value type in descriptors. Its descriptors name only nullable
 * references, so a non-nullable one (`(ref func)`) is `unsupported` for host-made objects.
 */
export function jsApiValueType(t: ValType): string {
  if (refTypeParts(t)?.nullable === false) {
    throw new LayerError(
      'unsupported',
      `the WebAssembly JS API cannot create a global, table or tag of type ${t}`,
    );
  }
  return t === 'funcref' ? 'anyfunc' : t;
}

/**
 * A global variable of a store.
 *
 * @example
 * ```ts
 * const counter = Global.new(store, Val.i32(5), true);
 * counter.set(store, Val.i32(6));
 * counter.get(store); // { type: 'i32', value: 6 }
 * ```
 */
export class Global implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #ty: GlobalType;
  readonly #global: WebAssembly.Global;
  readonly #lanes: V128GlobalAccess | undefined;
  readonly #exn: ExnGlobalAccess | undefined;
  readonly #space: FuncIndexSpace | undefined;
  readonly #label: string;

  private constructor(
    state: StoreState,
    ty: GlobalType,
    global: WebAssembly.Global,
    access: { lanes?: V128GlobalAccess; exn?: ExnGlobalAccess },
    space: FuncIndexSpace | undefined,
    label: string,
  ) {
    this[STATE] = state;
    this.#ty = ty;
    this.#global = global;
    this.#lanes = access.lanes;
    this.#exn = access.exn;
    this.#space = space;
    this.#label = label;
  }

  /**
   * Creates a global holding `value` (its tag gives the content type). Fails with `type` for a
   * malformed value and with `store`/`freed` for a reference of another or a disposed store.
   * Host functions are accepted as funcref values. An exnref global needs an engine with
   * exnref (`unsupported` otherwise), and an immutable one can only hold null (`unsupported`:
   * wasm has no constant that makes a non-null exnref).
   */
  static new(ctx: AsContextMut, value: Val, mutable: boolean): Global {
    const state = liveState(ctx as AsContext<unknown>, 'Global.new');
    const content = (value as { type?: unknown } | null)?.type;
    if (!isValType(content)) {
      throw new LayerError('type', `Global.new: expected a value but found ${describeVal(value)}`);
    }
    checkVal(value, content, 'Global.new');
    const ty = new GlobalType(content, mutable === true);
    const label = `Global ${ty} of Store #${state.id}`;
    let global: WebAssembly.Global;
    let lanes: V128GlobalAccess | undefined;
    let exn: ExnGlobalAccess | undefined;
    if (content === 'v128') {
      lanes = v128GlobalAccess(ty.mutable, { init: value.value as Uint8Array });
      global = lanes.global;
    } else if (content === 'exnref') {
      if (!ty.mutable && value.value !== null) {
        throw new LayerError(
          'unsupported',
          `${label}: an immutable global can only hold a null exnref (no constant expression makes another)`,
        );
      }
      exn = exnGlobalAccess(state, content, ty.mutable, { create: true }, label);
      global = exn.global;
      if (value.value !== null) exn.set?.(toJs(value, content, state, label) as number);
    } else {
      const descriptor = {
        value: jsApiValueType(content),
        mutable: ty.mutable,
      } as WebAssembly.GlobalDescriptor;
      try {
        global = new WebAssembly.Global(descriptor, toJs(value, content, state, label));
      } catch (error) {
        if (error instanceof LayerError) throw error;
        throw new LayerError(
          'type',
          `${label}: the engine refused the value: ${describeError(error)}`,
          error,
        );
      }
    }
    return trackCreated(
      state,
      new Global(state, ty, global, { lanes, exn }, undefined, label),
      label,
    );
  }

  /** @internal A `Global` for an engine global of known type (an export or import). */
  static fromWasm(
    state: StoreState,
    global: WebAssembly.Global,
    ty: GlobalType,
    space: FuncIndexSpace | undefined,
    name: string,
  ): Global {
    const label = `Global ${name} ${ty}`;
    const lanes = ty.content === 'v128' ? v128GlobalAccess(ty.mutable, { global }) : undefined;
    const exn = isExnType(ty.content)
      ? exnGlobalAccess(state, ty.content, ty.mutable, { global }, label)
      : undefined;
    const created = new Global(state, ty, global, { lanes, exn }, space, label);
    state.engine.registry.track(state.record, created, label, '');
    return created;
  }

  /** Returns the global's type. Fails with `store`/`freed`. */
  ty(ctx: AsContext): GlobalType {
    stateFor(ctx, this, () => this.#label);
    return this.#ty;
  }

  /**
   * Returns the current value. A non-null funcref whose origin is unknown fails with `type`
   * (see `Table.get`). Fails with `store`/`freed`.
   */
  get(ctx: AsContext): Val {
    const state = stateFor(ctx, this, () => this.#label);
    if (this.#lanes !== undefined) return { type: 'v128', value: lanesToBytes(this.#lanes.get()) };
    // The JS API cannot hand out an exnref, not even a null one: the adapter gives its slot.
    if (this.#exn !== undefined) return fromJs(this.#exn.get(), this.#ty.content, state);
    return fromJs(this.#global.value, this.#ty.content, state, this.#space);
  }

  /**
   * Sets the value. Fails with `immutable` for an immutable global, `type` when `value` is not
   * of the global's content type, and `store`/`freed`.
   *
   * @example
   * ```ts
   * Global.new(store, Val.i32(1), false).set(store, Val.i32(2)); // throws (immutable)
   * ```
   */
  set(ctx: AsContextMut, value: Val): void {
    const state = stateFor(ctx as AsContext<unknown>, this, () => this.#label);
    if (!this.#ty.mutable) {
      throw new LayerError(
        'immutable',
        `${this.#label}: expected a mutable global but it is immutable (Global is not mutable)`,
      );
    }
    if (this.#lanes !== undefined) {
      checkVal(value, 'v128', this.#label);
      (this.#lanes.set as NonNullable<V128GlobalAccess['set']>)(
        ...bytesToLanes(value.value as Uint8Array),
      );
    } else if (this.#exn !== undefined) {
      const slot = toJs(value, this.#ty.content, state, this.#label) as number;
      (this.#exn.set as NonNullable<ExnGlobalAccess['set']>)(slot);
    } else {
      const converted = toJs(value, this.#ty.content, state, this.#label);
      try {
        this.#global.value = converted;
      } catch (error) {
        engineTypeRefusal(error, this.#label);
      }
    }
    const registry = state.engine.registry;
    if (registry.listening)
      registry.emit({ kind: 'global-set', storeId: state.id, value: describeVal(value) });
  }

  /** @internal The engine object, for imports. */
  toWasm(state: StoreState): WebAssembly.Global {
    stateFor(state.caller, this, () => this.#label);
    return this.#global;
  }
}

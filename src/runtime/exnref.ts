/**
 * `ExnRef`: an exception reference (`exnref`, the exception-handling proposal) held by the
 * host. The JS API cannot carry an exnref, so each store keeps the values in its exnref box, a
 * table of exnref that only generated wasm reads and writes, and an `ExnRef` is an opaque handle
 * to one slot of it. Generated adapters move values between slots and wasm (see
 * `adapters/exn-modules.ts`); a slot is cleared and reused once its handle is collected. Wraps
 * the box's `WebAssembly.Table` and `WebAssembly.Instance`, and the adapter instances of exnref
 * globals and tables.
 */
import { cachedModule } from './adapters/adapter-modules.ts';
import {
  exnBoxModule,
  exnGlobalAccessModule,
  exnGlobalModule,
  exnTableAccessModule,
  exnTableModule,
  type ExnImports,
} from './adapters/exn-modules.ts';
import { jsAddress } from './address.ts';
import { LayerError } from './errors.ts';
import { supportedFeatures, unsupportedFeaturesMessage } from './features/index.ts';
import { STATE, checkOwner, type Owned, type StoreState } from './store.ts';
import type { AddressType, RefType, ValType } from './types.ts';

/** A store's exnref box: the table, and the free slots of it. */
class ExnBox implements ExnImports {
  readonly table: WebAssembly.Table;
  readonly #grow: (n: number) => number;
  readonly #clear: (slot: number) => void;
  readonly #free: number[] = [];
  #next = 0;

  constructor() {
    const exports = new WebAssembly.Instance(cachedModule('exn-box', exnBoxModule)).exports;
    this.table = exports.t as WebAssembly.Table;
    this.#grow = exports.grow as (n: number) => number;
    this.#clear = exports.clear as (slot: number) => void;
  }

  /** A free slot (called by adapters, which store a value in it at once). */
  readonly alloc = (): number => {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#next === this.table.length && this.#grow(Math.max(16, this.#next)) === -1) {
      throw new LayerError('limit', 'the exnref box of the store cannot grow');
    }
    return this.#next++;
  };

  /** Empties `slot` (so the exception can be collected) and makes it free again. */
  release(slot: number): void {
    this.#clear(slot);
    this.#free.push(slot);
  }
}

const boxes = new WeakMap<StoreState, ExnBox>();

/**
 * @internal The store's exnref box, made on first use. Fails with `unsupported` (naming
 * `exceptions`) where the engine has no exnref, like Node 20's V8. `what` names the operation.
 */
export function exnBoxOf(state: StoreState, what: string): ExnImports {
  let box = boxes.get(state);
  if (box === undefined) {
    if (!supportedFeatures().has('exceptions')) {
      throw new LayerError(
        'unsupported',
        `${what}: exception references (exnref) need ${unsupportedFeaturesMessage(['exceptions'])}`,
      );
    }
    box = new ExnBox();
    boxes.set(state, box);
  }
  return box;
}

/** Releases the slot of a collected handle. */
const collected = new FinalizationRegistry<{ box: ExnBox; slot: number }>(({ box, slot }) =>
  box.release(slot),
);

/**
 * A non-null exception reference, owned by a store: what an `exnref` value holds on the host
 * side. It is opaque: pass it back to wasm (as an argument, a result of a host function, a
 * global or table entry) where `throw_ref` rethrows the very exception it refers to. Each time
 * an exnref leaves wasm it gets a new handle, so compare exceptions, not handles.
 *
 * @example
 * ```ts
 * const [caught] = catchAll.call(store, []); // a guest function returning exnref
 * rethrow.call(store, [Val.exnref(caught.value as ExnRef)]); // throws the same exception
 * ```
 */
export class ExnRef implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #slot: number;

  private constructor(state: StoreState, slot: number) {
    this[STATE] = state;
    this.#slot = slot;
  }

  /** @internal The handle of a slot an adapter filled; it owns the slot from now on. */
  static fromSlot(state: StoreState, slot: number): ExnRef {
    const ref = new ExnRef(state, slot);
    collected.register(ref, { box: boxes.get(state) as ExnBox, slot });
    return ref;
  }

  /** @internal The slot an adapter reads the value from. Fails with `store`/`freed`. */
  toWasm(state: StoreState): number {
    checkOwner(state, this, () => this.toString());
    return this.#slot;
  }

  /** For messages: `ExnRef of Store #2`. */
  toString(): string {
    return `ExnRef of Store #${this[STATE].id}`;
  }
}

/** @internal Slot access to an engine global of an exnref type. */
export interface ExnGlobalAccess {
  global: WebAssembly.Global;
  get: () => number;
  set: ((slot: number) => void) | undefined;
}

/**
 * @internal Accessors of an exnref global of content `t`: the existing `global`, or a new one
 * (`{ create: true }`, holding null; an immutable new one stays null).
 */
export function exnGlobalAccess(
  state: StoreState,
  t: ValType,
  mutable: boolean,
  source: { global: WebAssembly.Global } | { create: true },
  what: string,
): ExnGlobalAccess {
  const box = exnBoxOf(state, what);
  const global =
    'global' in source
      ? source.global
      : (new WebAssembly.Instance(
          cachedModule(`exn-global:${t}:${mutable}`, () => exnGlobalModule(t, mutable)),
        ).exports.g as WebAssembly.Global);
  const m = cachedModule(`exn-global-access:${t}:${mutable}`, () =>
    exnGlobalAccessModule(t, mutable),
  );
  const exports = new WebAssembly.Instance(m, {
    a: { t: box.table, alloc: box.alloc, g: global },
  } as WebAssembly.Imports).exports;
  return {
    global,
    get: exports.get as () => number,
    set: exports.set as ExnGlobalAccess['set'],
  };
}

/** @internal Slot access to an engine table of an exnref element type. */
export interface ExnTableAccess {
  table: WebAssembly.Table;
  get(index: number): number;
  set(index: number, slot: number): void;
  /** The old size, or -1 when the table cannot grow. */
  grow(delta: number, slot: number): number;
  fill(index: number, slot: number, count: number): void;
}

/**
 * @internal Accessors of an exnref table: the existing `table`, or a new one
 * (`{ minimum, maximum }`, every entry null). Indices are numbers whatever the address type.
 */
export function exnTableAccess(
  state: StoreState,
  element: RefType,
  address: AddressType,
  source: { table: WebAssembly.Table } | { minimum: number; maximum: number | undefined },
  what: string,
): ExnTableAccess {
  const box = exnBoxOf(state, what);
  const table =
    'table' in source
      ? source.table
      : (new WebAssembly.Instance(
          new WebAssembly.Module(exnTableModule(element, address, source.minimum, source.maximum)),
        ).exports.tbl as WebAssembly.Table);
  const m = cachedModule(`exn-table-access:${element}:${address}`, () =>
    exnTableAccessModule(element, address),
  );
  const raw = new WebAssembly.Instance(m, {
    a: { t: box.table, alloc: box.alloc, tbl: table },
  } as WebAssembly.Imports).exports as Record<string, (...args: unknown[]) => unknown>;
  const at = (n: number) => jsAddress(address, n);
  return {
    table,
    get: (index) => raw.get(at(index)) as number,
    set: (index, slot) => void raw.set(at(index), slot),
    grow: (delta, slot) => Number(raw.grow(at(delta), slot)),
    fill: (index, slot, count) => void raw.fill(at(index), slot, at(count)),
  };
}

/**
 * `Table`: wraps `WebAssembly.Table`. Entries are checked against the element type; host
 * functions may be stored (as their re-export adapter), and funcrefs read back are typed by
 * origin (see `func-origins.ts`). Tables of exnref, which the JS API can neither make nor
 * read, are made and accessed through a generated adapter module (see `exnref.ts`).
 */
import { checkAddressSupported, jsAddress, limitsDescriptor } from './address.ts';
import { isExnType } from './adapters/adapter-modules.ts';
import { checkVal, fromJs, toJs } from './convert.ts';
import { LayerError, describeError, engineTypeRefusal } from './errors.ts';
import { exnTableAccess, type ExnTableAccess } from './exnref.ts';
import type { FuncIndexSpace } from './func-origins.ts';
import { jsApiValueType } from './global.ts';
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
import { TableType, refTypeParts } from './types.ts';
import type { Ref } from './values.ts';

/**
 * A table of references of a store.
 *
 * @example
 * ```ts
 * const table = Table.new(store, new TableType('funcref', 2, 3), Val.funcref(null));
 * table.set(store, 0, Val.funcref(hostFunc));
 * table.grow(store, 1, Val.funcref(null)); // 2 (the old size)
 * ```
 */
export class Table implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #ty: TableType;
  readonly #table: WebAssembly.Table;
  readonly #space: FuncIndexSpace | undefined;
  readonly #label: string;
  // The adapter of an exnref table, whose entries the JS API cannot read or write.
  readonly #exn: ExnTableAccess | undefined;

  private constructor(
    state: StoreState,
    ty: TableType,
    table: WebAssembly.Table,
    space: FuncIndexSpace | undefined,
    label: string,
    exn: ExnTableAccess | undefined,
  ) {
    this[STATE] = state;
    this.#ty = ty;
    this.#table = table;
    this.#space = space;
    this.#label = label;
    this.#exn = exn;
  }

  /**
   * Creates a table of `ty.minimum` entries, each set to `init`. Fails with `type` when `init`
   * is not of the element type, with `limit` when the engine refuses the limits. A table of
   * exnref needs an engine with exnref and a nullable element type (`unsupported` otherwise).
   */
  static new(ctx: AsContextMut, ty: TableType, init: Ref): Table {
    const state = liveState(ctx as AsContext<unknown>, 'Table.new');
    if (!(ty instanceof TableType)) {
      throw new LayerError('type', `Table.new: expected a TableType but found ${String(ty)}`);
    }
    const label = `Table ${ty} of Store #${state.id}`;
    const { minimum, maximum } = ty;
    if (!isWholeCount(minimum) || (maximum !== undefined && !isWholeCount(maximum))) {
      throw new LayerError(
        'limit',
        `${label}: expected whole entry counts with minimum <= maximum but found ${ty}`,
      );
    }
    const initial = toJs(init, ty.element, state, `${label} initial value`);
    checkAddressSupported(ty.address, label);
    if (isExnType(ty.element)) return Table.#newExn(state, ty, initial as number, label);
    const descriptor = {
      element: jsApiValueType(ty.element),
      ...limitsDescriptor(ty.address, minimum, maximum),
    } as WebAssembly.TableDescriptor;
    let table: WebAssembly.Table;
    try {
      table = new WebAssembly.Table(descriptor, initial);
    } catch (error) {
      if (error instanceof TypeError) engineTypeRefusal(error, `${label} initial value`);
      throw new LayerError(
        'limit',
        `${label}: the engine refused the table: ${describeError(error)}`,
        error,
      );
    }
    return trackCreated(state, new Table(state, ty, table, undefined, label, undefined), label);
  }

  // A table of exnref, defined by a generated module (the JS API cannot make one), then filled
  // with the initial value's slot through its adapter.
  static #newExn(state: StoreState, ty: TableType, slot: number, label: string): Table {
    if (refTypeParts(ty.element)?.nullable === false) {
      throw new LayerError(
        'unsupported',
        `${label}: a table of non-nullable exception references cannot be created by the host`,
      );
    }
    const { minimum, maximum } = ty;
    let exn: ExnTableAccess;
    try {
      exn = exnTableAccess(state, ty.element, ty.address, { minimum, maximum }, label);
    } catch (error) {
      if (error instanceof LayerError) throw error;
      throw new LayerError(
        'limit',
        `${label}: the engine refused the table: ${describeError(error)}`,
        error,
      );
    }
    if (slot !== -1 && minimum > 0) exn.fill(0, slot, minimum);
    return trackCreated(state, new Table(state, ty, exn.table, undefined, label, exn), label);
  }

  /** @internal A `Table` for an engine table of known type (an export or import). */
  static fromWasm(
    state: StoreState,
    table: WebAssembly.Table,
    ty: TableType,
    space: FuncIndexSpace | undefined,
    name: string,
  ): Table {
    const label = `Table ${name} ${ty}`;
    const exn = isExnType(ty.element)
      ? exnTableAccess(state, ty.element, ty.address, { table }, label)
      : undefined;
    const created = new Table(state, ty, table, space, label, exn);
    state.engine.registry.track(state.record, created, label, '');
    return created;
  }

  /** Returns the type recorded at creation (growth does not change it). Fails with `store`/`freed`. */
  ty(ctx: AsContext): TableType {
    stateFor(ctx, this, () => this.#label);
    return this.#ty;
  }

  /** Returns the current number of entries. */
  size(ctx: AsContext): number {
    stateFor(ctx, this, () => this.#label);
    return this.#length();
  }

  /**
   * Adds `delta` entries set to `init` and returns the old size. Fails with `limit` past the
   * maximum, `type` when `init` is not of the element type.
   */
  grow(ctx: AsContextMut, delta: number, init: Ref): number {
    const state = stateFor(ctx as AsContext<unknown>, this, () => this.#label);
    const value = toJs(init, this.#ty.element, state, `${this.#label} grow value`);
    if (!isWholeCount(delta)) {
      throw new LayerError(
        'limit',
        `${this.#label}: expected a whole number of entries to grow by but found ${delta}`,
      );
    }
    let old: number;
    try {
      old =
        this.#exn === undefined
          ? Number(this.#table.grow(this.#address(delta), value))
          : this.#exn.grow(delta, value as number);
      // The adapter's `table.grow` answers -1 where the JS API throws.
      if (old === -1) throw new RangeError('table.grow failed');
    } catch (error) {
      if (error instanceof TypeError) engineTypeRefusal(error, `${this.#label} grow value`);
      throw new LayerError(
        'limit',
        `${this.#label}: cannot grow by ${delta} from ${this.#length()}: ${describeError(error)}`,
        error,
      );
    }
    const registry = state.engine.registry;
    if (registry.listening)
      registry.emit({ kind: 'table-grown', storeId: state.id, from: old, to: old + delta });
    return old;
  }

  /**
   * Returns entry `index`, or undefined past the end. A non-null funcref is returned as a
   * `Func` with its type when its origin is known, else fails with `type` saying why.
   *
   * @example
   * ```ts
   * const entry = table.get(store, 0);
   * if (entry?.type === 'funcref' && entry.value) entry.value.call(store, []);
   * ```
   */
  get(ctx: AsContext, index: number): Ref | undefined {
    const state = stateFor(ctx, this, () => this.#label);
    if (!Number.isInteger(index) || index < 0 || index >= this.#length()) return undefined;
    // The JS API cannot hand out an exnref, not even a null one: the adapter gives its slot.
    if (this.#exn !== undefined)
      return fromJs(this.#exn.get(index), this.#ty.element, state) as Ref;
    return fromJs(
      this.#table.get(this.#address(index)),
      this.#ty.element,
      state,
      this.#space,
    ) as Ref;
  }

  /** Sets entry `index`. Fails with `bounds` past the end and `type` for a value of another type. */
  set(ctx: AsContextMut, index: number, value: Ref): void {
    const state = stateFor(ctx as AsContext<unknown>, this, () => this.#label);
    checkVal(value, this.#ty.element, `${this.#label} entry ${index}`);
    const length = this.#length();
    if (!Number.isInteger(index) || index < 0 || index >= length) {
      throw new LayerError(
        'bounds',
        `${this.#label}: expected an index below ${length} but found ${index}`,
      );
    }
    const what = `${this.#label} entry ${index}`;
    const converted = toJs(value, this.#ty.element, state, what);
    if (this.#exn !== undefined) {
      this.#exn.set(index, converted as number);
      return;
    }
    try {
      this.#table.set(this.#address(index), converted);
    } catch (error) {
      engineTypeRefusal(error, what);
    }
  }

  /** @internal The engine object, for imports. */
  toWasm(state: StoreState): WebAssembly.Table {
    stateFor(state.caller, this, () => this.#label);
    return this.#table;
  }

  #length(): number {
    return Number(this.#table.length);
  }

  // The JS API wants BigInt indices and deltas for a 64-bit table.
  #address(n: number): number {
    return jsAddress(this.#ty.address, n);
  }
}

/** A size the JS API accepts: a non-negative integer that is exact as a number. */
function isWholeCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/**
 * Up to `limit` raw entries of an engine table of either address type (a 64-bit table reports
 * its length and takes its indices as BigInts). Stops early at an entry the JS API cannot
 * return (e.g. an exnref).
 */
export function rawTableEntries(table: WebAssembly.Table, limit: number): unknown[] {
  const length = table.length as unknown;
  const big = typeof length === 'bigint';
  const n = Math.min(Number(length), limit);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push(table.get((big ? BigInt(i) : i) as number));
    } catch {
      break;
    }
  }
  return out;
}

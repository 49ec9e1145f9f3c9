/**
 * `Memory`: wraps `WebAssembly.Memory`. Reads and writes are bounds-checked against the current
 * buffer (a fresh view per call, since growth detaches the old buffer, and another thread may
 * have grown a shared one) and copy nothing when they fail. A shared memory's buffer is a
 * `SharedArrayBuffer`; reads and writes go through it the same way.
 */
import { checkAddressSupported, jsAddress, limitsDescriptor } from './address.ts';
import { LayerError, describeError } from './errors.ts';
import { supportedFeatures, unsupportedFeaturesMessage } from './features/index.ts';
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
import { MemoryType } from './types.ts';

const PAGE = 65_536;

/**
 * A linear memory of a store.
 *
 * @example
 * ```ts
 * const memory = Memory.new(store, new MemoryType(1, 2));
 * memory.write(store, 0, new TextEncoder().encode('hello'));
 * memory.grow(store, 1); // 1 (the old size)
 * const shared = Memory.new(store, new MemoryType(1, 16, { shared: true }));
 * shared.write(store, 0, Uint8Array.of(1, 2, 3)); // into its SharedArrayBuffer
 * ```
 */
export class Memory implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #ty: MemoryType;
  readonly #memory: WebAssembly.Memory;
  readonly #label: string;

  private constructor(
    state: StoreState,
    ty: MemoryType,
    memory: WebAssembly.Memory,
    label: string,
  ) {
    this[STATE] = state;
    this.#ty = ty;
    this.#memory = memory;
    this.#label = label;
  }

  /**
   * Creates a memory of `ty.initialPages` pages, shared between threads when `ty.shared`. Fails
   * with `limit` when the limits are impossible (initial above maximum, above 65536 pages, not
   * whole numbers) or the engine cannot allocate it, and with `unsupported` (naming `threads`)
   * for a shared memory where the engine cannot make one (a browser page that is not
   * cross-origin isolated may refuse).
   */
  static new(ctx: AsContextMut, ty: MemoryType): Memory {
    const state = liveState(ctx as AsContext<unknown>, 'Memory.new');
    if (!(ty instanceof MemoryType)) {
      throw new LayerError('type', `Memory.new: expected a MemoryType but found ${String(ty)}`);
    }
    const label = `Memory ${ty} of Store #${state.id}`;
    const { initialPages: initial, maximumPages: maximum } = ty;
    const whole = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 0);
    if (!whole(initial) || !whole(maximum) || (maximum !== undefined && maximum < initial)) {
      throw new LayerError(
        'limit',
        `${label}: expected whole page counts with initial <= maximum but found ${ty}`,
      );
    }
    checkAddressSupported(ty.address, label);
    if (ty.shared && !supportedFeatures().has('threads')) {
      throw new LayerError(
        'unsupported',
        `${label}: shared memory is not supported by this engine: ${unsupportedFeaturesMessage(['threads'])}`,
      );
    }
    const descriptor = {
      ...limitsDescriptor(ty.address, initial, maximum),
      ...(ty.shared ? { shared: true } : {}),
    };
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory(descriptor);
    } catch (error) {
      throw new LayerError(
        'limit',
        `${label}: the engine refused the limits: ${describeError(error)}`,
        error,
      );
    }
    return trackCreated(state, new Memory(state, ty, memory, label), label);
  }

  /** @internal A `Memory` for an engine memory of known type (an export or import). */
  static fromWasm(
    state: StoreState,
    memory: WebAssembly.Memory,
    ty: MemoryType,
    name: string,
  ): Memory {
    const label = `Memory ${name} ${ty}`;
    const created = new Memory(state, ty, memory, label);
    state.engine.registry.track(state.record, created, label, '');
    return created;
  }

  /** Returns the type recorded at creation (growth does not change it). Fails with `store`/`freed`. */
  ty(ctx: AsContext): MemoryType {
    stateFor(ctx, this, () => this.#label);
    return this.#ty;
  }

  /**
   * Grows the memory by `pages` and returns the old size in pages. Fails with `limit` past the
   * maximum (the size is unchanged).
   */
  grow(ctx: AsContextMut, pages: number): number {
    const state = stateFor(ctx as AsContext<unknown>, this, () => this.#label);
    let old: number;
    try {
      // A 64-bit memory returns a BigInt.
      old = Number(this.#memory.grow(jsAddress(this.#ty.address, pages)));
    } catch (error) {
      throw new LayerError(
        'limit',
        `${this.#label}: cannot grow by ${pages} page(s) from ${this.#pages()}: ${describeError(error)}`,
        error,
      );
    }
    const registry = state.engine.registry;
    if (registry.listening)
      registry.emit({ kind: 'memory-grown', storeId: state.id, from: old, to: old + pages });
    return old;
  }

  /** Returns the current size in pages (including growth done by the guest). */
  currentPages(ctx: AsContext): number {
    stateFor(ctx, this, () => this.#label);
    return this.#pages();
  }

  /**
   * Copies `into.length` bytes starting at `offset` into `into`. Fails with `bounds` (copying
   * nothing) when the range is outside the memory. On a shared memory the copy is not atomic:
   * bytes other threads write meanwhile may or may not be seen, as with any plain access.
   *
   * @example
   * ```ts
   * const bytes = new Uint8Array(5);
   * memory.read(store, 0, bytes);
   * ```
   */
  read(ctx: AsContext, offset: number, into: Uint8Array): void {
    stateFor(ctx, this, () => this.#label);
    const buffer = this.#memory.buffer;
    this.#check(buffer, offset, into.length, 'read');
    into.set(new Uint8Array(buffer, offset, into.length));
  }

  /** Copies `from` into the memory at `offset`. Fails with `bounds` (writing nothing) out of range. */
  write(ctx: AsContextMut, offset: number, from: Uint8Array): void {
    stateFor(ctx as AsContext<unknown>, this, () => this.#label);
    const buffer = this.#memory.buffer;
    this.#check(buffer, offset, from.length, 'write');
    new Uint8Array(buffer, offset, from.length).set(from);
  }

  /**
   * Returns a view of the memory's bytes as they are now, without copying: what a host
   * function needs to read or write guest data in place (a WASI implementation, a memory
   * inspector searching gigabytes). The view is valid until the memory grows: growth detaches
   * a non-shared memory's buffer (the view then reads as empty) and leaves a shared one's view
   * at its old length. Take a fresh view after anything that may grow the memory, such as any
   * call into the guest. Fails with `store`/`freed`.
   *
   * @example
   * ```ts
   * const bytes = memory.data(store);
   * new TextDecoder().decode(bytes.subarray(ptr, ptr + len));
   * ```
   */
  data(ctx: AsContext): Uint8Array {
    stateFor(ctx, this, () => this.#label);
    return new Uint8Array(this.#memory.buffer);
  }

  /** @internal The engine object, for imports. */
  toWasm(state: StoreState): WebAssembly.Memory {
    stateFor(state.caller, this, () => this.#label);
    return this.#memory;
  }

  #pages(): number {
    return this.#memory.buffer.byteLength / PAGE;
  }

  #check(buffer: ArrayBufferLike, offset: number, length: number, what: string): void {
    const size = buffer.byteLength;
    if (Number.isInteger(offset) && offset >= 0 && offset <= size && length <= size - offset)
      return;
    throw new LayerError(
      'bounds',
      `${this.#label}: expected ${what} of ${length} byte(s) at ${offset} within ${size} bytes but it is out of bounds`,
    );
  }
}

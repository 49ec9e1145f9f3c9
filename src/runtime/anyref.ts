/**
 * `AnyRef`: a reference of the `any` hierarchy (the GC proposal) as seen from the host: an
 * `i31`, a struct, an array, or a host value the guest internalized with `any.convert_extern`.
 * The JS API hands structs and arrays out as opaque objects, so the layer asks the engine
 * itself which one a reference is, through a tiny probe module built on first use. Wraps the
 * engine's value; keeps identity for objects, so a struct read twice is the same `AnyRef`.
 */
import { KIND, SECTION, body, module, name, vec } from './adapters/wasm-writer.ts';
import { LayerError } from './errors.ts';
import { ExternRef } from './externref.ts';
import {
  STATE,
  checkOwner,
  liveState,
  stateFor,
  type AsContext,
  type AsContextMut,
  type Owned,
  type StoreState,
} from './store.ts';

/** What an {@link AnyRef} refers to. */
export type AnyRefKind = 'i31' | 'struct' | 'array' | 'host';

const I31_MIN = -(2 ** 30);
const I31_MAX = 2 ** 30 - 1;

function isI31(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= I31_MIN && x <= I31_MAX;
}

interface Probe {
  isStruct(x: unknown): number;
  isArray(x: unknown): number;
}

let probe: Probe | null | undefined;

/**
 * The probe that tells structs from arrays: `ref.test (ref struct)` and `ref.test (ref array)`
 * on an `anyref` parameter. Null when the engine has no GC (then no struct or array exists).
 */
function gcProbe(): Probe | null {
  if (probe !== undefined) return probe;
  const anyrefToI32 = [0x60, 1, 0x6e, 1, 0x7f];
  const refTest = (heap: number) => body([], [0x20, 0, 0xfb, 0x14, heap]);
  const bytes = module([
    [SECTION.type, vec([anyrefToI32])],
    [SECTION.function, vec([[0], [0]])],
    [
      SECTION.export,
      vec([
        [...name('s'), KIND.func, 0],
        [...name('a'), KIND.func, 1],
      ]),
    ],
    [SECTION.code, vec([refTest(0x6b), refTest(0x6a)])],
  ]);
  try {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    probe = {
      isStruct: exports.s as Probe['isStruct'],
      isArray: exports.a as Probe['isArray'],
    };
  } catch {
    probe = null;
  }
  return probe;
}

const identities = new WeakMap<StoreState, WeakMap<object, AnyRef>>();

/**
 * A non-null reference of the `any` hierarchy, owned by a store.
 *
 * @example
 * ```ts
 * const [made] = makePoint.call(store, []); // a function returning (ref $point)
 * (made.value as AnyRef).kind(store); // "struct"
 * AnyRef.i31(store, 7).kind(store); // "i31"
 * ```
 */
export class AnyRef implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #raw: unknown;
  #kind: AnyRefKind | undefined;

  private constructor(state: StoreState, raw: unknown, kind?: AnyRefKind) {
    this[STATE] = state;
    this.#raw = raw;
    this.#kind = kind;
  }

  /**
   * An `i31` reference holding `n`. Fails with `type` unless `n` is an integer in
   * [-2^30, 2^30).
   */
  static i31(ctx: AsContextMut, n: number): AnyRef {
    const state = liveState(ctx, 'AnyRef.i31');
    if (!isI31(n)) {
      throw new LayerError('type', `AnyRef.i31: expected an integer in 31 bits but found ${n}`);
    }
    return new AnyRef(state, n, 'i31');
  }

  /**
   * The `anyref` form of a host reference, as `any.convert_extern` makes it (an opaque
   * reference to a small integer becomes an i31, as the JS API converts it). Fails with
   * `store`/`freed` when `ref` belongs to another or a disposed store.
   */
  static fromExtern(ctx: AsContextMut, ref: ExternRef): AnyRef {
    const state = liveState(ctx, 'AnyRef.fromExtern');
    if (!(ref instanceof ExternRef)) {
      throw new LayerError(
        'type',
        `AnyRef.fromExtern: expected an ExternRef but found ${String(ref)}`,
      );
    }
    return new AnyRef(state, ref.toWasm(state));
  }

  /** Returns what the reference points to. Fails with `store`/`freed`. */
  kind(ctx: AsContext): AnyRefKind {
    stateFor(ctx, this, () => this.#label());
    return this.heapKind();
  }

  /** @internal {@link AnyRef.kind} without the store check, for the layer's own type checks. */
  heapKind(): AnyRefKind {
    if (this.#kind === undefined) this.#kind = kindOf(this.#raw);
    return this.#kind;
  }

  /** Returns the value of an `i31` reference (signed). Fails with `type` for another kind. */
  i31Value(ctx: AsContext): number {
    if (this.kind(ctx) !== 'i31') {
      throw new LayerError(
        'type',
        `${this.#label()}: expected an i31 reference but found a ${this.kind(ctx)} reference`,
      );
    }
    return this.#raw as number;
  }

  /**
   * Returns the host reference an internalized host value stands for (what `extern.convert_any`
   * would give). Fails with `type` for an i31, struct or array.
   */
  toExtern(ctx: AsContext): ExternRef {
    const state = stateFor(ctx, this, () => this.#label());
    const kind = this.kind(ctx);
    if (kind !== 'host') {
      throw new LayerError(
        'type',
        `${this.#label()}: expected a host reference but found a ${kind} reference`,
      );
    }
    return ExternRef.fromWasm(state, this.#raw);
  }

  /** @internal The value wasm holds for this reference. */
  toWasm(state: StoreState): unknown {
    checkOwner(state, this, () => this.#label());
    return this.#raw;
  }

  /** @internal The `AnyRef` for a non-null anyref read from wasm (the same one per object). */
  static fromWasm(state: StoreState, x: unknown): AnyRef {
    if ((typeof x !== 'object' && typeof x !== 'function') || x === null) {
      return new AnyRef(state, x, isI31(x) ? 'i31' : 'host');
    }
    let byObject = identities.get(state);
    if (byObject === undefined) identities.set(state, (byObject = new WeakMap()));
    let ref = byObject.get(x);
    if (ref === undefined) byObject.set(x, (ref = new AnyRef(state, x)));
    return ref;
  }

  #label(): string {
    return `AnyRef${this.#kind ? ` (${this.#kind})` : ''} of Store #${this[STATE].id}`;
  }
}

function kindOf(raw: unknown): AnyRefKind {
  if (isI31(raw)) return 'i31';
  if (raw instanceof ExternRef || typeof raw !== 'object' || raw === null) return 'host';
  const gc = gcProbe();
  if (gc === null) return 'host';
  if (gc.isStruct(raw)) return 'struct';
  if (gc.isArray(raw)) return 'array';
  return 'host';
}

/**
 * `Tag`: wraps `WebAssembly.Tag`, the identity of a kind of exception (the exception-handling
 * proposal). Tags are imported and exported like the other externs; an exception a guest
 * throws out of `Func.call` surfaces as a `trap` whose `cause` is the engine's
 * `WebAssembly.Exception`, and {@link Tag.payload} reads its values back.
 */
import { fromJs } from './convert.ts';
import { LayerError, describeError } from './errors.ts';
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
import { TagType, refTypeParts } from './types.ts';
import type { Val } from './values.ts';

/** The parts of the JS API's exception-handling objects the layer uses (not in lib.dom). */
interface JsTag {
  readonly [Symbol.toStringTag]: string;
}
interface JsException {
  is(tag: JsTag): boolean;
  getArg(tag: JsTag, index: number): unknown;
}
interface ExceptionApi {
  Tag: new (type: { parameters: string[] }) => JsTag;
  Exception: abstract new (...args: never[]) => JsException;
}

/**
 * An exception tag of a store.
 *
 * @example
 * ```ts
 * const oops = Tag.new(store, new TagType(['i32']));
 * imports.define('env', 'oops', oops);
 * try {
 *   run.call(store, []);
 * } catch (error) {
 *   oops.payload(store, error); // [{ type: 'i32', value: 42 }] when the guest threw `oops`
 * }
 * ```
 */
export class Tag implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #ty: TagType;
  readonly #tag: JsTag;
  readonly #label: string;

  private constructor(state: StoreState, ty: TagType, tag: JsTag, label: string) {
    this[STATE] = state;
    this.#ty = ty;
    this.#tag = tag;
    this.#label = label;
  }

  /**
   * Creates a new tag, distinct from every other, whose exceptions carry values of `ty.params`.
   * Fails with `unsupported` when the engine has no exception handling or refuses a parameter
   * type (the JS API has no v128 payloads).
   */
  static new(ctx: AsContextMut, ty: TagType): Tag {
    const state = liveState(ctx as AsContext<unknown>, 'Tag.new');
    if (!(ty instanceof TagType)) {
      throw new LayerError('type', `Tag.new: expected a TagType but found ${String(ty)}`);
    }
    const label = `Tag ${ty} of Store #${state.id}`;
    const api = WebAssembly as unknown as Partial<ExceptionApi>;
    if (typeof api.Tag !== 'function') {
      throw new LayerError(
        'unsupported',
        `${label}: exception tags are not supported by this engine (no WebAssembly.Tag)`,
      );
    }
    let tag: JsTag;
    try {
      tag = new api.Tag({ parameters: ty.params.map(jsApiValueType) });
    } catch (error) {
      throw new LayerError(
        'unsupported',
        `${label}: the engine refused the tag type: ${describeError(error)}`,
        error,
      );
    }
    return trackCreated(state, new Tag(state, ty, tag, label), label);
  }

  /** @internal A `Tag` for an engine tag of known type (an export or import). */
  static fromWasm(state: StoreState, tag: object, ty: TagType, name: string): Tag {
    const label = `Tag ${name} ${ty}`;
    const created = new Tag(state, ty, tag as JsTag, label);
    state.engine.registry.track(state.record, created, label, '');
    return created;
  }

  /** Returns the tag's type. Fails with `store`/`freed`. */
  ty(ctx: AsContext): TagType {
    stateFor(ctx, this, () => this.#label);
    return this.#ty;
  }

  /**
   * When `thrown` is an exception of this tag — the engine's `WebAssembly.Exception`, or a
   * `LayerError` (`trap`) whose cause is one — returns its payload as typed values; otherwise
   * undefined. Fails with `store`/`freed`.
   */
  payload(ctx: AsContext, thrown: unknown): Val[] | undefined {
    const state = stateFor(ctx, this, () => this.#label);
    const exception = thrown instanceof LayerError ? thrown.cause : thrown;
    const api = WebAssembly as unknown as Partial<ExceptionApi>;
    if (api.Exception === undefined || !(exception instanceof api.Exception)) return undefined;
    if (!exception.is(this.#tag)) return undefined;
    // The JS API cannot read these payloads (and Node 20's V8 aborts on a v128 one).
    const unreadable = this.#ty.params.find(
      (t) => t === 'v128' || refTypeParts(t)?.family === 'exnref',
    );
    if (unreadable !== undefined) {
      throw new LayerError(
        'type',
        `${this.#label}: the payload holds a ${unreadable}, which the WebAssembly JS API cannot read`,
      );
    }
    return this.#ty.params.map((t, i) => fromJs(exception.getArg(this.#tag, i), t, state));
  }

  /** @internal The engine object, for imports. */
  toWasm(state: StoreState): object {
    stateFor(state.caller, this, () => this.#label);
    return this.#tag;
  }
}

/**
 * `Func`: a function of a store. Wraps either an exported WebAssembly function (a "guest"
 * function, from an instance export or a funcref) or a host closure made with {@link Func.new},
 * whose callable can become a real exported wasm function through a re-export adapter so it can
 * live in tables and funcref globals.
 */
import {
  bytesToLanes,
  lanesToBytes,
  laneCaller,
  lowerTypes,
  needsLanes,
  wasmFunctionFor,
} from './adapters/adapter-modules.ts';
import { checkVal, fromJsFor, toJsFor, type FromJs, type ToJs } from './convert.ts';
import { LayerError, describeError } from './errors.ts';
import { setGuestFuncFactory } from './func-origins.ts';
import {
  makeCallable,
  runClosure,
  upgradeOrFail,
  type HostCall,
  type HostClosure,
} from './host-func.ts';
import {
  STATE,
  checkOwner,
  liveState,
  stateFor,
  type AsContext,
  type AsContextMut,
  type Owned,
  type StoreContextMut,
  type StoreState,
} from './store.ts';
import { FuncType } from './types.ts';
import type { Val } from './values.ts';
import { Wobbly } from './wobbly.ts';
import type { LifetimeRegistry } from './registry.ts';

// When a callable becomes unreachable, its wobbly member drops and the closure is released.
const collectedCallables = new FinalizationRegistry<HostCall>((call) => {
  if (call.member.released) {
    call.member.drop();
    return;
  }
  call.member.drop();
  call.registry.hostFuncReleased(call.record, 'gc');
});

/**
 * @internal Wraps an engine error thrown out of guest code: traps keep the engine's message and
 * stack; errors of the layer (host, type, freed …) pass through unchanged.
 */
export function guestError(error: unknown, state: StoreState, what: string): LayerError {
  if (error instanceof LayerError) return error;
  const isTrap =
    error instanceof WebAssembly.RuntimeError ||
    (error instanceof RangeError && /call stack/i.test(error.message)) ||
    ('Exception' in WebAssembly &&
      error instanceof (WebAssembly as unknown as { Exception: new () => object }).Exception);
  const message = error instanceof Error ? error.message : describeError(error);
  const wrapped = new LayerError(
    isTrap ? 'trap' : 'type',
    isTrap ? message : `${what}: ${message}`,
    error,
  );
  if (error instanceof Error && error.stack !== undefined) {
    wrapped.stack = `LayerError: ${wrapped.message}\n${error.stack.split('\n').slice(1).join('\n')}`;
  }
  if (isTrap && state.engine.registry.listening)
    state.engine.registry.emit({ kind: 'trap', storeId: state.id, func: what, message });
  return wrapped;
}

/**
 * A function: callable from the host with tagged values, and usable as an import or funcref.
 *
 * @example
 * ```ts
 * const addOne = instance.getExport(store, 'add_one') as Func;
 * addOne.call(store, [Val.i32(41)]); // [{ type: 'i32', value: 42 }]
 * addOne.ty(store).toString(); // "func(i32) -> i32"
 * ```
 */
export class Func implements Owned {
  /** @internal */
  readonly [STATE]: StoreState;
  readonly #ty: FuncType;
  readonly #label: string;
  /** Guest: the exported wasm function. Host: the callable. */
  readonly #js: CallableFunction;
  readonly #host: HostCall | undefined;
  #wasm: CallableFunction | undefined;
  #laneFn: CallableFunction | undefined;
  readonly #to: ToJs[];
  readonly #from: FromJs[];
  readonly #paramLabels: string[];
  readonly #lanes: boolean;
  readonly #arity: number;
  readonly #registry: LifetimeRegistry;

  private constructor(
    state: StoreState,
    ty: FuncType,
    js: CallableFunction,
    host: HostCall | undefined,
  ) {
    this[STATE] = state;
    this.#ty = ty;
    this.#js = js;
    this.#host = host;
    this.#label = `${host === undefined ? 'Func' : 'host Func'} ${ty.name ?? '(anonymous)'} ${ty}`;
    this.#to = ty.params.map(toJsFor);
    this.#from = ty.results.map(fromJsFor);
    this.#paramLabels = ty.params.map((_, i) => `${this.#label} argument ${i}`);
    this.#lanes = needsLanes(ty);
    this.#arity = ty.params.length;
    this.#registry = state.engine.registry;
  }

  /**
   * Makes a host function of type `ty` in the store of `ctx`. `host` receives a context of that
   * store and the arguments (valid during the call only: copy what you keep) and returns the
   * results, which are checked against `ty` (`type` error into the guest otherwise). An error it
   * throws surfaces from the outermost `Func.call`/`Instance.new` as `host` with it as `cause`.
   * Disposing the store frees the closure; later calls fail with `freed`.
   *
   * @example
   * ```ts
   * const ty = new FuncType(['i32'], ['i32']).withName('plus10');
   * const plus10 = Func.new(store, ty, (_caller, [x]) => [Val.i32((x.value as number) + 10)]);
   * plus10.call(store, [Val.i32(5)]); // [{ type: 'i32', value: 15 }]
   * ```
   */
  static new<T>(
    ctx: AsContextMut<T>,
    ty: FuncType,
    host: (caller: StoreContextMut<T>, args: readonly Val[]) => readonly Val[] | void,
  ): Func {
    const state = liveState(ctx as AsContext<unknown>, 'Func.new');
    if (!(ty instanceof FuncType)) {
      throw new LayerError('type', `Func.new: expected a FuncType but found ${String(ty)}`);
    }
    if (typeof host !== 'function') {
      throw new LayerError('type', `Func.new: expected a host function but found ${typeof host}`);
    }
    const registry = state.engine.registry;
    const stack = registry.stack();
    const record = registry.hostFuncCreated(state.record, ty.toString(), stack);
    const storeMember = Wobbly.new(host as unknown as HostClosure);
    state.hostMembers.push(storeMember as Wobbly<unknown>);
    const label = `host Func #${record.id} ${ty.name ?? '(anonymous)'} ${ty}`;
    const call: HostCall = { state, member: storeMember.clone(), record, registry, ty, label };
    const callable = makeCallable(call);
    collectedCallables.register(callable, call);
    const func = new Func(state, ty, callable, call);
    registry.track(state.record, func, label, stack);
    return func;
  }

  /** @internal A `Func` for an exported wasm function of known type. */
  static fromGuest(state: StoreState, fn: CallableFunction, ty: FuncType): Func {
    // One wasm function reads back as one Func per store, wherever it is read from.
    const cached = state.funcCache.get(fn);
    if (cached instanceof Func) return cached;
    const func = new Func(state, ty, fn, undefined);
    state.funcCache.set(fn, func);
    state.engine.registry.track(state.record, func, func.#label, '');
    return func;
  }

  /** True for a function made by {@link Func.new}. */
  get isHost(): boolean {
    return this.#host !== undefined;
  }

  /**
   * Returns the function's type (named after its export, import or what the host gave).
   * Fails with `store`/`freed` when used with another or a disposed store.
   */
  ty(ctx: AsContext): FuncType {
    stateFor(ctx, this, () => this.#label);
    return this.#ty;
  }

  /**
   * Calls the function with `args` and returns its results. Fails with `type` (before the guest
   * runs) when the count or a type of `args` does not match; with `trap` when the guest traps;
   * with `host` when a host function threw; with `store`/`freed` for a wrong or disposed store.
   *
   * @example
   * ```ts
   * const [sum, diff] = addSub.call(store, [Val.i32(5), Val.i32(7)]);
   * ```
   */
  call(ctx: AsContextMut, args: readonly Val[]): Val[] {
    const owner = this[STATE];
    const state =
      (ctx as unknown as Owned)[STATE] === owner && !owner.disposed
        ? owner
        : this.#checkCallable(ctx);
    const n = this.#arity;
    // A non-array has no numeric length, so this one comparison also rejects it.
    if (args.length !== n || !Array.isArray(args)) {
      throw new LayerError(
        'type',
        `${this.#label}: expected ${n} argument(s) (${this.#ty.params.join(', ')}) but found ${
          Array.isArray(args) ? args.length : typeof args
        }`,
      );
    }
    if (this.#host !== undefined) return this.#callHost(state, args);
    if (this.#lanes) return this.#callLanes(state, args);
    const to = this.#to;
    const labels = this.#paramLabels;
    const fn = this.#js;
    let raw: unknown;
    // Arguments are converted before the try: their errors are the caller's, not the guest's.
    switch (n) {
      case 0:
        raw = this.#invoke(state, fn);
        break;
      case 1:
        raw = this.#invoke(state, fn, to[0](args[0], state, labels[0]));
        break;
      case 2:
        raw = this.#invoke(
          state,
          fn,
          to[0](args[0], state, labels[0]),
          to[1](args[1], state, labels[1]),
        );
        break;
      default: {
        const js = new Array<unknown>(n);
        for (let i = 0; i < n; i++) js[i] = to[i](args[i], state, labels[i]);
        raw = this.#invokeList(state, fn, js);
      }
    }
    return this.#decodeResults(state, raw);
  }

  // Two fixed slots cover the common arities without a rest array; wasm ignores extra arguments.
  #invoke(state: StoreState, fn: CallableFunction, a?: unknown, b?: unknown): unknown {
    if (this.#registry.listening)
      this.#registry.emit({ kind: 'guest-call', storeId: state.id, func: this.#label });
    try {
      return fn(a, b);
    } catch (error) {
      throw guestError(error, state, this.#label);
    }
  }

  #invokeList(state: StoreState, fn: CallableFunction, js: unknown[]): unknown {
    const registry = state.engine.registry;
    if (registry.listening)
      registry.emit({ kind: 'guest-call', storeId: state.id, func: this.#label });
    try {
      return fn(...js);
    } catch (error) {
      throw guestError(error, state, this.#label);
    }
  }

  #decodeResults(state: StoreState, raw: unknown): Val[] {
    const from = this.#from;
    const m = from.length;
    if (m === 0) return [];
    if (m === 1) return [from[0](raw, state)];
    const list = raw as unknown[];
    const out = new Array<Val>(m);
    for (let i = 0; i < m; i++) out[i] = from[i](list[i], state);
    return out;
  }

  #callLanes(state: StoreState, args: readonly Val[]): Val[] {
    this.#laneFn ??= laneCaller(this.#ty, this.#js);
    const js: unknown[] = [];
    this.#ty.params.forEach((t, i) => {
      if (t === 'v128') {
        checkVal(args[i], 'v128', this.#paramLabels[i]);
        js.push(...bytesToLanes(args[i].value as Uint8Array));
      } else js.push(this.#to[i](args[i], state, this.#paramLabels[i]));
    });
    const raw = this.#invokeList(state, this.#laneFn, js);
    const lowered = lowerTypes(this.#ty.results);
    const flat: unknown[] =
      lowered.length === 1 ? [raw] : lowered.length === 0 ? [] : (raw as unknown[]);
    const out: Val[] = [];
    let k = 0;
    for (const t of this.#ty.results) {
      if (t === 'v128') {
        out.push({ type: 'v128', value: lanesToBytes(flat as number[], k) });
        k += 4;
      } else out.push(fromJsFor(t)(flat[k++], state));
    }
    return out;
  }

  #callHost(state: StoreState, args: readonly Val[]): Val[] {
    const call = this.#host as HostCall;
    const ty = this.#ty;
    for (let i = 0; i < args.length; i++) {
      checkVal(args[i], ty.params[i], this.#paramLabels[i]);
      const ref = args[i].value;
      if (ref !== null && typeof ref === 'object' && STATE in ref)
        checkOwner(state, ref as Owned, () => this.#paramLabels[i]);
    }
    const results = runClosure(call, upgradeOrFail(call), args);
    return results.map((r, i) => {
      checkVal(r, ty.results[i], `${this.#label} result ${i}`);
      return r;
    });
  }

  #checkCallable(ctx: AsContextMut): StoreState {
    const host = this.#host;
    const owner = this[STATE];
    // A host function of a disposed store reports the reference's message and counts the call.
    if (host !== undefined && owner.disposed) upgradeOrFail(host);
    // A guest function of a disposed store would reach freed host functions if it ran: say so.
    const hostFuncsFreed = owner.disposed && owner.record.hostFuncs > 0;
    return stateFor(ctx as AsContext<unknown>, this, () =>
      hostFuncsFreed
        ? `${this.#label} (its host functions were freed: host func called after free of its associated store)`
        : this.#label,
    );
  }

  /**
   * @internal The wasm function object for this function (a funcref value). A host function
   * gets a re-export adapter the first time.
   */
  toWasm(state: StoreState): CallableFunction {
    checkOwner(state, this, () => this.#label);
    if (this.#host === undefined) return this.#js;
    if (this.#wasm === undefined) {
      this.#wasm = wasmFunctionFor(this.#ty, this.#js);
      state.engine.origins.set(this.#wasm, { kind: 'host', func: this });
    }
    return this.#wasm;
  }

  /**
   * @internal What an instance imports for this function: the bare callable when it is fastest
   * and identity cannot escape, else the wasm function.
   */
  importValue(state: StoreState, identityMayEscape: boolean): CallableFunction {
    checkOwner(state, this, () => this.#label);
    if (this.#host !== undefined && !identityMayEscape && !needsLanes(this.#ty)) return this.#js;
    return this.toWasm(state);
  }

  /** For messages: `Func add_one func(i32) -> i32`. */
  toString(): string {
    return this.#label;
  }
}

setGuestFuncFactory((state, fn, type) => Func.fromGuest(state, fn, type));

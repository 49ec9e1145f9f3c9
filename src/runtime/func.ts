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
  needsAdapter,
  usesExn,
  wasmFunctionFor,
  type ExnImports,
} from './adapters/adapter-modules.ts';
import { checkVal } from './convert.ts';
import { LayerError } from './errors.ts';
import { exnBoxOf } from './exnref.ts';
import type { FuncIndexSpace } from './func-origins.ts';
import { guestError } from './guest-error.ts';
import {
  makeCallable,
  runClosure,
  upgradeOrFail,
  HostCall,
  type HostClosure,
} from './host-func.ts';
import {
  STATE,
  checkOwner,
  liveState,
  stateFor,
  trackCreated,
  type AsContext,
  type AsContextMut,
  type Owned,
  type StoreContextMut,
  type StoreState,
} from './store.ts';
import {
  numArg as importedNumArg,
  numKind,
  numVal as importedNumVal,
  valFromJs,
  valToJs,
  type NumKind,
} from './inline-convert.ts';
import { TypedFunc, checkSignature } from './typed-func.ts';
import { FuncType, type ValType } from './types.ts';
import { IS_FUNC, type Val } from './values.ts';
import { Wobbly } from './wobbly.ts';
import type { LifetimeRegistry } from './registry.ts';

// The call paths read these through module constants: in a caller's optimised code an
// imported binding is read through a cell and checked (initialised? the same value?) on every
// call, where a constant of this module is folded away.
const STATE_KEY: typeof STATE = STATE;
const numArg = importedNumArg;
const numVal = importedNumVal;

// When a callable becomes unreachable, its wobbly member drops and the closure is released.
const collectedCallables = new FinalizationRegistry<HostCall>((call) => {
  const wasLive = !call.member.released;
  call.member.drop();
  if (wasLive) call.registry.hostFuncReleased(call.record, 'gc');
  call.registry.hostFuncCallableCollected(call.record);
});

/**
 * Which code `Func.call` runs: the fast path of a guest function whose parameters (0, 1 or 2)
 * and result (at most one) are all i32, f32 or f64; else the general path.
 */
const enum Path {
  Num0 = 0,
  Num1 = 1,
  Num2 = 2,
  Other = 3,
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
  readonly #paramLabels: string[];
  readonly #lanes: boolean;
  readonly #path: Path;
  // The fast path's parameter and result kinds (0 where there is none).
  readonly #kind0: NumKind;
  readonly #kind1: NumKind;
  readonly #resultKind: NumKind;
  readonly #arity: number;
  readonly #registry: LifetimeRegistry;
  // The instance whose export this is: a funcref it returns may be one of its own functions.
  readonly #space: FuncIndexSpace | undefined;
  // An exnref parameter or result: its adapter imports the store's exnref box.
  readonly #crossesExn: boolean;

  private constructor(
    state: StoreState,
    ty: FuncType,
    js: CallableFunction,
    host: HostCall | undefined,
    space?: FuncIndexSpace,
  ) {
    this[STATE] = state;
    this.#ty = ty;
    this.#js = js;
    this.#host = host;
    this.#space = space;
    this.#crossesExn = usesExn([...ty.params, ...ty.results]);
    this.#label = `${host === undefined ? 'Func' : 'host Func'} ${ty.name ?? '(anonymous)'} ${ty}`;
    this.#paramLabels = ty.params.map((_, i) => `${this.#label} argument ${i}`);
    this.#lanes = needsAdapter(ty);
    const kinds = ty.params.map(numKind);
    const fast =
      host === undefined &&
      ty.params.length <= 2 &&
      kinds.every((k) => k !== 0) &&
      ty.results.length <= 1 &&
      ty.results.every((t) => numKind(t) !== 0);
    this.#path = fast ? (ty.params.length as Path) : Path.Other;
    this.#kind0 = kinds[0] ?? 0;
    this.#kind1 = kinds[1] ?? 0;
    this.#resultKind = ty.results.length === 1 ? numKind(ty.results[0]) : 0;
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
    // Where the engine has no exnref, say so now rather than at the first use.
    if (usesExn([...ty.params, ...ty.results])) exnBoxOf(state, `Func.new: ${ty}`);
    const registry = state.engine.registry;
    const stack = registry.stack();
    const record = registry.hostFuncCreated(state.record, ty.toString(), stack);
    const storeMember = Wobbly.new(host as unknown as HostClosure);
    state.hostMembers.push(storeMember as Wobbly<unknown>);
    const label = `host Func #${record.id} ${ty.name ?? '(anonymous)'} ${ty}`;
    const call = new HostCall(state, storeMember.clone(), record, registry, ty, label);
    const callable = makeCallable(call);
    collectedCallables.register(callable, call);
    const func = new Func(state, ty, callable, call);
    registry.track(state.record, func, label, stack);
    return func;
  }

  /** @internal A `Func` for an exported wasm function of known type. */
  static fromGuest(
    state: StoreState,
    fn: CallableFunction,
    ty: FuncType,
    space?: FuncIndexSpace,
  ): Func {
    // One wasm function reads back as one Func per store, wherever it is read from.
    const cached = state.funcCache.get(fn);
    if (cached instanceof Func) return cached;
    const func = new Func(state, ty, fn, undefined, space);
    state.funcCache.set(fn, func);
    state.engine.registry.track(state.record, func, func.#label, '');
    return func;
  }

  /** @internal Marks a `Func` for value conversion (see {@link IS_FUNC}). */
  get [IS_FUNC](): true {
    return true;
  }

  /** True for a function made by {@link Func.new}. */
  get isHost(): boolean {
    return this.#host !== undefined;
  }

  /**
   * Where a wasm function is defined, when the layer knows: the id of the instance that first
   * exposed it (for an export, or a funcref read from an instance's tables, that instance) and
   * its index in that module's function index space (the JS API names an exported wasm function
   * by its index). Undefined for host functions and for functions of unknown origin.
   *
   * @example
   * ```ts
   * const entry = table.get(store, 0); // a funcref put there by an element segment
   * entry?.value instanceof Func && entry.value.definition; // { instanceId: 7, index: 3 }
   * ```
   */
  get definition(): { instanceId: number; index: number } | undefined {
    if (this.#host !== undefined) return undefined;
    const origin = this[STATE].engine.origins.get(this.#js);
    const name = this.#js.name;
    if (origin?.kind !== 'guest' || origin.instanceId === undefined) return undefined;
    if (!/^(0|[1-9][0-9]*)$/.test(name)) return undefined;
    return { instanceId: origin.instanceId, index: Number(name) };
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
   * Returns a handle that calls this function with plain JS values, its signature checked now
   * rather than its arguments' tags on every call (see {@link TypedFunc}). Fails with `type`
   * unless `params` and `results` are exactly the function's types; with `store`/`freed` for a
   * wrong or disposed store.
   *
   * @example
   * ```ts
   * const add = (instance.getExport(store, 'add') as Func).typed(store, ['i32', 'i32'], ['i32']);
   * let sum = 0;
   * for (let i = 0; i < 1000; i++) sum = add.call(store, sum, i);
   * add.func.typed(store, ['i64'], []); // throws LayerError (code "type")
   * ```
   */
  typed<const P extends readonly ValType[], const R extends readonly ValType[]>(
    ctx: AsContext,
    params: P,
    results: R,
  ): TypedFunc<P, R> {
    const state = stateFor(ctx, this, () => this.#label);
    checkSignature(this.#ty, params, results, this.#label);
    const direct = this.#host === undefined && !this.#lanes && !this.#crossesExn;
    const typed = new TypedFunc<P, R>(this, {
      state,
      ty: this.#ty,
      label: this.#label,
      paramLabels: this.#paramLabels,
      guest: direct ? this.#js : undefined,
      rejectContext: (other) => this.#checkCallable(other as AsContextMut),
      callVals: (s, args) => this.#callOther(s, args),
    });
    return trackCreated(state, typed, `Typed${this.#label}`);
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
    // The hot path of every guest call. It and what it calls are kept small (the engine's
    // inlining budget is counted in bytecode, rare paths included) so that the optimising
    // compiler can inline them into the caller's loop and drop the result array when the
    // caller only reads it. Everything rare lives in other methods.
    const state = this[STATE_KEY];
    // An identity comparison and a flag; a wrong, disposed or bogus context throws there.
    // (`=== true`: a bare flag test compiles to a full truthiness test of any value.)
    if (ctx == null || (ctx as unknown as Owned)[STATE_KEY] !== state || state.disposed === true)
      this.#checkCallable(ctx);
    if (!Array.isArray(args) || args.length !== this.#arity) throw this.#arityError(args);
    switch (this.#path) {
      case Path.Num0:
        return this.#call0(state);
      case Path.Num1:
        return this.#call1(state, args);
      case Path.Num2:
        return this.#call2(state, args);
      default:
        return this.#callOther(state, args);
    }
  }

  // All-number signatures of up to two parameters and at most one result. One method per
  // arity: the engine sees the exact argument count, and only the one a function uses is
  // inlined. Arguments are converted before the guest runs (their errors are the caller's);
  // what the inline checks do not accept takes the general path, which reports it. Results
  // are a fresh array every call: the caller owns it. (No results go through a call rather
  // than a second array literal: the engine cannot drop an allocation merged with another.)

  #call0(state: StoreState): Val[] {
    if (this.#registry.listening === true) this.#announce(state);
    let raw: unknown;
    try {
      raw = this.#js();
    } catch (error) {
      throw guestError(error, state, this.#label);
    }
    const kind = this.#resultKind;
    return kind !== 0 ? [numVal(raw as number, kind)] : this.#decodeResults(state, raw);
  }

  #call1(state: StoreState, args: readonly Val[]): Val[] {
    const a = numArg(args[0], this.#kind0);
    if (a === undefined) return this.#callOther(state, args);
    if (this.#registry.listening === true) this.#announce(state);
    let raw: unknown;
    try {
      raw = this.#js(a);
    } catch (error) {
      throw guestError(error, state, this.#label);
    }
    const kind = this.#resultKind;
    return kind !== 0 ? [numVal(raw as number, kind)] : this.#decodeResults(state, raw);
  }

  #call2(state: StoreState, args: readonly Val[]): Val[] {
    const a = numArg(args[0], this.#kind0);
    const b = numArg(args[1], this.#kind1);
    if (a === undefined || b === undefined) return this.#callOther(state, args);
    if (this.#registry.listening === true) this.#announce(state);
    let raw: unknown;
    try {
      raw = this.#js(a, b);
    } catch (error) {
      throw guestError(error, state, this.#label);
    }
    const kind = this.#resultKind;
    return kind !== 0 ? [numVal(raw as number, kind)] : this.#decodeResults(state, raw);
  }

  #announce(state: StoreState): void {
    this.#registry.emit({ kind: 'guest-call', storeId: state.id, func: this.#label });
  }

  #arityError(args: unknown): LayerError {
    return new LayerError(
      'type',
      `${this.#label}: expected ${this.#arity} argument(s) (${this.#ty.params.join(', ')}) but found ${
        Array.isArray(args) ? args.length : typeof args
      }`,
    );
  }

  /**
   * Host functions, v128 signatures, other guest signatures, and arguments the fast path did
   * not accept.
   */
  #callOther(state: StoreState, args: readonly Val[]): Val[] {
    if (this.#host !== undefined) return this.#callHost(state, args);
    if (this.#lanes) return this.#callLanes(state, args);
    const n = this.#arity;
    const params = this.#ty.params;
    const js = new Array<unknown>(n);
    for (let i = 0; i < n; i++) js[i] = valToJs(args[i], params[i], state, this.#paramLabels[i]);
    return this.#decodeResults(state, this.#invokeList(state, this.#js, js));
  }

  #invokeList(state: StoreState, fn: CallableFunction, js: unknown[]): unknown {
    if (this.#registry.listening === true) this.#announce(state);
    try {
      return fn(...js);
    } catch (error) {
      throw guestError(error, state, this.#label);
    }
  }

  #decodeResults(state: StoreState, raw: unknown): Val[] {
    const results = this.#ty.results;
    const m = results.length;
    if (m === 0) return [];
    if (m === 1) return [valFromJs(raw, results[0], state, this.#space)];
    const list = raw as unknown[];
    const out = new Array<Val>(m);
    for (let i = 0; i < m; i++) out[i] = valFromJs(list[i], results[i], state, this.#space);
    return out;
  }

  #callLanes(state: StoreState, args: readonly Val[]): Val[] {
    this.#laneFn ??= laneCaller(this.#ty, this.#js, this.#exnImports(state));
    const js: unknown[] = [];
    this.#ty.params.forEach((t, i) => {
      if (t === 'v128') {
        checkVal(args[i], 'v128', this.#paramLabels[i]);
        js.push(...bytesToLanes(args[i].value as Uint8Array));
      } else js.push(valToJs(args[i], t, state, this.#paramLabels[i]));
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
      } else out.push(valFromJs(flat[k++], t, state, this.#space));
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
      this.#wasm = wasmFunctionFor(this.#ty, this.#js, this.#exnImports(state));
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
    if (this.#host !== undefined && !identityMayEscape && !needsAdapter(this.#ty)) return this.#js;
    return this.toWasm(state);
  }

  /** The store's exnref box, for an adapter through which exnrefs cross. */
  #exnImports(state: StoreState): ExnImports | undefined {
    return this.#crossesExn ? exnBoxOf(state, this.#label) : undefined;
  }

  /** For messages: `Func add_one func(i32) -> i32`. */
  toString(): string {
    return this.#label;
  }
}

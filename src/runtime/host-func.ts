/**
 * The callable of a host function: the plain JS function wasm calls (as an import, or through
 * a re-export adapter in tables and globals). It holds one member of the closure's wobbly group,
 * checks and converts values against the host `FuncType`, and never holds the `Store`. The hot
 * path allocates nothing for numeric signatures: argument `Val`s are reused when the function is
 * not re-entered, and results are converted in place. Wraps no JS API object.
 *
 * The callables of all host functions of one arity share their code, so the engine's type
 * feedback is shared too. The hot path therefore reads plain fields of one `HostCall` object
 * and calls module-level functions (fixed targets, always inlined) instead of per-signature
 * converter tables or per-callable helper closures, which turn polymorphic as soon as a program
 * has two host functions; and integers and floats go through separate statements, so that each
 * property access sees one kind of value object.
 */
import {
  bytesToLanes,
  lanesToBytes,
  lowerTypes,
  needsAdapter,
} from './adapters/adapter-modules.ts';
import { checkVal, fromJsFor, toJsFor } from './convert.ts';
import { LayerError, describeError } from './errors.ts';
import { numArg, numKind, valFromJs, valToJs, type NumKind } from './inline-convert.ts';
import type { HostFuncRecord, LifetimeRegistry } from './registry.ts';
import type { StoreContextMut, StoreState } from './store.ts';
import { refTypeParts, type FuncType, type ValType } from './types.ts';
import { FloatVal, type Val } from './values.ts';
import type { Wobbly } from './wobbly.ts';

/** A host closure as the runtime stores it. */
export type HostClosure = (
  caller: StoreContextMut<unknown>,
  args: readonly Val[],
) => readonly Val[] | void;

/** How the callable stores an argument from wasm: in place in a reused value, or converted. */
const enum Slot {
  Convert = 0,
  Int = 1,
  Float = 2,
}

function slotOf(t: ValType): Slot {
  if (t === 'f32' || t === 'f64') return Slot.Float;
  return t === 'i32' || t === 'i64' ? Slot.Int : Slot.Convert;
}

/**
 * @internal Everything a host function's callable and `Func.call` share, precomputed once so
 * that a call reads plain fields. Arrays are unfrozen copies: the engine does not optimise
 * element reads of frozen arrays.
 */
export class HostCall {
  readonly state: StoreState;
  readonly member: Wobbly<HostClosure>;
  readonly record: HostFuncRecord;
  readonly registry: LifetimeRegistry;
  readonly ty: FuncType;
  readonly label: string;
  /** The context the closure receives (the store's one, made once). */
  readonly caller: StoreContextMut<unknown>;
  readonly params: readonly ValType[];
  readonly slots: readonly Slot[];
  readonly results: readonly ValType[];
  /** The kind of the only result, when there is one number result; 0 otherwise. */
  readonly resultKind: NumKind;
  readonly resultLabels: readonly string[];
  /** The argument values the callable reuses from call to call. */
  readonly reusable: Val[];
  /**
   * Callable calls in progress. A re-entered callable gets fresh argument values, since the
   * outer call's closure may still be reading the reused ones.
   */
  depth = 0;

  constructor(
    state: StoreState,
    member: Wobbly<HostClosure>,
    record: HostFuncRecord,
    registry: LifetimeRegistry,
    ty: FuncType,
    label: string,
  ) {
    this.state = state;
    this.member = member;
    this.record = record;
    this.registry = registry;
    this.ty = ty;
    this.label = label;
    this.caller = state.caller;
    this.params = [...ty.params];
    this.slots = ty.params.map(slotOf);
    this.results = [...ty.results];
    this.resultKind = ty.results.length === 1 ? numKind(ty.results[0]) : 0;
    this.resultLabels = ty.results.map((_, i) => `${label} result ${i}`);
    this.reusable = ty.params.map(zero);
  }

  /** The argument values for a call that starts now (see {@link HostCall.depth}). */
  enter(): Val[] {
    return this.depth++ === 0 ? this.reusable : this.params.map(zero);
  }
}

const NO_RESULTS: readonly Val[] = [];

// The functions below run on every host call and are inlined into the callable. Their rare
// paths (events, errors) live in separate functions: the engine's inlining budget counts every
// byte of an inlined function, taken or not.

/** @internal Returns the closure, or fails with `freed` (and records the call after free). */
export function upgradeOrFail(call: HostCall): HostClosure {
  const closure = call.member.upgrade();
  if (closure === undefined) throw calledAfterFree(call);
  call.record.calls++;
  // `=== true`: a bare flag test compiles to a full truthiness test of any value.
  if (call.registry.listening === true) announceCall(call);
  return closure;
}

/** @internal Runs the closure; any non-`LayerError` it throws becomes a `host` error. */
export function runClosure(
  call: HostCall,
  closure: HostClosure,
  args: readonly Val[],
): readonly Val[] {
  let out: readonly Val[] | void;
  try {
    out = closure(call.caller, args);
  } catch (error) {
    throw hostError(call, error);
  }
  return checkedCount(call, out);
}

/** The closure's results, when they are an array of the declared length. */
function checkedCount(call: HostCall, out: readonly Val[] | void): readonly Val[] {
  const results = out ?? NO_RESULTS;
  if (!Array.isArray(results) || results.length !== call.results.length)
    throw resultCountError(call, results);
  return results;
}

/** Stores wasm's argument `x` in slot `i` of `args`: numbers in place, others converted. */
function setArg(call: HostCall, args: Val[], i: number, x: unknown): void {
  const slot = call.slots[i];
  if (slot === Slot.Float) (args[i] as FloatVal).value = x as number;
  else if (slot === Slot.Int) (args[i] as { value: unknown }).value = x;
  else args[i] = valFromJs(x, call.params[i], call.state);
}

/** Runs the closure with `args`; returns its results, checked, in the JS API's form. */
function finish(call: HostCall, args: readonly Val[]): unknown {
  const closure = upgradeOrFail(call);
  const kind = call.resultKind;
  let out: readonly Val[] | void;
  try {
    // One call site per kind of number result. The engine keeps a record of the closures each
    // call site has called and inlines the closure only while that is one; all host functions
    // share this code, so without the split a program's second host function would already
    // stop that for the first. (The engine specialises its own wasm-to-JS wrappers per
    // signature for the same reason.)
    switch (kind) {
      case 1:
        out = closure(call.caller, args);
        break;
      case 2:
        out = closure(call.caller, args);
        break;
      case 3:
        out = closure(call.caller, args);
        break;
      default:
        out = closure(call.caller, args);
    }
  } catch (error) {
    throw hostError(call, error);
  }
  const results = checkedCount(call, out);
  if (kind !== 0) {
    const x = numArg(results[0], kind);
    if (x !== undefined) return x;
  }
  return resultsToJs(call, results);
}

/** Results through the full check (anything but one well-formed number). */
function resultsToJs(call: HostCall, results: readonly Val[]): unknown {
  const { results: types, resultLabels: labels, state } = call;
  if (types.length === 0) return undefined;
  if (types.length === 1) return valToJs(results[0], types[0], state, labels[0]);
  const out = new Array<unknown>(types.length);
  for (let i = 0; i < types.length; i++) out[i] = valToJs(results[i], types[i], state, labels[i]);
  return out;
}

function announceCall(call: HostCall): void {
  call.registry.emit({
    kind: 'host-func-called',
    funcId: call.record.id,
    storeId: call.record.storeId,
    afterFree: false,
  });
}

function calledAfterFree(call: HostCall): LayerError {
  call.registry.hostFuncCalledAfterFree(call.record);
  return new LayerError(
    'freed',
    `${call.label}: host func called after free of its associated store (Store #${call.record.storeId}${
      call.record.releasedBy === 'gc' ? '; its callable was collected' : ' was disposed'
    })`,
  );
}

function hostError(call: HostCall, error: unknown): LayerError {
  if (error instanceof LayerError) return error;
  return new LayerError('host', `${call.label} threw: ${describeError(error)}`, error);
}

function resultCountError(call: HostCall, results: unknown): LayerError {
  return new LayerError(
    'type',
    `${call.label}: expected ${call.ty.results.length} result(s) (${call.ty.results.join(', ')}) but the host function returned ${
      Array.isArray(results) ? results.length : typeof results
    }`,
  );
}

function zero(t: ValType): Val {
  switch (t) {
    case 'i64':
      return { type: 'i64', value: 0n };
    case 'v128':
      return { type: 'v128', value: new Uint8Array(16) };
    case 'f32':
    case 'f64':
      return new FloatVal(t, 0.5) as Val;
    case 'i32':
      return { type: t, value: 0 };
    default:
      // A reference slot starts as the null of its hierarchy.
      return { type: refTypeParts(t)?.family ?? 'externref', value: null };
  }
}

/**
 * @internal Builds the JS callable for a host function. For a v128 or exnref signature the
 * callable takes and returns four i32 lanes per v128 and a slot of the store's exnref box per
 * exnref (an adapter module supplies the real form).
 */
export function makeCallable(call: HostCall): CallableFunction {
  if (needsAdapter(call.ty)) return makeLaneCallable(call);
  const n = call.params.length;
  // One shape per small arity so a call needs no rest array. `depth` is restored by a catch
  // rather than a `finally`, which costs more on the normal path.
  switch (n) {
    case 0:
      return function hostCall0() {
        const args = call.enter();
        let out: unknown;
        try {
          out = finish(call, args);
        } catch (error) {
          call.depth--;
          throw error;
        }
        call.depth--;
        return out;
      };
    case 1:
      return function hostCall1(a: unknown) {
        const args = call.enter();
        let out: unknown;
        try {
          setArg(call, args, 0, a);
          out = finish(call, args);
        } catch (error) {
          call.depth--;
          throw error;
        }
        call.depth--;
        return out;
      };
    case 2:
      return function hostCall2(a: unknown, b: unknown) {
        const args = call.enter();
        let out: unknown;
        try {
          setArg(call, args, 0, a);
          setArg(call, args, 1, b);
          out = finish(call, args);
        } catch (error) {
          call.depth--;
          throw error;
        }
        call.depth--;
        return out;
      };
    case 3:
      return function hostCall3(a: unknown, b: unknown, c: unknown) {
        const args = call.enter();
        let out: unknown;
        try {
          setArg(call, args, 0, a);
          setArg(call, args, 1, b);
          setArg(call, args, 2, c);
          out = finish(call, args);
        } catch (error) {
          call.depth--;
          throw error;
        }
        call.depth--;
        return out;
      };
    default:
      return function hostCallN(...xs: unknown[]) {
        const args = call.enter();
        let out: unknown;
        try {
          for (let i = 0; i < n; i++) setArg(call, args, i, xs[i]);
          out = finish(call, args);
        } catch (error) {
          call.depth--;
          throw error;
        }
        call.depth--;
        return out;
      };
  }
}

function makeLaneCallable(call: HostCall): CallableFunction {
  const { ty, state, label } = call;
  const lowered = lowerTypes(ty.results);
  return (...xs: unknown[]) => {
    const args: Val[] = [];
    let k = 0;
    for (const t of ty.params) {
      if (t === 'v128') {
        args.push({ type: 'v128', value: lanesToBytes(xs as number[], k) });
        k += 4;
      } else {
        args.push(fromJsFor(t)(xs[k++], state));
      }
    }
    const results = runClosure(call, upgradeOrFail(call), args);
    const out: unknown[] = [];
    ty.results.forEach((t, i) => {
      const what = `${label} result ${i}`;
      if (t === 'v128') {
        checkVal(results[i], 'v128', what);
        out.push(...bytesToLanes(results[i].value as Uint8Array));
      } else out.push(toJsFor(t)(results[i], state, what));
    });
    return lowered.length === 1 ? out[0] : lowered.length === 0 ? undefined : out;
  };
}

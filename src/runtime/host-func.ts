/**
 * The callable of a host function: the plain JS function wasm calls (as an import, or through
 * a re-export adapter in tables and globals). It holds one member of the closure's wobbly group,
 * checks and converts values against the host `FuncType`, and never holds the `Store`. The hot
 * path allocates nothing for numeric signatures: argument `Val`s are reused when the function is
 * not re-entered, and results are converted in place. Wraps no JS API object.
 */
import { bytesToLanes, lanesToBytes, lowerTypes, needsLanes } from './adapters/adapter-modules.ts';
import { checkVal, fromJsFor, toJsFor, type FromJs, type ToJs } from './convert.ts';
import { LayerError, describeError } from './errors.ts';
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

/** @internal Everything a host function's callable and `Func.call` share. */
export interface HostCall {
  readonly state: StoreState;
  readonly member: Wobbly<HostClosure>;
  readonly record: HostFuncRecord;
  readonly registry: LifetimeRegistry;
  readonly ty: FuncType;
  readonly label: string;
}

const NO_RESULTS: readonly Val[] = [];

/** @internal Returns the closure, or fails with `freed` (and records the call after free). */
export function upgradeOrFail(call: HostCall): HostClosure {
  const closure = call.member.upgrade();
  if (closure !== undefined) {
    call.record.calls++;
    if (call.registry.listening)
      call.registry.emit({
        kind: 'host-func-called',
        funcId: call.record.id,
        storeId: call.record.storeId,
        afterFree: false,
      });
    return closure;
  }
  call.registry.hostFuncCalledAfterFree(call.record);
  throw new LayerError(
    'freed',
    `${call.label}: host func called after free of its associated store (Store #${call.record.storeId}${
      call.record.releasedBy === 'gc' ? '; its callable was collected' : ' was disposed'
    })`,
  );
}

/** @internal Runs the closure; any non-`LayerError` it throws becomes a `host` error. */
export function runClosure(
  call: HostCall,
  closure: HostClosure,
  args: readonly Val[],
): readonly Val[] {
  let out: readonly Val[] | void;
  try {
    out = closure(call.state.caller, args);
  } catch (error) {
    if (error instanceof LayerError) throw error;
    throw new LayerError('host', `${call.label} threw: ${describeError(error)}`, error);
  }
  const results = out ?? NO_RESULTS;
  if (!Array.isArray(results) || results.length !== call.ty.results.length) {
    throw new LayerError(
      'type',
      `${call.label}: expected ${call.ty.results.length} result(s) (${call.ty.results.join(', ')}) but the host function returned ${
        Array.isArray(results) ? results.length : typeof results
      }`,
    );
  }
  return results;
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
    default: {
      // A reference slot starts as the null of its hierarchy.
      const family = refTypeParts(t)?.family;
      return {
        type: family === 'exnref' || family === undefined ? 'externref' : family,
        value: null,
      };
    }
  }
}

const NUMERIC = new Set<ValType>(['i32', 'i64', 'f32', 'f64']);

/**
 * @internal Builds the JS callable for a host function. For a v128 signature the callable
 * takes and returns four i32 lanes per v128 (an adapter module supplies the v128 form).
 */
export function makeCallable(call: HostCall): CallableFunction {
  if (needsLanes(call.ty)) return makeLaneCallable(call);
  const { ty, state, label } = call;
  const n = ty.params.length;
  const numeric = ty.params.map((t) => NUMERIC.has(t));
  const from: FromJs[] = ty.params.map(fromJsFor);
  const to: ToJs[] = ty.results.map(toJsFor);
  const resultLabels = ty.results.map((_, i) => `${label} result ${i}`);
  const nResults = ty.results.length;
  const reusable: Val[] = ty.params.map(zero);
  let depth = 0;

  const enter = (): Val[] => (depth++ === 0 ? reusable : ty.params.map(zero));
  const set = (args: Val[], i: number, x: unknown): void => {
    if (numeric[i]) (args[i] as { value: unknown }).value = x;
    else args[i] = from[i](x, state);
  };
  const finish = (args: Val[]): unknown => {
    const closure = upgradeOrFail(call);
    const results = runClosure(call, closure, args);
    if (nResults === 0) return undefined;
    if (nResults === 1) return to[0](results[0], state, resultLabels[0]);
    const out = new Array<unknown>(nResults);
    for (let i = 0; i < nResults; i++) out[i] = to[i](results[i], state, resultLabels[i]);
    return out;
  };

  // One shape per small arity so a call needs no rest array.
  switch (n) {
    case 0:
      return () => {
        try {
          return finish(enter());
        } finally {
          depth--;
        }
      };
    case 1:
      return (a: unknown) => {
        const args = enter();
        try {
          set(args, 0, a);
          return finish(args);
        } finally {
          depth--;
        }
      };
    case 2:
      return (a: unknown, b: unknown) => {
        const args = enter();
        try {
          set(args, 0, a);
          set(args, 1, b);
          return finish(args);
        } finally {
          depth--;
        }
      };
    case 3:
      return (a: unknown, b: unknown, c: unknown) => {
        const args = enter();
        try {
          set(args, 0, a);
          set(args, 1, b);
          set(args, 2, c);
          return finish(args);
        } finally {
          depth--;
        }
      };
    default:
      return (...xs: unknown[]) => {
        const args = enter();
        try {
          for (let i = 0; i < n; i++) set(args, i, xs[i]);
          return finish(args);
        } finally {
          depth--;
        }
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

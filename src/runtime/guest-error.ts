/**
 * How an error thrown out of guest code surfaces: a trap keeps the engine's message and stack
 * (and is announced to the registry), an error of the layer passes through. Shared by every
 * path into wasm (`Func.call`, `TypedFunc.call`, a start function). Wraps no JS API object.
 */
import { LayerError, describeError } from './errors.ts';
import type { StoreState } from './store.ts';

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
  // A WebAssembly.Exception is no Error: name it rather than print "[object …]".
  const message =
    error instanceof Error
      ? error.message
      : isTrap
        ? 'uncaught WebAssembly exception (Tag.payload reads its values)'
        : describeError(error);
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

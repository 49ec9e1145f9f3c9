/**
 * The one error type of the runtime layer. Every misuse or failure surfaces as a `LayerError`
 * whose `code` tells the class of problem, so callers (and the panel) can branch on it without
 * parsing messages.
 */

/**
 * Why a runtime operation failed.
 *
 * - `decode`: the bytes are not a well-formed module (the message carries the byte offset).
 * - `compile`: the engine refused a well-formed module (the engine's message is kept).
 * - `unsupported`: the module needs something this engine or this layer cannot provide.
 * - `link`: an import is missing or does not match what the module declares.
 * - `trap`: the guest trapped; the engine's message and stack are kept.
 * - `host`: a host function threw; the original error is the `cause`.
 * - `type`: a value, arity or signature does not match the declared type.
 * - `bounds`: an index or address range is outside a memory or table.
 * - `limit`: growing or creating past a declared or engine limit.
 * - `immutable`: writing to an immutable global.
 * - `store`: an object was used with a store other than the one that owns it.
 * - `freed`: the store (or the object's store) was disposed.
 */
export type LayerErrorCode =
  | 'decode'
  | 'compile'
  | 'unsupported'
  | 'link'
  | 'trap'
  | 'host'
  | 'type'
  | 'bounds'
  | 'limit'
  | 'immutable'
  | 'store'
  | 'freed';

/**
 * An error raised by the runtime layer.
 *
 * The message names the object, what was expected and what was found. Wrapped engine or host
 * errors are kept in `cause`.
 *
 * @example
 * ```ts
 * try { func.call(store, []); } catch (e) {
 *   if (e instanceof LayerError && e.code === 'type') console.log(e.message);
 * }
 * ```
 */
export class LayerError extends Error {
  override readonly name = 'LayerError';
  /** The class of failure; see {@link LayerErrorCode}. */
  readonly code: LayerErrorCode;
  /** The engine or host error this one wraps, when there is one. */
  declare cause?: unknown;

  /**
   * Creates an error of class `code`. `cause`, when given, is kept as `cause`.
   *
   * @example
   * ```ts
   * throw new LayerError('type', 'Global: expected i32 but found f64');
   * ```
   */
  constructor(code: LayerErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

/** Short text for any thrown value, for messages that quote an engine error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * @internal The engine refused a value a layer check let through: only the engine knows a
 * reference's exact type (an i31 where a struct is declared, a function of another signature),
 * and it says so with a `TypeError`. That is a `type` error naming `what`; anything else
 * rethrows.
 */
export function engineTypeRefusal(error: unknown, what: string): never {
  if (error instanceof TypeError) {
    throw new LayerError('type', `${what}: the engine refused the value: ${error.message}`, error);
  }
  throw error;
}

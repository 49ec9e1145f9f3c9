/**
 * How a worker service is described on both sides: a spec type maps each method name to its
 * parameters and result, the worker supplies handlers and parameter validators, the panel
 * gets a typed client. One spec, so the two sides cannot drift apart.
 */

/** One method's parameters and result. */
export interface MethodSpec {
  params: unknown;
  result: unknown;
}

/**
 * A service's methods: an interface whose every property is a {@link MethodSpec}. Used as
 * `S extends ServiceSpec<S>` so that plain interfaces (without an index signature) qualify.
 */
export type ServiceSpec<S> = { [K in keyof S]: MethodSpec };

/** A method name of `S`. */
export type MethodOf<S> = keyof S & string;

/** What a handler gets besides its parameters. */
export interface CallContext {
  /** Aborted when the panel cancels the call (or the service closes). */
  readonly signal: AbortSignal;
  /** Reports progress; sent at most every 50 ms, and always for the last step. */
  progress(done: number, total: number, label?: string): void;
  /**
   * Lets the worker read its mailbox (a cancel may be waiting) and throws an `AbortError` if
   * the call was cancelled. Long handlers call it between slices of work.
   */
  checkpoint(): Promise<void>;
}

/** A result, plus the buffers to move rather than copy (see {@link withTransfer}). */
export interface Transferring<T> {
  readonly [TRANSFER]: Transferable[];
  readonly value: T;
}

const TRANSFER = Symbol('transfer');

/** Marks `value` to be posted with `transfer` moved (module bytes, memory windows). */
export function withTransfer<T>(value: T, transfer: Transferable[]): Transferring<T> {
  return { [TRANSFER]: transfer, value };
}

/** Splits a handler's return value into the value and its transfer list. */
export function unwrapTransfer(result: unknown): { value: unknown; transfer: Transferable[] } {
  if (typeof result === 'object' && result !== null && TRANSFER in result) {
    const marked = result as Transferring<unknown>;
    return { value: marked.value, transfer: marked[TRANSFER] };
  }
  return { value: result, transfer: [] };
}

/** The worker's implementation of `S`. */
export type ServiceHandlers<S extends ServiceSpec<S>> = {
  [K in MethodOf<S>]: (
    params: S[K]['params'],
    call: CallContext,
  ) =>
    | S[K]['result']
    | Transferring<S[K]['result']>
    | Promise<S[K]['result'] | Transferring<S[K]['result']>>;
};

/** One validator per method: whether a message's `params` have the method's shape. */
export type ParamValidators<S extends ServiceSpec<S>> = {
  [K in MethodOf<S>]: (params: unknown) => params is S[K]['params'];
};

/** The minimal face of a `Worker`, `MessagePort` or worker global scope. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

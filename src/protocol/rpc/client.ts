/**
 * The panel side of a service: typed calls with one outcome each, progress, cancellation by
 * `AbortSignal`, and unasked events. Replies are checked by the envelope's validator (and by a
 * method's result validator when the service has one) before anything reads them.
 */
import { PendingReplies } from '../pending-replies.ts';
import { RpcError, parseRpcResponse } from './envelope.ts';
import type { MessageEndpoint, MethodOf, ServiceSpec } from './service.ts';

/** A progress report of a running call. */
export interface RpcProgress {
  done: number;
  total: number;
  label: string;
}

/** Options of one call. */
export interface CallOptions {
  /** Cancels the call: the worker is told, and the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Receives the call's progress reports. */
  onProgress?: (progress: RpcProgress) => void;
  /** Buffers to move to the worker instead of copying them. */
  transfer?: Transferable[];
  /** Fails the call after this long (default: never). */
  timeoutMs?: number;
}

/** Optional result validators, per method. */
export type ResultValidators<S extends ServiceSpec<S>> = {
  [K in MethodOf<S>]?: (value: unknown) => value is S[K]['result'];
};

function abortError(): Error {
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}

/** Calls a worker's service `S`. */
export class RpcClient<S extends ServiceSpec<S>> {
  readonly #endpoint: MessageEndpoint;
  readonly #pending = new PendingReplies<
    unknown,
    { method: string; onProgress?: (p: RpcProgress) => void }
  >();
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly #resultValidators: ResultValidators<S>;
  readonly #onMessage = (event: MessageEvent): void => this.#receive(event.data);
  #closedWith: Error | null = null;
  #dropped = 0;

  constructor(endpoint: MessageEndpoint, resultValidators: ResultValidators<S> = {}) {
    this.#endpoint = endpoint;
    this.#resultValidators = resultValidators;
    endpoint.addEventListener('message', this.#onMessage);
  }

  /** Messages dropped as malformed or unexpected. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Calls `method` and resolves with its result. */
  call<K extends MethodOf<S>>(
    method: K,
    params: S[K]['params'],
    options: CallOptions = {},
  ): Promise<S[K]['result']> {
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    if (options.signal?.aborted) return Promise.reject(abortError());
    const { id, promise } = this.#pending.open(
      { method, onProgress: options.onProgress },
      options.timeoutMs ?? Infinity,
      () => new RpcError({ name: 'TimeoutError', code: 'timeout', message: `${method} timed out` }),
    );
    const signal = options.signal;
    const onAbort = (): void => {
      if (!this.#pending.reject(id, abortError())) return;
      this.#endpoint.postMessage({ rpc: 'cancel', id });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#endpoint.postMessage({ rpc: 'call', id, method, params }, options.transfer ?? []);
    return promise.finally(() => signal?.removeEventListener('abort', onAbort)) as Promise<
      S[K]['result']
    >;
  }

  /** Listens to the worker's events on `topic`; returns the unsubscribe function. */
  on(topic: string, listener: (payload: unknown) => void): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Fails every call in flight and every later call with `error` (the worker crashed or was
   * terminated), and stops listening.
   */
  close(
    error: Error = new RpcError({
      name: 'RpcError',
      code: 'closed',
      message: 'the worker is gone',
    }),
  ): void {
    if (this.#closedWith) return;
    this.#closedWith = error;
    this.#endpoint.removeEventListener('message', this.#onMessage);
    this.#pending.rejectAll(error);
  }

  #receive(data: unknown): void {
    const response = parseRpcResponse(data);
    if (!response) {
      this.#dropped++;
      return;
    }
    switch (response.rpc) {
      case 'event':
        for (const listener of this.#listeners.get(response.topic) ?? [])
          listener(response.payload);
        return;
      case 'progress':
        this.#pending.meta(response.id)?.onProgress?.(response);
        return;
      case 'error':
        if (!this.#pending.reject(response.id, new RpcError(response.error))) this.#dropped++;
        return;
      case 'result': {
        const meta = this.#pending.meta(response.id);
        if (!meta) {
          this.#dropped++;
          return;
        }
        const validate = (
          this.#resultValidators as Record<string, ((v: unknown) => boolean) | undefined>
        )[meta.method];
        if (validate && !validate(response.value)) {
          this.#pending.reject(
            response.id,
            new RpcError({
              name: 'RpcError',
              code: 'invalid-result',
              message: `the worker sent a malformed ${meta.method} result`,
            }),
          );
          return;
        }
        this.#pending.resolve(response.id, response.value);
        return;
      }
    }
  }
}

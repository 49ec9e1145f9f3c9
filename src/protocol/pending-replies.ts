/**
 * Request/reply bookkeeping, the one copy every context uses: the background's live requests
 * to pages, the panel's requests to the background and to its workers, and the e2e harness's
 * CDP and BiDi clients. Each request gets a fresh id, a timeout, and exactly one outcome.
 */

/** What the tracker keeps for each request in flight. */
interface Waiter<T, M> {
  meta: M;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Options of {@link PendingReplies}. */
export interface PendingRepliesOptions {
  /**
   * Prefix of the ids this tracker hands out: ids are `prefix` + a decimal counter. Without a
   * prefix they are `"0"`, `"1"`, …, so protocols whose ids are numbers (CDP, WebDriver BiDi)
   * can send `Number(id)`.
   */
  idPrefix?: string;
}

/** Where {@link PendingReplies.track} delivers a request's outcome. */
export interface ReplyHandlers<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/**
 * Requests sent and not yet answered, keyed by id, each carrying metadata `M` (for example the
 * frame a request went to, so only that frame's reply is accepted).
 *
 * @example
 * ```ts
 * const pending = new PendingReplies<number>();
 * const { id, promise } = pending.open(undefined, 5000, () => new Error('timed out'));
 * worker.postMessage({ id, op: 'length' });
 * worker.onmessage = ({ data }) => pending.resolve(data.id, data.value);
 * await promise;
 * ```
 */
export class PendingReplies<T = unknown, M = undefined> {
  readonly #waiters = new Map<string, Waiter<T, M>>();
  readonly #prefix: string;
  #next = 0;

  constructor(options: PendingRepliesOptions = {}) {
    this.#prefix = options.idPrefix ?? '';
  }

  /** How many requests are in flight. */
  get size(): number {
    return this.#waiters.size;
  }

  /**
   * Registers a request and returns its id and the promise of its outcome. After `timeoutMs`
   * (none when `Infinity`) the promise rejects with `timeoutError()`.
   */
  open(meta: M, timeoutMs: number, timeoutError: () => Error): { id: string; promise: Promise<T> } {
    let id = '';
    const promise = new Promise<T>((resolve, reject) => {
      id = this.track(meta, timeoutMs, timeoutError, { resolve, reject });
    });
    return { id, promise };
  }

  /**
   * Like {@link PendingReplies.open}, but the outcome goes to `handlers` in the same task that
   * settles the request, with no promise in between: for a router that must answer before it
   * handles the next message. Returns the request's id.
   */
  track(meta: M, timeoutMs: number, timeoutError: () => Error, handlers: ReplyHandlers<T>): string {
    const id = `${this.#prefix}${this.#next++}`;
    const timer = Number.isFinite(timeoutMs)
      ? setTimeout(() => this.reject(id, timeoutError()), timeoutMs)
      : undefined;
    this.#waiters.set(id, { meta, resolve: handlers.resolve, reject: handlers.reject, timer });
    return id;
  }

  /** The metadata of request `id`, if it is in flight. */
  meta(id: string): M | undefined {
    return this.#waiters.get(id)?.meta;
  }

  /** Whether request `id` is in flight. */
  has(id: string): boolean {
    return this.#waiters.has(id);
  }

  /** Settles request `id` with a value; unknown or settled ids are ignored. */
  resolve(id: string, value: T): boolean {
    const waiter = this.#take(id);
    waiter?.resolve(value);
    return waiter !== undefined;
  }

  /** Settles request `id` with an error; unknown or settled ids are ignored. */
  reject(id: string, error: Error): boolean {
    const waiter = this.#take(id);
    waiter?.reject(error);
    return waiter !== undefined;
  }

  /** Fails every request whose metadata satisfies `which` (all of them by default). */
  rejectAll(error: Error, which: (meta: M) => boolean = () => true): void {
    for (const [id, waiter] of [...this.#waiters]) if (which(waiter.meta)) this.reject(id, error);
  }

  #take(id: string): Waiter<T, M> | undefined {
    const waiter = this.#waiters.get(id);
    if (!waiter) return undefined;
    clearTimeout(waiter.timer);
    this.#waiters.delete(id);
    return waiter;
  }
}

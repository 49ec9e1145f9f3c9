/**
 * Request/reply bookkeeping shared by the CDP and WebDriver BiDi clients: both number their
 * commands, match replies by id, time out, and fail everything in flight when the socket closes.
 */

type Waiter = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** Commands sent and not yet answered, keyed by id. */
export class PendingReplies {
  private nextId = 0;
  private readonly waiters = new Map<number, Waiter>();

  /**
   * Allocates an id, lets `send` put the command on the wire, and resolves with the reply's
   * result (or rejects with `timeoutError` after `timeoutMs`).
   */
  request<T>(send: (id: number) => void, timeoutMs: number, timeoutError: () => Error): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(timeoutError());
      }, timeoutMs);
      this.waiters.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      send(id);
    });
  }

  /** Settles the command `id` with a result or an error; unknown ids are ignored. */
  settle(id: number, outcome: { result: unknown } | { error: Error }): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    if ('error' in outcome) waiter.reject(outcome.error);
    else waiter.resolve(outcome.result);
  }

  /** Fails every command in flight (the socket closed). */
  failAll(error: Error): void {
    for (const { reject } of this.waiters.values()) reject(error);
    this.waiters.clear();
  }
}

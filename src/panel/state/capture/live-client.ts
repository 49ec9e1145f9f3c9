/**
 * Live requests from the panel: each gets a promise that resolves with the page's answer or
 * rejects with a {@link LiveRequestError} naming the reason (timeout, frame gone, …).
 */
import type { LiveErrorCode, LiveRequest, LiveResult, LiveValue } from '../../../protocol/index.ts';

/** A live request the page (or the background on its behalf) refused. */
export class LiveRequestError extends Error {
  constructor(
    readonly code: LiveErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'LiveRequestError';
  }
}

/** How long the panel waits for the background, beyond the background's own page timeout. */
const PANEL_TIMEOUT_MS = 15_000;

interface Pending {
  resolve: (value: LiveValue) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Correlates live requests with their replies. */
export class LiveClient {
  readonly #pending = new Map<string, Pending>();
  #next = 0;

  constructor(private readonly send: (requestId: string, request: LiveRequest) => void) {}

  /** Sends a request and resolves with its value. */
  request(request: LiveRequest): Promise<LiveValue> {
    const requestId = `p${this.#next++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new LiveRequestError('timeout', 'no answer from the background'));
      }, PANEL_TIMEOUT_MS);
      this.#pending.set(requestId, { resolve, reject, timer });
      this.send(requestId, request);
    });
  }

  /** Delivers a reply. */
  reply(requestId: string, result: LiveResult): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(requestId);
    if (result.ok) pending.resolve(result.value);
    else pending.reject(new LiveRequestError(result.error, result.message));
  }
}

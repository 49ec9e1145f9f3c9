/**
 * Live requests from the panel: each gets a promise that resolves with the page's answer or
 * rejects with a {@link LiveRequestError} naming the reason (timeout, frame gone, …). The
 * bookkeeping is the protocol's {@link PendingReplies}.
 */
import type { LiveErrorCode, LiveRequest, LiveResult, LiveValue } from '../../../protocol/index.ts';
import { PendingReplies } from '../../../protocol/index.ts';

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

/** Correlates live requests with their replies. */
export class LiveClient {
  readonly #pending = new PendingReplies<LiveResult>({ idPrefix: 'p' });

  constructor(private readonly send: (requestId: string, request: LiveRequest) => void) {}

  /** Sends a request and resolves with its value. */
  async request(request: LiveRequest): Promise<LiveValue> {
    const { id, promise } = this.#pending.open(
      undefined,
      PANEL_TIMEOUT_MS,
      () => new LiveRequestError('timeout', 'no answer from the background'),
    );
    try {
      this.send(id, request);
    } catch (error) {
      this.#pending.reject(id, error instanceof Error ? error : new Error(String(error)));
    }
    const result = await promise;
    if (!result.ok) throw new LiveRequestError(result.error, result.message);
    return result.value;
  }

  /** Delivers a reply. */
  reply(requestId: string, result: LiveResult): void {
    this.#pending.resolve(requestId, result);
  }
}

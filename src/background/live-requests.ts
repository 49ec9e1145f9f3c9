/**
 * Live requests in flight between panels and pages. The background issues its own request
 * ids (panels' ids could collide), answers with `timeout` when the page stays silent, and
 * accepts a reply only from the frame the request went to.
 */
import type { LiveResult } from '../protocol/index.ts';
import { LIVE_REQUEST_TIMEOUT_MS, liveError } from '../protocol/index.ts';

interface Pending {
  tabId: number;
  frameId: number;
  answer: (result: LiveResult) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Pending live requests. */
export class LiveRequests {
  readonly #pending = new Map<string, Pending>();
  #next = 0;

  constructor(private readonly timeoutMs = LIVE_REQUEST_TIMEOUT_MS) {}

  /** Registers a request to `frameId` of `tabId`; `answer` is called exactly once. */
  open(tabId: number, frameId: number, answer: (result: LiveResult) => void): string {
    const requestId = `r${Date.now().toString(36)}${(this.#next++).toString(36)}`;
    const timer = setTimeout(
      () =>
        this.settle(
          requestId,
          liveError('timeout', `the page did not answer within ${this.timeoutMs} ms`),
        ),
      this.timeoutMs,
    );
    this.#pending.set(requestId, { tabId, frameId, answer, timer });
    return requestId;
  }

  /** A reply from a page frame; ignored unless it matches a pending request to that frame. */
  reply(tabId: number, frameId: number, requestId: string, result: LiveResult): void {
    const pending = this.#pending.get(requestId);
    if (pending && pending.tabId === tabId && pending.frameId === frameId)
      this.settle(requestId, result);
  }

  /** Answers a request (reply, error or timeout) and forgets it. */
  settle(requestId: string, result: LiveResult): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(requestId);
    pending.answer(result);
  }

  /** Fails every request to a frame that went away. */
  frameGone(tabId: number, frameId?: number): void {
    for (const [id, pending] of [...this.#pending]) {
      if (pending.tabId === tabId && (frameId === undefined || pending.frameId === frameId)) {
        this.settle(id, liveError('frame-gone', 'the frame navigated or closed'));
      }
    }
  }
}

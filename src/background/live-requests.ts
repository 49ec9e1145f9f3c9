/**
 * Live requests in flight between panels and pages. The background issues its own request
 * ids (panels' ids could collide), answers with `timeout` when the page stays silent, and
 * accepts a reply only from the frame the request went to. The bookkeeping is the protocol's
 * {@link PendingReplies}; this adds the frame check and the answers as {@link LiveResult}s.
 */
import type { LiveResult } from '../protocol/index.ts';
import { LIVE_REQUEST_TIMEOUT_MS, PendingReplies, liveError } from '../protocol/index.ts';

/** The frame a request went to: only its reply is accepted. */
interface Destination {
  tabId: number;
  frameId: number;
}

/** A failed answer, carried through the tracker's rejection path to `answer`. */
class LiveFailure extends Error {
  constructor(readonly result: LiveResult) {
    super(result.ok ? 'live request failed' : result.message);
  }
}

/** Pending live requests. */
export class LiveRequests {
  // The start time keeps ids unique across service worker restarts, so a late reply to a
  // request of the previous worker cannot be taken for one of this worker's.
  readonly #pending = new PendingReplies<LiveResult, Destination>({
    idPrefix: `r${Date.now().toString(36)}.`,
  });

  constructor(private readonly timeoutMs = LIVE_REQUEST_TIMEOUT_MS) {}

  /** Registers a request to `frameId` of `tabId`; `answer` is called exactly once. */
  open(tabId: number, frameId: number, answer: (result: LiveResult) => void): string {
    return this.#pending.track(
      { tabId, frameId },
      this.timeoutMs,
      () =>
        new LiveFailure(
          liveError('timeout', `the page did not answer within ${this.timeoutMs} ms`),
        ),
      {
        resolve: answer,
        reject: (error) =>
          answer(
            error instanceof LiveFailure ? error.result : liveError('frame-gone', error.message),
          ),
      },
    );
  }

  /** A reply from a page frame; ignored unless it matches a pending request to that frame. */
  reply(tabId: number, frameId: number, requestId: string, result: LiveResult): void {
    const destination = this.#pending.meta(requestId);
    if (destination?.tabId === tabId && destination.frameId === frameId) {
      this.#pending.resolve(requestId, result);
    }
  }

  /** Answers a request (reply, error or timeout) and forgets it. */
  settle(requestId: string, result: LiveResult): void {
    this.#pending.resolve(requestId, result);
  }

  /** Fails every request to a frame that went away. */
  frameGone(tabId: number, frameId?: number): void {
    this.#pending.rejectAll(
      new LiveFailure(liveError('frame-gone', 'the frame navigated or closed')),
      (destination) =>
        destination.tabId === tabId && (frameId === undefined || destination.frameId === frameId),
    );
  }
}

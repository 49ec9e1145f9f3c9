/**
 * The relay's filter between the page and the extension. The page can post anything on the
 * hook's port, so a report passes only if it is well-formed, within the rate limit, and — for
 * byte chunks and live replies — answers a command the relay actually forwarded. Everything
 * else is counted and dropped.
 */
import type { HookCommand, HookReport } from '../../protocol/index.ts';
import { MAX_MESSAGES_PER_SECOND, parseHookReport } from '../../protocol/index.ts';

/** Most commands awaiting an answer at once; beyond it the oldest are forgotten. */
const MAX_PENDING = 256;

/** Token bucket: a burst of `burst` messages, refilled at `ratePerSecond`. */
export class RateLimiter {
  #tokens: number;
  #last: number;

  constructor(
    private readonly now: () => number,
    private readonly ratePerSecond = MAX_MESSAGES_PER_SECOND,
    private readonly burst = MAX_MESSAGES_PER_SECOND * 2,
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(
      this.burst,
      this.#tokens + ((now - this.#last) / 1000) * this.ratePerSecond,
    );
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

function remember(set: Set<string>, id: string): void {
  set.add(id);
  if (set.size > MAX_PENDING) set.delete(set.values().next().value as string);
}

/** Validates, rate-limits and counts what the hook sends. */
export class RelayGate {
  #dropped = 0;
  readonly #transfers = new Set<string>();
  readonly #requests = new Set<string>();
  readonly #limiter: RateLimiter;

  constructor(now: () => number = () => performance.now(), limiter?: RateLimiter) {
    this.#limiter = limiter ?? new RateLimiter(now);
  }

  /** Messages dropped so far (malformed, unsolicited, or over the rate limit). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Counts one message rejected before it reached the gate (a second handshake, say). */
  drop(): void {
    this.#dropped++;
  }

  /** Notes a command going to the hook, so its answer will be accepted. */
  expect(command: HookCommand): void {
    if (command.kind === 'send-bytes') remember(this.#transfers, command.transferId);
    if (command.kind === 'live') remember(this.#requests, command.requestId);
  }

  /** Returns the sanitised report to forward, or null (and counts it) to drop it. */
  admit(raw: unknown): HookReport | null {
    const report = parseHookReport(raw);
    if (!report || !this.#solicited(report)) {
      this.#dropped++;
      return null;
    }
    return report;
  }

  #solicited(report: HookReport): boolean {
    switch (report.kind) {
      case 'chunk':
        if (!this.#transfers.has(report.transferId)) return false;
        if (report.index === report.total - 1) this.#transfers.delete(report.transferId);
        return true;
      case 'transfer-failed':
        return this.#transfers.delete(report.transferId);
      case 'reply':
        return this.#requests.delete(report.requestId);
      default:
        return this.#limiter.take();
    }
  }
}

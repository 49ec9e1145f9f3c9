/**
 * The relay's filter between the page and the extension. The page can post anything on the
 * hook's port, so a report passes only if it is well-formed, within the rate limit, and — for
 * byte chunks and live replies — answers a command the relay actually forwarded. A transfer's
 * chunks pass once each, within the count its first chunk of each part announced. Everything
 * else is counted and dropped.
 */
import type { ChunkReport, HookCommand, HookReport, TransferPart } from '../../protocol/index.ts';
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

function remember<T>(map: Map<string, T>, id: string, value: T): void {
  map.set(id, value);
  if (map.size > MAX_PENDING) map.delete(map.keys().next().value as string);
}

/** The chunks of one part of a transfer that passed so far. */
interface PartProgress {
  total: number;
  seen: Uint8Array;
  count: number;
}

/** A transfer the relay asked the hook for: which chunks of each part passed. */
class ExpectedTransfer {
  readonly #parts = new Map<TransferPart, PartProgress>();

  /** Admits a chunk once; false for a repeat or one that contradicts its part's count. */
  admit(chunk: ChunkReport): boolean {
    let part = this.#parts.get(chunk.part);
    if (!part) {
      part = { total: chunk.total, seen: new Uint8Array(chunk.total), count: 0 };
      this.#parts.set(chunk.part, part);
    }
    if (chunk.total !== part.total || part.seen[chunk.index]) return false;
    part.seen[chunk.index] = 1;
    part.count++;
    return true;
  }

  /** True once every chunk of the module's bytes passed. */
  get complete(): boolean {
    const module = this.#parts.get('module');
    return module !== undefined && module.count === module.total;
  }
}

/** Validates, rate-limits and counts what the hook sends. */
export class RelayGate {
  #dropped = 0;
  readonly #transfers = new Map<string, ExpectedTransfer>();
  readonly #requests = new Map<string, true>();
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
    if (command.kind === 'send-bytes')
      remember(this.#transfers, command.transferId, new ExpectedTransfer());
    if (command.kind === 'live') remember(this.#requests, command.requestId, true);
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
      case 'chunk': {
        const transfer = this.#transfers.get(report.transferId);
        if (!transfer?.admit(report)) return false;
        if (transfer.complete) this.#transfers.delete(report.transferId);
        return true;
      }
      case 'transfer-failed':
        return this.#transfers.delete(report.transferId);
      case 'reply':
        return this.#requests.delete(report.requestId);
      default:
        return this.#limiter.take();
    }
  }
}

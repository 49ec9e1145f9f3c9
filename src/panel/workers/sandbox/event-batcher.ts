/**
 * What the sandbox pushes to the panel, batched: registry events, console text and host-call
 * logs queue here and go out together, after each method and, while guest code runs, at most
 * every {@link LIVE_INTERVAL_MS} from inside host calls (the only moments a busy worker can
 * post). A loop that calls a host function a million times must not send a million messages:
 * per batch, frequent events past a threshold are counted instead of sent, and per run only
 * the first {@link MAX_LOGGED_CALLS} host calls are logged one by one.
 */
import type { LifetimeEvent, RegistrySnapshot } from '../../../runtime/index.ts';
import type {
  ConsoleChunk,
  HostCallLog,
  HostFuncOrigin,
  LiveBatch,
  MemoryGrowth,
  SandboxEvents,
  SandboxTopic,
} from '../../../protocol/sandbox/index.ts';

/** Pushes during a long call are at least this far apart (10 per second). */
export const LIVE_INTERVAL_MS = 100;
/** Host calls logged one by one per run of guest code; later ones are counted. */
export const MAX_LOGGED_CALLS = 1000;
/** Frequent registry events (calls) kept per batch before they are counted instead. */
const FREQUENT_EVENTS_PER_BATCH = 2000;
/** Any registry events kept per batch. */
const EVENTS_PER_BATCH = 9000;
/** Idle flushes (events that arrive between methods, like the collector's) wait this long. */
const IDLE_FLUSH_MS = 50;

/** Sends one event to the panel. */
export type EmitEvent = <K extends SandboxTopic>(
  topic: K,
  payload: SandboxEvents[K],
  transfer?: Transferable[],
) => void;

/** Queues and sends the sandbox's events. */
export class EventBatcher {
  readonly #emit: EmitEvent;
  #events: LifetimeEvent[] = [];
  #times: number[] = [];
  #hostFuncs: HostFuncOrigin[] = [];
  #droppedEvents = 0;
  #frequentInBatch = 0;
  #console: ConsoleChunk[] = [];
  #calls: HostCallLog[] = [];
  #grown: MemoryGrowth[] = [];
  #droppedCalls = 0;
  #loggedThisRun = 0;
  #seq = 0;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #lastFlush = 0;
  #inMethod = 0;

  readonly #snapshot: () => RegistrySnapshot;

  /**
   * Sends through `emit`; `snapshot` gives the registry's state for batches of events that
   * arrive between methods (the collector's), so the panel never shows a stale one.
   */
  constructor(emit: EmitEvent, snapshot: () => RegistrySnapshot) {
    this.#emit = emit;
    this.#snapshot = snapshot;
  }

  /** Queues which import a new host function serves (sent with the next registry batch). */
  hostFuncOrigin(origin: HostFuncOrigin): void {
    this.#hostFuncs.push(origin);
    this.#scheduleIdleFlush();
  }

  /** Queues a registry event, stamped with the time now. */
  registryEvent(event: LifetimeEvent): void {
    const frequent =
      event.kind === 'guest-call' || (event.kind === 'host-func-called' && !event.afterFree);
    if (
      this.#events.length >= EVENTS_PER_BATCH ||
      (frequent && this.#frequentInBatch >= FREQUENT_EVENTS_PER_BATCH)
    ) {
      this.#droppedEvents++;
    } else {
      this.#events.push(event);
      this.#times.push(performance.timeOrigin + performance.now());
      if (frequent) this.#frequentInBatch++;
    }
    this.#scheduleIdleFlush();
  }

  /** Queues console text (merged with the previous chunk of the same instance and stream). */
  console(instanceId: number, stream: 'stdout' | 'stderr', text: string): void {
    if (text === '') return;
    const last = this.#console[this.#console.length - 1];
    if (
      last &&
      last.instanceId === instanceId &&
      last.stream === stream &&
      last.text.length < 65_536
    )
      last.text += text;
    else this.#console.push({ instanceId, stream, text });
    this.#scheduleIdleFlush();
  }

  /** Queues memories that grew (sent with the next flush, before any `live` push). */
  memoryGrown(grown: readonly MemoryGrowth[]): void {
    if (grown.length === 0) return;
    for (const growth of grown) {
      // Two growths of one memory in one batch read as one, from the first size to the last.
      const earlier = this.#grown.find((g) => g.handle === growth.handle);
      if (earlier) earlier.to = growth.to;
      else this.#grown.push({ ...growth });
    }
    this.#grown = this.#grown.filter((g) => g.from !== g.to);
    this.#scheduleIdleFlush();
  }

  /** Whether the next host call is logged one by one (else only {@link countCall}). */
  wantsCallLog(): boolean {
    return this.#loggedThisRun < MAX_LOGGED_CALLS;
  }

  /** Counts a host call that is not logged one by one. */
  countCall(): void {
    this.#droppedCalls++;
  }

  /** Queues a host call's log entry (or counts it, past the per-run limit). */
  hostCall(entry: Omit<HostCallLog, 'seq'>): void {
    if (!this.wantsCallLog()) {
      this.countCall();
      return;
    }
    this.#loggedThisRun++;
    this.#calls.push({ ...entry, seq: ++this.#seq });
    this.#scheduleIdleFlush();
  }

  /** A run of guest code starts: its host calls are logged afresh. */
  startRun(): void {
    this.#loggedThisRun = 0;
  }

  /** Whether a live push is due (and, if so, counts it as done). */
  liveDue(now: number): boolean {
    if (now - this.#lastFlush < LIVE_INTERVAL_MS) return false;
    this.#lastFlush = now;
    return true;
  }

  /** Sends the watched windows' data. */
  live(batch: LiveBatch, transfer: Transferable[]): void {
    this.#emit('live', batch, transfer);
  }

  /** A method starts: queued events wait for its end instead of an idle timer. */
  enterMethod(): void {
    this.#inMethod++;
  }

  /** A method ended: sends what it queued, with `snapshot` when guest code ran. */
  leaveMethod(snapshot: RegistrySnapshot | null): void {
    this.#inMethod = Math.max(0, this.#inMethod - 1);
    this.flush(snapshot);
  }

  /**
   * Sends everything queued now; registry events go with `snapshot`, or with a fresh one when
   * `snapshotEvents` (events that arrived between methods).
   */
  flush(snapshot: RegistrySnapshot | null = null, snapshotEvents = false): void {
    if (this.#idleTimer !== null) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
    }
    if (this.#console.length > 0) {
      this.#emit('console', { chunks: this.#console });
      this.#console = [];
    }
    if (this.#calls.length > 0 || this.#droppedCalls > 0) {
      this.#emit('host-calls', { calls: this.#calls, dropped: this.#droppedCalls });
      this.#calls = [];
      this.#droppedCalls = 0;
    }
    if (this.#grown.length > 0) {
      this.#emit('memory-grown', { grown: this.#grown });
      this.#grown = [];
    }
    const queued = this.#events.length > 0 || this.#droppedEvents > 0 || this.#hostFuncs.length > 0;
    if (queued || snapshot !== null) {
      this.#emit('registry', {
        events: this.#events,
        times: this.#times,
        dropped: this.#droppedEvents,
        snapshot: snapshot ?? (snapshotEvents && queued ? this.#snapshot() : null),
        hostFuncs: this.#hostFuncs,
      });
      this.#events = [];
      this.#times = [];
      this.#hostFuncs = [];
      this.#droppedEvents = 0;
      this.#frequentInBatch = 0;
    }
    this.#lastFlush = performance.now();
  }

  /** Stops the idle timer (the session is closing). */
  close(): void {
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  #scheduleIdleFlush(): void {
    if (this.#inMethod > 0 || this.#idleTimer !== null) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      this.flush(null, true);
    }, IDLE_FLUSH_MS);
  }
}

/**
 * A sandbox memory as a {@link MemorySource}: windows are read from the sandbox worker. While
 * guest code runs the worker cannot answer, so the window a view last read is watched: the
 * worker pushes it from inside host calls (at most ten times a second) and reads during the
 * call are answered from that push when it covers them. Searches and snapshots run in the
 * sandbox worker (`memorySearch`, `memorySnapshot`, …). The sandbox area tells the source when
 * a run of guest code ended or pushed, with the run's `callId` and any `memory.grow` the
 * worker saw, and the source tells its views. When the session is lost, every read fails with
 * the reason.
 */
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import type { LiveWindow, SandboxApi, WatchWindow } from '../../../protocol/sandbox/index.ts';
import { MAX_MEMORY_WINDOW_BYTES } from '../../../protocol/sandbox/index.ts';
import {
  workerMemoryCapabilities,
  type MemoryChange,
  type MemorySource,
  type WorkerMemoryCapabilities,
} from '../inspect/index.ts';

/** What a sandbox memory source needs from the sandbox area. */
export interface MemorySourceHost {
  client(): Promise<RpcClient<SandboxApi>>;
  /** Whether guest code runs now. */
  busy(): boolean;
  /** Sets (or clears) the window the worker pushes for this memory during long calls. */
  watch(window: WatchWindow | null): void;
  /** The memory was written from the panel. */
  changed(): void;
}

/** A window of the memory's bytes the worker sent, and the memory's size then. */
interface LiveBytes {
  offset: number;
  size: number;
  bytes: Uint8Array;
}

/** `length` bytes at `offset` from `window`, if it holds them (or all up to the memory's end). */
function sliceOf(window: LiveBytes | null, offset: number, length: number): Uint8Array | null {
  if (!window || offset < window.offset) return null;
  const start = offset - window.offset;
  const reachesEnd = window.offset + window.bytes.length >= window.size;
  return start + length <= window.bytes.length || reachesEnd
    ? window.bytes.slice(start, start + length)
    : null;
}

/** Why a memory cannot be read any more. */
export class MemoryLostError extends Error {
  override readonly name = 'MemoryLostError';
}

/** One sandbox memory, read a window at a time. */
export class SandboxMemorySource implements MemorySource {
  readonly id: string;
  readonly label: string;
  readonly is64: boolean;
  readonly handle: number;
  readonly search: WorkerMemoryCapabilities['search'];
  readonly takeSnapshot: WorkerMemoryCapabilities['takeSnapshot'];
  readonly diffSnapshot: WorkerMemoryCapabilities['diffSnapshot'];
  readonly dropSnapshot: WorkerMemoryCapabilities['dropSnapshot'];
  readonly #host: MemorySourceHost;
  readonly #listeners = new Set<(change?: MemoryChange) => void>();
  #live: LiveBytes | null = null;
  /** The watched window as the last run left it, good until guest code or a write changes it. */
  #settled: LiveBytes | null = null;
  #lost: string | null = null;
  /** The size last read or reported, or null before the first. */
  #size: number | null = null;
  /** Growth the worker reported that no notice has carried yet. */
  #grew: { from: number; to: number } | null = null;

  /**
   * `session` numbers the sandbox worker: a new worker hands out the same handles again, and
   * a view must not take its memory for the lost one.
   */
  constructor(handle: number, label: string, is64: boolean, host: MemorySourceHost, session = 1) {
    this.handle = handle;
    this.id = `sandbox:${session}:memory:${handle}`;
    this.label = label;
    this.is64 = is64;
    this.#host = host;
    ({
      search: this.search,
      takeSnapshot: this.takeSnapshot,
      diffSnapshot: this.diffSnapshot,
      dropSnapshot: this.dropSnapshot,
    } = workerMemoryCapabilities(async () => {
      this.#checkLost();
      return this.#host.client();
    }, handle));
  }

  /** Why it was lost, or null. */
  get lostReason(): string | null {
    return this.#lost;
  }

  async length(): Promise<number> {
    this.#checkLost();
    if (this.#host.busy() && this.#live) return this.#live.size;
    // Only guest code changes a sandbox memory's size, and the worker reports every change
    // (`grew`): once known, the size needs no round trip (a refresh is one read, not two).
    if (this.#size !== null) return this.#size;
    const client = await this.#host.client();
    const size = (await client.call('readMemory', { handle: this.handle, offset: 0, length: 0 }))
      .size;
    this.#size ??= size;
    return this.#size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.#checkLost();
    const clamped = Math.min(length, MAX_MEMORY_WINDOW_BYTES);
    this.#host.watch({ kind: 'memory', handle: this.handle, offset, length: clamped });
    const cached = sliceOf(this.#host.busy() ? this.#live : this.#settled, offset, clamped);
    if (cached) return cached;
    const client = await this.#host.client();
    const window = await client.call('readMemory', {
      handle: this.handle,
      offset,
      length: clamped,
    });
    this.#size = window.size;
    return new Uint8Array(window.bytes);
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    this.#checkLost();
    const client = await this.#host.client();
    const copy = bytes.slice();
    this.#settled = null;
    await client.call(
      'writeMemory',
      { handle: this.handle, offset, bytes: copy.buffer },
      { transfer: [copy.buffer] },
    );
    this.#host.changed();
    this.#notify({});
  }

  onChange(listener: (change?: MemoryChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The worker saw this memory grow (sent before the run's end or its next push). */
  grew(from: number, to: number): void {
    this.#grew = { from: this.#grew?.from ?? from, to };
    this.#size = to;
  }

  /** A window the worker pushed during run `callId`. */
  acceptLive(window: Extract<LiveWindow, { kind: 'memory' }>, callId?: number): void {
    this.#settled = null;
    this.#live = { offset: window.offset, size: window.size, bytes: new Uint8Array(window.bytes) };
    this.#size = window.size;
    this.ranCode(callId, false);
  }

  /**
   * The watched window as a run left it, sent just before the run's end is reported: the
   * views' next read is answered from it.
   */
  acceptSettled(window: Extract<LiveWindow, { kind: 'memory' }>): void {
    this.#live = null;
    this.#settled = {
      offset: window.offset,
      size: window.size,
      bytes: new Uint8Array(window.bytes),
    };
    this.#size = window.size;
  }

  /**
   * Guest code ran: run `callId` ended (`settled`, the default), or the worker pushed a window
   * during it. The views read again.
   */
  ranCode(callId?: number, settled = true): void {
    const grew = this.#grew;
    this.#grew = null;
    this.#notify({
      ...(callId === undefined ? {} : { callId }),
      ...(grew && grew.from !== grew.to ? { grew } : {}),
      ...(settled ? { settled } : {}),
    });
  }

  /** The session (or the memory's store) is gone: reads fail with `reason` from now on. */
  lose(reason: string): void {
    this.#lost = reason;
    this.#settled = null;
    this.#host.watch(null);
    this.#notify({});
  }

  #checkLost(): void {
    if (this.#lost !== null) throw new MemoryLostError(`${this.label} is gone: ${this.#lost}`);
  }

  #notify(change: MemoryChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

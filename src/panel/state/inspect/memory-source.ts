/**
 * What the Memory view reads: a linear memory's length and windows of its bytes, as Chrome's
 * Linear Memory Inspector reads a lazy byte array. The view cannot tell a sandbox instance (its
 * worker) from a page's own instance (live requests through the background), so one view
 * serves both.
 *
 * Beyond `length` and `read`, a source may offer capabilities; the view uses each when it is
 * there and does without it otherwise: without `onChange` it polls, without `search` it
 * searches windows it reads, without snapshots it hashes windows it reads (all sliced so the
 * panel never blocks).
 */
import type { SearchOutcome, SnapshotDiff, SnapshotInfo } from '../../../protocol/memory/index.ts';

/** A linear memory, read a window at a time. */
export interface MemorySource {
  /** A stable id for caches and history (`sandbox:store1:inst2:memory0`). */
  readonly id: string;
  /** What the view's header says (`memory 0 of instance 2`). */
  readonly label: string;
  /** Whether addresses are 64-bit (memory64): the address column widens. */
  readonly is64: boolean;
  /** Current size in bytes (it changes when the memory grows). */
  length(): Promise<number>;
  /** Bytes `offset … offset + length - 1`, clamped to the memory's size. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Writes `bytes` at `offset`; absent when the source is read-only. */
  write?(offset: number, bytes: Uint8Array): Promise<void>;
  /**
   * Calls `listener` when the bytes may have changed without the view asking (a sandbox call
   * ran, or pushed its watched window during a long call); returns the unsubscribe function.
   * Absent when the source cannot tell (the view refreshes on its own schedule then).
   */
  onChange?(listener: (change?: MemoryChange) => void): () => void;
  /** Searches where the bytes are (a worker), with progress and cancellation. */
  search?(request: MemorySearchRequest, options?: MemoryTaskOptions): Promise<SearchOutcome>;
  /** Takes a snapshot where the bytes are; compare with {@link MemorySource.diffSnapshot}. */
  takeSnapshot?(options?: MemoryTaskOptions): Promise<SnapshotInfo>;
  /** The ranges changed since `snapshot` (at most `maxRanges`). */
  diffSnapshot?(
    snapshot: SnapshotInfo,
    maxRanges: number,
    options?: MemoryTaskOptions,
  ): Promise<SnapshotDiff>;
  /** Frees a snapshot. */
  dropSnapshot?(snapshot: SnapshotInfo): Promise<void>;
}

/**
 * What a change notice may tell. Every field is optional: a bare notice means "read again".
 */
export interface MemoryChange {
  /**
   * Which call made the change. Notices with the same id (pushed during one long call, then
   * its end) add to one "changed by the last call" highlight; a new id starts a new one.
   */
  callId?: number;
  /** The memory grew, in bytes (a `memory.grow`, or the host's `Memory.grow`). */
  grew?: { from: number; to: number };
}

/** What a search looks for. */
export interface MemorySearchRequest {
  pattern: Uint8Array;
  caseInsensitive: boolean;
  /** First candidate offset forward, last one backward. */
  from: number;
  direction: 'forward' | 'backward';
  maxMatches: number;
}

/** Cancellation and progress of a long task. */
export interface MemoryTaskOptions {
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

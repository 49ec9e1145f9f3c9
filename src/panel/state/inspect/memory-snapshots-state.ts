/**
 * Snapshots in the Memory view: take one, then see the ranges changed since (listed, and
 * tinted in the hex grid). A snapshot is block hashes plus copies of non-zero blocks, held by
 * the source's worker when it can, else by the panel; a 1 GiB memory is never copied whole.
 * The comparison with the selected snapshot runs again by itself after the memory changed
 * when it is cheap (under {@link AUTO_DIFF_MAX_MS}, and then taking at most a tenth of the
 * time); otherwise it is marked stale for the user to run.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { SnapshotDiff } from '../../../protocol/memory/index.ts';
import type { ByteRange } from './byte-ranges.ts';
import type { MemorySource } from './memory-source.ts';
import {
  diffMemorySnapshot,
  dropMemorySnapshot,
  snapshotsInSource,
  takeMemorySnapshot,
  type MemorySnapshot,
} from './memory-tasks.ts';

/** Changed ranges listed per comparison. */
export const MAX_LISTED_RANGES = 10_000;
/** A comparison faster than this reruns by itself when the memory changes. */
export const AUTO_DIFF_MAX_MS = 100;
/** Least time between two automatic comparisons. */
export const AUTO_DIFF_INTERVAL_MS = 250;

/** One snapshot taken. */
export interface SnapshotEntry {
  id: number;
  name: string;
  /** When it was taken (ms since the epoch). */
  takenAt: number;
  snapshot: MemorySnapshot;
}

/** The comparison with the selected snapshot. */
export type DiffStatus =
  | { kind: 'none' }
  | { kind: 'running'; id: number; done: number; total: number }
  | { kind: 'done'; id: number; diff: SnapshotDiff; ms: number; stale: boolean }
  | { kind: 'error'; id: number; message: string };

/** The snapshot area of a Memory view. */
export interface MemorySnapshotsState {
  readonly list: Signal<SnapshotEntry[]>;
  /** The snapshot compared with, or null. */
  readonly selected: Signal<number | null>;
  /** Progress of a snapshot being taken, or null. */
  readonly taking: Signal<{ done: number; total: number } | null>;
  readonly takeError: Signal<string | null>;
  readonly diff: Signal<DiffStatus>;
  /** The changed ranges of the selected snapshot, for tinting. */
  readonly shownRanges: ReadonlySignal<ByteRange[]>;
  /** Whether snapshots are held by the source's worker or by the panel. */
  readonly where: 'source' | 'panel';
  take(): Promise<void>;
  /** Selects snapshot `id` and compares the memory with it. */
  compare(id: number): Promise<void>;
  drop(id: number): Promise<void>;
  /** Stops a snapshot or comparison in progress. */
  cancel(): void;
  /** Called by the inspector when the memory changed. */
  memoryChanged(): void;
  dispose(): void;
}

/** Timers the area needs. */
export interface SnapshotClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Creates the snapshot area over `source`. */
export function createMemorySnapshots(
  source: MemorySource,
  { clock }: { clock: SnapshotClock },
): MemorySnapshotsState {
  const list = signal<SnapshotEntry[]>([]);
  const selected = signal<number | null>(null);
  const taking = signal<{ done: number; total: number } | null>(null);
  const takeError = signal<string | null>(null);
  const diff = signal<DiffStatus>({ kind: 'none' });
  let nextId = 1;
  let takeController: AbortController | null = null;
  let diffController: AbortController | null = null;
  let autoTimer: unknown = null;
  let lastAutoAt = -Infinity;
  let disposed = false;

  const shownRanges = computed<ByteRange[]>(() => {
    const status = diff.value;
    return status.kind === 'done' && status.id === selected.value ? status.diff.ranges : [];
  });

  async function runDiff(id: number): Promise<void> {
    const entry = list.peek().find((e) => e.id === id);
    if (!entry) return;
    diffController?.abort();
    const own = new AbortController();
    diffController = own;
    const started = clock.now();
    const previous = diff.peek();
    // A rerun keeps showing the last result until the new one is in.
    if (!(previous.kind === 'done' && previous.id === id))
      diff.value = { kind: 'running', id, done: 0, total: 0 };
    try {
      const result = await diffMemorySnapshot(source, entry.snapshot, MAX_LISTED_RANGES, {
        signal: own.signal,
        onProgress: (done, total) => {
          const now = diff.peek();
          if (diffController === own && now.kind === 'running')
            diff.value = { kind: 'running', id, done, total };
        },
      });
      if (diffController !== own || disposed) return;
      diff.value = { kind: 'done', id, diff: result, ms: clock.now() - started, stale: false };
    } catch (error) {
      if (diffController !== own || disposed) return;
      diff.value = isAbort(error)
        ? { kind: 'none' }
        : { kind: 'error', id, message: error instanceof Error ? error.message : String(error) };
    } finally {
      if (diffController === own) diffController = null;
    }
  }

  const state: MemorySnapshotsState = {
    list,
    selected,
    taking,
    takeError,
    diff,
    shownRanges,
    where: snapshotsInSource(source) ? 'source' : 'panel',
    async take() {
      if (taking.peek()) return;
      takeController = new AbortController();
      const own = takeController;
      batch(() => {
        taking.value = { done: 0, total: 0 };
        takeError.value = null;
      });
      try {
        const snapshot = await takeMemorySnapshot(source, {
          signal: own.signal,
          onProgress: (done, total) => {
            if (takeController === own) taking.value = { done, total };
          },
        });
        if (disposed) {
          void dropMemorySnapshot(source, snapshot);
          return;
        }
        const id = nextId++;
        batch(() => {
          list.value = [
            ...list.peek(),
            { id, name: `Snapshot ${id}`, takenAt: Date.now(), snapshot },
          ];
          selected.value = id;
        });
        await runDiff(id);
      } catch (error) {
        if (!isAbort(error) && !disposed)
          takeError.value = error instanceof Error ? error.message : String(error);
      } finally {
        if (takeController === own) {
          takeController = null;
          taking.value = null;
        }
      }
    },
    async compare(id) {
      selected.value = id;
      await runDiff(id);
    },
    async drop(id) {
      const entry = list.peek().find((e) => e.id === id);
      if (!entry) return;
      batch(() => {
        list.value = list.peek().filter((e) => e.id !== id);
        if (selected.peek() === id) {
          selected.value = null;
          diffController?.abort();
          diff.value = { kind: 'none' };
        }
      });
      await dropMemorySnapshot(source, entry.snapshot).catch(() => undefined);
    },
    cancel() {
      takeController?.abort();
      diffController?.abort();
    },
    memoryChanged() {
      const id = selected.peek();
      const status = diff.peek();
      if (id === null || status.kind !== 'done' || status.id !== id) return;
      // Until compared again, the ranges shown may no longer be the ones that differ.
      if (!status.stale) diff.value = { ...status, stale: true };
      if (status.ms > AUTO_DIFF_MAX_MS || autoTimer !== null) return;
      // A comparison takes at most a tenth of the time between two of them.
      const interval = Math.max(AUTO_DIFF_INTERVAL_MS, status.ms * 10);
      const wait = Math.max(0, lastAutoAt + interval - clock.now());
      autoTimer = clock.setTimeout(() => {
        autoTimer = null;
        lastAutoAt = clock.now();
        if (!disposed && selected.peek() === id) void runDiff(id);
      }, wait);
    },
    dispose() {
      disposed = true;
      state.cancel();
      if (autoTimer !== null) clock.clearTimeout(autoTimer);
      for (const entry of list.peek())
        void dropMemorySnapshot(source, entry.snapshot).catch(() => undefined);
      list.value = [];
    },
  };
  return state;
}

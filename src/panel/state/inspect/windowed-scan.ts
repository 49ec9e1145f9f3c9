/**
 * Search and snapshots for a {@link MemorySource} that cannot do them itself (a page's
 * instance read through live requests, an in-thread buffer): the panel reads the memory a
 * window at a time and runs the same algorithms the workers run, yielding to the event loop
 * often enough that no task of the panel's thread takes more than a few milliseconds.
 */
import type { SearchOutcome, SnapshotDiff } from '../../../protocol/memory/index.ts';
import { BlockSnapshot, SnapshotComparison, searchBytes } from '../../workers/memory/index.ts';
import type { MemorySearchRequest, MemorySource, MemoryTaskOptions } from './memory-source.ts';

/** Bytes one read asks for. */
export const SCAN_WINDOW_BYTES = 1024 * 1024;
/** Most time the panel's thread spends before it yields. */
export const SCAN_SLICE_MS = 8;
/** Most bytes of block copies a snapshot taken by the panel keeps. */
export const PANEL_SNAPSHOT_COPY_BUDGET = 32 * 1024 * 1024;

function abortError(): Error {
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}

/**
 * Lets the event loop run (input, rendering) before the next slice. A `MessageChannel` task
 * comes sooner than a nested `setTimeout`, which browsers clamp to 4 ms.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function checkpointFor(options: MemoryTaskOptions | undefined): () => Promise<void> {
  return async () => {
    await yieldToEventLoop();
    if (options?.signal?.aborted) throw abortError();
  };
}

/** Searches `source` by reading it a window at a time (see {@link MemorySource.search}). */
export async function searchByWindows(
  source: MemorySource,
  request: MemorySearchRequest,
  options?: MemoryTaskOptions,
): Promise<SearchOutcome> {
  const checkpoint = checkpointFor(options);
  const length = await source.length();
  const overlap = request.pattern.length - 1;
  const forward = request.direction === 'forward';
  const matches: number[] = [];
  const total = forward ? Math.max(0, length - request.from) : Math.min(length, request.from + 1);
  let scanned = 0;
  // Candidate offsets still to scan: [low, high].
  let low = forward ? request.from : 0;
  let high = forward ? length - 1 : Math.min(request.from, length - 1);
  while (low <= high && matches.length < request.maxMatches) {
    if (options?.signal?.aborted) throw abortError();
    const start = forward ? low : Math.max(low, high - SCAN_WINDOW_BYTES + 1);
    const end = forward ? Math.min(high + 1, low + SCAN_WINDOW_BYTES) : high + 1;
    // A match that starts in [start, end) may run `overlap` bytes further.
    const window = await source.read(start, end - start + overlap);
    const found = await searchBytes(
      () => window,
      {
        pattern: request.pattern,
        caseInsensitive: request.caseInsensitive,
        from: forward ? 0 : end - 1 - start,
        direction: request.direction,
        maxMatches: request.maxMatches - matches.length,
      },
      { checkpoint, sliceMs: SCAN_SLICE_MS },
    );
    for (const match of found.matches) if (match < end - start) matches.push(start + match);
    if (matches.length >= request.maxMatches) {
      const last = matches[request.maxMatches - 1];
      matches.length = request.maxMatches;
      scanned += forward ? last + 1 - low : high - last + 1;
      const resumeAt = forward ? last + 1 : last - 1;
      const done = forward ? resumeAt > length - request.pattern.length : resumeAt < 0;
      options?.onProgress?.(scanned, total);
      return { matches, resumeAt: done ? null : resumeAt, scanned };
    }
    scanned += end - start;
    options?.onProgress?.(Math.min(scanned, total), total);
    if (forward) low = end;
    else high = start - 1;
    await checkpoint();
  }
  return { matches, resumeAt: null, scanned };
}

/** Snapshots `source` by reading it a window at a time. */
export async function snapshotByWindows(
  source: MemorySource,
  options?: MemoryTaskOptions & { copyBudget?: number },
): Promise<BlockSnapshot> {
  const checkpoint = checkpointFor(options);
  const length = await source.length();
  const snapshot = new BlockSnapshot(length, options?.copyBudget ?? PANEL_SNAPSHOT_COPY_BUDGET);
  for (let offset = 0; offset < length; offset += SCAN_WINDOW_BYTES) {
    const window = await source.read(offset, Math.min(SCAN_WINDOW_BYTES, length - offset));
    if (window.length < Math.min(SCAN_WINDOW_BYTES, length - offset))
      throw new RangeError(`${source.label} shrank while the snapshot was taken`);
    snapshot.absorb(offset, window);
    options?.onProgress?.(offset + window.length, length);
    await checkpoint();
  }
  return snapshot;
}

/** Compares `source` with a snapshot the panel took, a window at a time. */
export async function diffByWindows(
  source: MemorySource,
  snapshot: BlockSnapshot,
  maxRanges: number,
  options?: MemoryTaskOptions,
): Promise<SnapshotDiff> {
  const checkpoint = checkpointFor(options);
  const comparison = new SnapshotComparison(snapshot, await source.length(), maxRanges);
  const extent = comparison.extent;
  for (let offset = 0; offset < extent; offset += SCAN_WINDOW_BYTES) {
    const size = Math.min(SCAN_WINDOW_BYTES, extent - offset);
    const window = await source.read(offset, size);
    if (window.length < size) throw new RangeError(`${source.label} shrank during the comparison`);
    comparison.compare(offset, window);
    options?.onProgress?.(offset + size, extent);
    await checkpoint();
  }
  return comparison.result();
}

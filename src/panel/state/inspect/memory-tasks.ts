/**
 * Search and snapshots of any {@link MemorySource}: where the bytes are when the source can
 * (a worker), by windowed reads in the panel when it cannot. The Memory view's state calls
 * only these, so it never asks which kind of source it has.
 */
import type { SearchOutcome, SnapshotDiff } from '../../../protocol/memory/index.ts';
import type { BlockSnapshot } from '../../workers/memory/index.ts';
import type { MemorySearchRequest, MemorySource, MemoryTaskOptions } from './memory-source.ts';
import type { SnapshotInfo } from '../../../protocol/memory/index.ts';
import { diffByWindows, searchByWindows, snapshotByWindows } from './windowed-scan.ts';

/** A snapshot, held by the source's worker or by the panel. */
export type MemorySnapshot =
  | { where: 'source'; info: SnapshotInfo }
  | { where: 'panel'; info: SnapshotInfo; blocks: BlockSnapshot };

/** Searches `source` (in its worker when it has one). */
export function searchMemory(
  source: MemorySource,
  request: MemorySearchRequest,
  options?: MemoryTaskOptions,
): Promise<SearchOutcome> {
  return source.search
    ? source.search(request, options)
    : searchByWindows(source, request, options);
}

/** Whether `source` snapshots in its own worker. */
export function snapshotsInSource(source: MemorySource): boolean {
  return Boolean(source.takeSnapshot && source.diffSnapshot);
}

/** Takes a snapshot of `source`. */
export async function takeMemorySnapshot(
  source: MemorySource,
  options?: MemoryTaskOptions,
): Promise<MemorySnapshot> {
  if (source.takeSnapshot && source.diffSnapshot)
    return { where: 'source', info: await source.takeSnapshot(options) };
  const blocks = await snapshotByWindows(source, options);
  let hashedBlocks = 0;
  for (const kind of blocks.kinds) if (kind === 0) hashedBlocks++;
  return {
    where: 'panel',
    blocks,
    info: { snapshot: 0, length: blocks.length, copiedBytes: blocks.copiedBytes, hashedBlocks },
  };
}

/** The ranges of `source` changed since `snapshot`. */
export function diffMemorySnapshot(
  source: MemorySource,
  snapshot: MemorySnapshot,
  maxRanges: number,
  options?: MemoryTaskOptions,
): Promise<SnapshotDiff> {
  if (snapshot.where === 'panel') return diffByWindows(source, snapshot.blocks, maxRanges, options);
  if (!source.diffSnapshot) throw new Error(`${source.label} cannot compare snapshots`);
  return source.diffSnapshot(snapshot.info, maxRanges, options);
}

/** Frees `snapshot` (a worker's; the panel's is garbage once unreferenced). */
export async function dropMemorySnapshot(
  source: MemorySource,
  snapshot: MemorySnapshot,
): Promise<void> {
  if (snapshot.where === 'source') await source.dropSnapshot?.(snapshot.info);
}

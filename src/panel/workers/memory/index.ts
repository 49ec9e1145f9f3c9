/**
 * Work on linear memories that belongs where the bytes are (a worker): pattern search at
 * `indexOf` speed and block-hash snapshots with exact diffs, as plain functions over a
 * `Uint8Array` (or one over a `SharedArrayBuffer`), sliced for progress and cancellation, and
 * {@link createMemoryInspectService} to serve them. The panel's fallback for sources without
 * a worker runs the same functions over windows it read.
 */
export {
  compilePattern,
  findMatches,
  sampleByteCounts,
  searchBytes,
  MAX_PATTERN_BYTES,
  type ByteSearchRequest,
  type ByteSearchResult,
  type CompiledPattern,
  type SliceControl,
} from './byte-search.ts';
export {
  BlockSnapshot,
  SnapshotComparison,
  diffSnapshot,
  takeSnapshot,
  DEFAULT_COPY_BUDGET,
  SNAPSHOT_BLOCK_BYTES,
  type SnapshotOptions,
} from './block-snapshot.ts';
export {
  createMemoryInspectService,
  UnknownMemoryError,
  type MemoryInspectService,
  type MemoryInspectServiceOptions,
} from './memory-inspect-service.ts';

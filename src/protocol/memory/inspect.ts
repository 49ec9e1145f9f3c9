/**
 * Methods a worker that holds linear memories serves so the Memory view can search them and
 * compare them with snapshots without reading them across: the sandbox worker composes these
 * into its service (its memories are named by the same numeric handles as its `readMemory`),
 * and so does the Memory lab's worker. The algorithms are `src/panel/workers/memory/`.
 */
import { isArrayOf, isCount, isOneOf, isRecord } from '../guards.ts';

/** Longest pattern a search takes, in bytes. */
export const MAX_SEARCH_PATTERN_BYTES = 4096;
/** Most matches one search call returns. */
export const MAX_SEARCH_MATCHES = 100_000;
/** Most changed ranges one diff returns. */
export const MAX_DIFF_RANGES = 100_000;

/** A range of changed bytes, `[start, end)`. */
export interface ChangedRange {
  start: number;
  end: number;
  /**
   * `changed`: these bytes differ; `block`: somewhere in this block (the snapshot kept only
   * its hash, not its bytes); `grown`: memory that did not exist when the snapshot was taken.
   */
  kind: 'changed' | 'block' | 'grown';
}

/** The outcome of comparing a memory with a snapshot. */
export interface SnapshotDiff {
  /** Changed ranges in address order (at most the limit asked for). */
  ranges: ChangedRange[];
  /** Whether more ranges changed than `ranges` holds. */
  truncated: boolean;
  /** Bytes known to differ (exact ranges) plus the size of inexact blocks and grown memory. */
  changedBytes: number;
  /** The memory's size when the snapshot was taken, and now. */
  lengthThen: number;
  lengthNow: number;
}

/** A snapshot a worker holds. */
export interface SnapshotInfo {
  /** The worker's id of the snapshot. */
  snapshot: number;
  /** The memory's size when taken. */
  length: number;
  /** Bytes of non-zero blocks copied (exact diffs there). */
  copiedBytes: number;
  /** Blocks kept as a hash only (a change there is reported per block). */
  hashedBlocks: number;
}

/** What a search found. */
export interface SearchOutcome {
  /** Match offsets in scan order. */
  matches: number[];
  /** Where to continue when the search stopped at `maxMatches`; null when it reached the end. */
  resumeAt: number | null;
  /** Bytes scanned. */
  scanned: number;
}

/** Parameters of a search. */
export interface SearchParams {
  handle: number;
  pattern: ArrayBuffer;
  caseInsensitive: boolean;
  /** First candidate offset forward, last one backward. */
  from: number;
  direction: 'forward' | 'backward';
  maxMatches: number;
}

/** The memory-inspection methods. */
export interface MemoryInspectMethods {
  memorySearch: { params: SearchParams; result: SearchOutcome };
  memorySnapshot: { params: { handle: number }; result: SnapshotInfo };
  memoryDiff: { params: { snapshot: number; maxRanges: number }; result: SnapshotDiff };
  memoryDropSnapshot: { params: { snapshot: number }; result: null };
}

const DIRECTIONS = ['forward', 'backward'] as const;
const RANGE_KINDS = ['changed', 'block', 'grown'] as const;

/** Parameter validators of {@link MemoryInspectMethods}. */
export const memoryInspectValidators = {
  memorySearch: (p: unknown): p is SearchParams =>
    isRecord(p) &&
    isCount(p.handle) &&
    p.pattern instanceof ArrayBuffer &&
    p.pattern.byteLength > 0 &&
    p.pattern.byteLength <= MAX_SEARCH_PATTERN_BYTES &&
    typeof p.caseInsensitive === 'boolean' &&
    isCount(p.from) &&
    isOneOf(p.direction, DIRECTIONS) &&
    isCount(p.maxMatches, MAX_SEARCH_MATCHES) &&
    p.maxMatches > 0,
  memorySnapshot: (p: unknown): p is { handle: number } => isRecord(p) && isCount(p.handle),
  memoryDiff: (p: unknown): p is { snapshot: number; maxRanges: number } =>
    isRecord(p) && isCount(p.snapshot) && isCount(p.maxRanges, MAX_DIFF_RANGES),
  memoryDropSnapshot: (p: unknown): p is { snapshot: number } => isRecord(p) && isCount(p.snapshot),
};

function isRange(value: unknown): value is ChangedRange {
  return (
    isRecord(value) &&
    isCount(value.start) &&
    isCount(value.end) &&
    value.end > value.start &&
    isOneOf(value.kind, RANGE_KINDS)
  );
}

/** Result validators of {@link MemoryInspectMethods}, for the panel's client. */
export const memoryInspectResultValidators = {
  memorySearch: (v: unknown): v is SearchOutcome =>
    isRecord(v) &&
    isArrayOf(v.matches, MAX_SEARCH_MATCHES, (m): m is number => isCount(m)) &&
    (v.resumeAt === null || isCount(v.resumeAt)) &&
    isCount(v.scanned),
  memorySnapshot: (v: unknown): v is SnapshotInfo =>
    isRecord(v) &&
    isCount(v.snapshot) &&
    isCount(v.length) &&
    isCount(v.copiedBytes) &&
    isCount(v.hashedBlocks),
  memoryDiff: (v: unknown): v is SnapshotDiff =>
    isRecord(v) &&
    isArrayOf(v.ranges, MAX_DIFF_RANGES, isRange) &&
    typeof v.truncated === 'boolean' &&
    isCount(v.changedBytes) &&
    isCount(v.lengthThen) &&
    isCount(v.lengthNow),
  memoryDropSnapshot: (v: unknown): v is null => v === null,
};

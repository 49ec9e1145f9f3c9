/**
 * Finding a byte pattern in a linear memory as fast as the engine's own `indexOf` (a memchr):
 * the scan jumps with `indexOf` to the pattern's rarest byte, then compares the pattern around
 * it. The rarest byte is picked from a sample of the memory, so a pattern that starts with a
 * byte the memory is full of (`00 00 00 2a` in a zeroed heap) is not compared at every offset.
 * Work is cut into slices so a worker can report progress and take a cancel between them.
 */
import { MAX_SEARCH_PATTERN_BYTES } from '../../../protocol/memory/index.ts';

/** A pattern ready to scan for (see {@link compilePattern}). */
export interface CompiledPattern {
  readonly bytes: Uint8Array;
  /** Whether ASCII letters match either case. */
  readonly caseInsensitive: boolean;
  /** Index in `bytes` of the byte the scan jumps to. */
  readonly anchor: number;
  /** The byte values `indexOf` looks for at the anchor (two for a letter without case). */
  readonly anchorValues: readonly number[];
}

/** Longest pattern a search accepts. */
export const MAX_PATTERN_BYTES = MAX_SEARCH_PATTERN_BYTES;

const lower = (byte: number): number => (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte);
const isLetter = (byte: number): boolean => {
  const folded = byte | 0x20;
  return folded >= 0x61 && folded <= 0x7a;
};

/**
 * How often each byte value occurs in `sample`, counted over up to 16 windows of 4 KiB spread
 * across it (a few microseconds for any size).
 */
export function sampleByteCounts(sample: Uint8Array): Uint32Array {
  const counts = new Uint32Array(256);
  const windows = 16;
  const windowBytes = 4096;
  const step = Math.max(windowBytes, Math.floor(sample.length / windows));
  for (let start = 0; start < sample.length; start += step) {
    const end = Math.min(sample.length, start + windowBytes);
    for (let i = start; i < end; i++) counts[sample[i]]++;
  }
  return counts;
}

/**
 * Prepares `pattern` for scanning. `counts` (from {@link sampleByteCounts}) decides which byte
 * to jump to; without it, a static guess (zero and 0xff are common, letters less so) does.
 *
 * @throws RangeError when the pattern is empty or longer than {@link MAX_PATTERN_BYTES}.
 */
export function compilePattern(
  pattern: Uint8Array,
  options: { caseInsensitive?: boolean; counts?: Uint32Array } = {},
): CompiledPattern {
  if (pattern.length === 0) throw new RangeError('the search pattern is empty');
  if (pattern.length > MAX_PATTERN_BYTES)
    throw new RangeError(`the search pattern is longer than ${MAX_PATTERN_BYTES} bytes`);
  const caseInsensitive = options.caseInsensitive === true;
  const bytes = caseInsensitive ? pattern.map(lower) : pattern.slice();
  const cost = (index: number): number => {
    const byte = bytes[index];
    const letterTwice = caseInsensitive && isLetter(byte);
    if (options.counts) {
      const count = options.counts[byte] + (letterTwice ? options.counts[byte & ~0x20] : 0);
      // Two `indexOf` streams cost more than one, even for a rare letter.
      return count * (letterTwice ? 2 : 1) + (letterTwice ? 1 : 0);
    }
    const base = byte === 0 ? 1000 : byte === 0xff ? 500 : byte < 0x20 ? 100 : 10;
    return letterTwice ? base * 2 + 1 : base;
  };
  let anchor = bytes.length - 1;
  for (let i = bytes.length - 2; i >= 0; i--) if (cost(i) < cost(anchor)) anchor = i;
  const value = bytes[anchor];
  const anchorValues = caseInsensitive && isLetter(value) ? [value, value & ~0x20] : [value];
  return { bytes, caseInsensitive, anchor, anchorValues };
}

function matchesAt(memory: Uint8Array, at: number, pattern: CompiledPattern): boolean {
  const bytes = pattern.bytes;
  if (pattern.caseInsensitive) {
    for (let k = 0; k < bytes.length; k++) if (lower(memory[at + k]) !== bytes[k]) return false;
  } else {
    for (let k = 0; k < bytes.length; k++) if (memory[at + k] !== bytes[k]) return false;
  }
  return true;
}

/** Next position ≥ `from` of any of `values` in `haystack`, or -1. */
function nextOf(haystack: Uint8Array, values: readonly number[], from: number): number {
  const first = haystack.indexOf(values[0], from);
  if (values.length === 1) return first;
  const second = haystack.indexOf(values[1], from);
  if (first < 0) return second;
  if (second < 0) return first;
  return Math.min(first, second);
}

/** Previous position ≤ `from` of any of `values` in `haystack`, or -1. */
function previousOf(haystack: Uint8Array, values: readonly number[], from: number): number {
  const first = haystack.lastIndexOf(values[0], from);
  if (values.length === 1) return first;
  return Math.max(first, haystack.lastIndexOf(values[1], from));
}

/**
 * Appends to `out` the start offsets of matches that start in `[start, end)` of `memory`,
 * ascending when `forward`, descending otherwise, and stops after `limit` matches. A match may
 * extend past `end` (the caller's slice boundary) but not past the memory.
 *
 * @returns how many matches were appended.
 */
export function findMatches(
  memory: Uint8Array,
  pattern: CompiledPattern,
  start: number,
  end: number,
  forward: boolean,
  limit: number,
  out: number[],
): number {
  const length = pattern.bytes.length;
  const last = Math.min(end, memory.length - length + 1);
  if (start >= last || limit <= 0) return 0;
  // The anchor of a match starting in [start, last) lies in [start + anchor, last + anchor).
  const anchor = pattern.anchor;
  const haystack = memory.subarray(start + anchor, last + anchor);
  let found = 0;
  if (forward && !pattern.caseInsensitive && pattern.anchorValues.length === 1) {
    // The common case, as lean as a plain indexOf loop: one byte to jump to, exact compare.
    const value = pattern.anchorValues[0];
    const bytes = pattern.bytes;
    const length = bytes.length;
    for (let at = haystack.indexOf(value); at >= 0 && found < limit;) {
      const base = start + at;
      let k = 0;
      while (k < length && memory[base + k] === bytes[k]) k++;
      if (k === length) {
        out.push(base);
        found++;
      }
      at = haystack.indexOf(value, at + 1);
    }
    return found;
  }
  if (forward) {
    let at = 0;
    while (found < limit) {
      at = nextOf(haystack, pattern.anchorValues, at);
      if (at < 0) break;
      if (matchesAt(memory, start + at, pattern)) {
        out.push(start + at);
        found++;
      }
      at++;
    }
  } else {
    let at = haystack.length - 1;
    while (found < limit && at >= 0) {
      at = previousOf(haystack, pattern.anchorValues, at);
      if (at < 0) break;
      if (matchesAt(memory, start + at, pattern)) {
        out.push(start + at);
        found++;
      }
      at--;
    }
  }
  return found;
}

/** What a search asks for. */
export interface ByteSearchRequest {
  pattern: Uint8Array;
  caseInsensitive?: boolean;
  /** Where the scan starts: the first candidate offset forward, the last one backward. */
  from: number;
  /** `forward` (ascending offsets, default) or `backward`. */
  direction?: 'forward' | 'backward';
  /** Stop after this many matches. */
  maxMatches: number;
}

/** What a search found. */
export interface ByteSearchResult {
  /** Match offsets in scan order. */
  matches: number[];
  /** Where to continue when the search stopped at `maxMatches`; null when it scanned to the end. */
  resumeAt: number | null;
  /** Bytes scanned. */
  scanned: number;
}

/** How a long search shares its thread. */
export interface SliceControl {
  /** Called between slices; rejects (an `AbortError`) to cancel. */
  checkpoint?(): Promise<void>;
  /** Progress: bytes scanned of bytes to scan. */
  progress?(done: number, total: number): void;
  /** Bytes per slice (default 8 MiB divided by the pattern's length, at least 1 KiB). */
  sliceBytes?: number;
  /** Time between checkpoints in ms (default 20). */
  sliceMs?: number;
}

/**
 * Scans the memory `view()` returns for `request.pattern`, a slice at a time. `view` is asked
 * again after every checkpoint, because a memory that grew in between has a new buffer (the
 * old one is detached and reads as empty); a memory that shrank below the scan position ends
 * the scan.
 *
 * @throws whatever `control.checkpoint` throws (an `AbortError` when cancelled); RangeError
 *   for an empty or overlong pattern.
 */
export async function searchBytes(
  view: () => Uint8Array,
  request: ByteSearchRequest,
  control: SliceControl = {},
): Promise<ByteSearchResult> {
  let memory = view();
  const pattern = compilePattern(request.pattern, {
    caseInsensitive: request.caseInsensitive,
    counts: sampleByteCounts(memory),
  });
  const forward = request.direction !== 'backward';
  // A slice's worst case compares the whole pattern at each offset (a periodic memory and a
  // near-miss pattern), so longer patterns get shorter slices and the time check comes sooner.
  const sliceBytes = Math.max(
    pattern.bytes.length,
    control.sliceBytes ?? Math.max(1024, Math.floor((8 * 1024 * 1024) / pattern.bytes.length)),
  );
  const sliceMs = control.sliceMs ?? 20;
  const matches: number[] = [];
  const total = forward ? Math.max(0, memory.length - request.from) : Math.max(0, request.from + 1);
  // `position` is the next candidate offset: ascending from `from`, or descending from `from`.
  let position = forward ? request.from : Math.min(request.from, memory.length - 1);
  let scanned = 0;
  let sliceStarted = performance.now();
  for (;;) {
    const lastStart = memory.length - pattern.bytes.length;
    if (forward ? position > lastStart : position < 0) break;
    if (matches.length >= request.maxMatches) return { matches, resumeAt: position, scanned };
    if (forward) {
      const end = Math.min(lastStart + 1, position + sliceBytes);
      const before = matches.length;
      findMatches(memory, pattern, position, end, true, request.maxMatches - before, matches);
      const stoppedAt = matches.length >= request.maxMatches ? matches.at(-1)! + 1 : end;
      scanned += stoppedAt - position;
      position = stoppedAt;
    } else {
      const start = Math.max(0, position - sliceBytes + 1);
      const before = matches.length;
      findMatches(
        memory,
        pattern,
        start,
        position + 1,
        false,
        request.maxMatches - before,
        matches,
      );
      const stoppedAt = matches.length >= request.maxMatches ? matches.at(-1)! - 1 : start - 1;
      scanned += position - stoppedAt;
      position = stoppedAt;
    }
    if (performance.now() - sliceStarted >= sliceMs) {
      control.progress?.(Math.min(scanned, total), total);
      await control.checkpoint?.();
      memory = view();
      sliceStarted = performance.now();
    }
  }
  control.progress?.(total, total);
  if (matches.length >= request.maxMatches) {
    const done = forward ? position > memory.length - pattern.bytes.length : position < 0;
    return { matches, resumeAt: done ? null : position, scanned };
  }
  return { matches, resumeAt: null, scanned };
}

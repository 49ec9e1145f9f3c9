/**
 * Sorted, non-overlapping byte ranges `[start, end)`: the bytes a call changed, the ranges a
 * snapshot diff found. Pure helpers for merging them and for flagging the bytes of a window.
 */

/** A half-open range of addresses. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Merges two sorted range lists into one sorted list (touching ranges join). */
export function mergeRanges(a: readonly ByteRange[], b: readonly ByteRange[]): ByteRange[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const out: ByteRange[] = [];
  for (const range of all) {
    const last = out.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else out.push({ start: range.start, end: range.end });
  }
  return out;
}

/** The ranges where `before` and `after` (both at `offset`) differ, over their common length. */
export function differingRanges(
  offset: number,
  before: Uint8Array,
  after: Uint8Array,
): ByteRange[] {
  const out: ByteRange[] = [];
  const length = Math.min(before.length, after.length);
  for (let i = 0; i < length; i++) {
    if (before[i] === after[i]) continue;
    const start = i;
    while (i < length && before[i] !== after[i]) i++;
    out.push({ start: offset + start, end: offset + i });
  }
  return out;
}

/** Index of the first range in sorted `ranges` that ends after `address`. */
export function firstEndingAfter(ranges: readonly ByteRange[], address: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ranges[middle].end <= address) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Sets `flag` in `marks` (a window at `offset`) for every byte inside `ranges`. */
export function markRanges(
  marks: Uint8Array,
  offset: number,
  ranges: readonly ByteRange[],
  flag: number,
): void {
  const end = offset + marks.length;
  for (let i = firstEndingAfter(ranges, offset); i < ranges.length; i++) {
    const range = ranges[i];
    if (range.start >= end) break;
    const from = Math.max(range.start, offset) - offset;
    const to = Math.min(range.end, end) - offset;
    for (let k = from; k < to; k++) marks[k] |= flag;
  }
}

/** Total bytes in `ranges`. */
export function rangeBytes(ranges: readonly ByteRange[]): number {
  let sum = 0;
  for (const range of ranges) sum += range.end - range.start;
  return sum;
}

/**
 * Snapshots of a linear memory that do not copy it: each block of 4 KiB gets a 64-bit hash, an
 * all-zero block is only marked as such, and the non-zero blocks are copied while a byte
 * budget lasts. Comparing the memory later rehashes it: a block whose hash matches is
 * unchanged; a changed block that was zero or copied is diffed byte for byte (exact ranges),
 * one that was only hashed is reported whole (an inexact range). A 1 GiB heap that is mostly
 * zero pages thus costs a few MiB per snapshot and still gets exact diffs.
 */
import type { ChangedRange, SnapshotDiff } from '../../../protocol/memory/index.ts';
import type { SliceControl } from './byte-search.ts';

export type { ChangedRange, SnapshotDiff };

/** Bytes per hashed block. */
export const SNAPSHOT_BLOCK_BYTES = 4096;
/** Default most bytes of non-zero blocks one snapshot copies. */
export const DEFAULT_COPY_BUDGET = 64 * 1024 * 1024;

const ZERO = 1;
const COPIED = 2;

/** Two 32-bit lanes of a multiplicative hash over the words `[start, end)`. */
function hashWords(words: Int32Array, start: number, end: number, out: Int32Array, at: number) {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x27d4eb2f | 0;
  for (let i = start; i < end; i++) {
    const word = words[i];
    h1 = Math.imul(h1 ^ word, 0x01000193);
    h2 = (Math.imul(h2, 0x85ebca6b) + word) | 0;
  }
  out[at] = h1 ^ (h1 >>> 15);
  out[at + 1] = h2 ^ (h2 >>> 13);
}

/**
 * The hash of `part`, which starts at byte `local` of the slice whose words are `words` (null
 * when the slice is not word-aligned): the same value whichever way the bytes arrive.
 */
function hashBlock(
  part: Uint8Array,
  words: Int32Array | null,
  local: number,
  out: Int32Array,
  at: number,
): void {
  if (words && part.length % 4 === 0) {
    hashWords(words, local / 4, (local + part.length) / 4, out, at);
    return;
  }
  const padded = new Int32Array(Math.ceil(part.length / 4));
  new Uint8Array(padded.buffer).set(part);
  hashWords(padded, 0, padded.length, out, at);
}

function wordsOf(bytes: Uint8Array): Int32Array | null {
  if (bytes.byteOffset % 4 !== 0 || bytes.length % 4 !== 0) return null;
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

/** Whether `part` (at byte `local` of a slice with `words`) is all zero. */
function isZeroBlock(part: Uint8Array, words: Int32Array | null, local: number): boolean {
  if (words && part.length % 4 === 0) {
    for (let i = local / 4, end = (local + part.length) / 4; i < end; i++)
      if (words[i] !== 0) return false;
    return true;
  }
  for (let i = 0; i < part.length; i++) if (part[i] !== 0) return false;
  return true;
}

/**
 * A snapshot under construction or done: fed the memory's bytes in order with
 * {@link BlockSnapshot.absorb} (by a worker over its own memory, or by the panel over windows
 * it read), then compared with {@link SnapshotComparison}.
 */
export class BlockSnapshot {
  readonly length: number;
  readonly blockBytes: number;
  /** Two hash lanes per block. */
  readonly hashes: Int32Array;
  /** Per block: 0 hashed only, {@link ZERO}, or {@link COPIED}. */
  readonly kinds: Uint8Array;
  /** Copies of non-zero blocks, by block index. */
  readonly copies = new Map<number, Uint8Array>();
  #copyBudget: number;
  #copied = 0;
  #absorbed = 0;

  constructor(length: number, copyBudget = DEFAULT_COPY_BUDGET, blockBytes = SNAPSHOT_BLOCK_BYTES) {
    if (blockBytes % 4 !== 0 || blockBytes <= 0)
      throw new RangeError('the block size must be a positive multiple of 4');
    this.length = length;
    this.blockBytes = blockBytes;
    const blocks = Math.ceil(length / blockBytes);
    this.hashes = new Int32Array(blocks * 2);
    this.kinds = new Uint8Array(blocks);
    this.#copyBudget = copyBudget;
  }

  /** Blocks in the snapshot. */
  get blocks(): number {
    return this.kinds.length;
  }

  /** Bytes absorbed so far (the snapshot is complete at {@link length}). */
  get absorbed(): number {
    return this.#absorbed;
  }

  /** Bytes of block copies held. */
  get copiedBytes(): number {
    return this.#copied;
  }

  /**
   * Takes in `bytes`, the memory at `offset`. Calls must come in address order, each
   * starting where the previous ended, at a block boundary; only the memory's last call may
   * end inside a block.
   *
   * @throws RangeError on a call out of order.
   */
  absorb(offset: number, bytes: Uint8Array): void {
    if (offset !== this.#absorbed || offset % this.blockBytes !== 0)
      throw new RangeError(`snapshot bytes out of order at ${offset}`);
    const end = Math.min(this.length, offset + bytes.length);
    const words = wordsOf(bytes);
    for (let at = offset; at < end; at += this.blockBytes) {
      const blockEnd = Math.min(end, at + this.blockBytes);
      if (blockEnd - at < this.blockBytes && blockEnd !== this.length)
        throw new RangeError(`snapshot bytes end inside a block at ${blockEnd}`);
      const block = at / this.blockBytes;
      const local = at - offset;
      const part = bytes.subarray(local, local + (blockEnd - at));
      if (isZeroBlock(part, words, local)) {
        this.kinds[block] = ZERO;
        continue;
      }
      hashBlock(part, words, local, this.hashes, block * 2);
      if (this.#copied + part.length <= this.#copyBudget) {
        this.copies.set(block, part.slice());
        this.kinds[block] = COPIED;
        this.#copied += part.length;
      }
    }
    this.#absorbed = end;
  }
}

/**
 * Compares a memory with a {@link BlockSnapshot}, fed the memory's current bytes in order as
 * the snapshot was; {@link SnapshotComparison.result} gives the changed ranges.
 */
export class SnapshotComparison {
  readonly #snapshot: BlockSnapshot;
  readonly #lengthNow: number;
  readonly #maxRanges: number;
  readonly #ranges: ChangedRange[] = [];
  readonly #scratch = new Int32Array(2);
  #truncated = false;
  #changedBytes = 0;
  #compared = 0;

  /** @throws RangeError when the memory is smaller now (a linear memory never shrinks). */
  constructor(snapshot: BlockSnapshot, lengthNow: number, maxRanges = 10_000) {
    if (lengthNow < snapshot.length)
      throw new RangeError(
        `the memory is smaller (${lengthNow} bytes) than when the snapshot was taken (${snapshot.length})`,
      );
    this.#snapshot = snapshot;
    this.#lengthNow = lengthNow;
    this.#maxRanges = maxRanges;
  }

  /** Bytes compared so far. */
  get compared(): number {
    return this.#compared;
  }

  /** How far the comparison reads: the part of the memory the snapshot covers. */
  get extent(): number {
    return this.#snapshot.length;
  }

  /**
   * Compares `bytes`, the memory now at `offset` (in order, block-aligned, as for
   * {@link BlockSnapshot.absorb}).
   */
  compare(offset: number, bytes: Uint8Array): void {
    const snapshot = this.#snapshot;
    const size = snapshot.blockBytes;
    if (offset !== this.#compared || offset % size !== 0)
      throw new RangeError(`comparison bytes out of order at ${offset}`);
    const end = Math.min(this.extent, offset + bytes.length);
    const words = wordsOf(bytes);
    for (let at = offset; at < end; at += size) {
      const blockEnd = Math.min(end, at + size);
      if (blockEnd - at < size && blockEnd !== snapshot.length)
        throw new RangeError(`comparison bytes end inside a block at ${blockEnd}`);
      const block = at / size;
      const local = at - offset;
      const part = bytes.subarray(local, local + (blockEnd - at));
      const kind = snapshot.kinds[block];
      if (kind === ZERO) {
        if (!isZeroBlock(part, words, local)) this.#diffBytes(at, part, null);
        continue;
      }
      hashBlock(part, words, local, this.#scratch, 0);
      if (
        this.#scratch[0] === snapshot.hashes[block * 2] &&
        this.#scratch[1] === snapshot.hashes[block * 2 + 1]
      )
        continue;
      if (kind === COPIED) this.#diffBytes(at, part, snapshot.copies.get(block) ?? null);
      else this.#add({ start: at, end: blockEnd, kind: 'block' }, blockEnd - at);
    }
    this.#compared = end;
  }

  /** The changed ranges found (call after the whole extent was compared). */
  result(): SnapshotDiff {
    const snapshot = this.#snapshot;
    if (this.#lengthNow > snapshot.length)
      this.#add(
        { start: snapshot.length, end: this.#lengthNow, kind: 'grown' },
        this.#lengthNow - snapshot.length,
      );
    return {
      ranges: this.#ranges,
      truncated: this.#truncated,
      changedBytes: this.#changedBytes,
      lengthThen: snapshot.length,
      lengthNow: this.#lengthNow,
    };
  }

  /** Exact ranges where `now` differs from `then` (zeros when `then` is null). */
  #diffBytes(offset: number, now: Uint8Array, then: Uint8Array | null): void {
    let runStart = -1;
    for (let i = 0; i <= now.length; i++) {
      const differs = i < now.length && now[i] !== (then ? then[i] : 0);
      if (differs && runStart < 0) runStart = i;
      else if (!differs && runStart >= 0) {
        this.#add({ start: offset + runStart, end: offset + i, kind: 'changed' }, i - runStart);
        runStart = -1;
      }
    }
  }

  #add(range: ChangedRange, bytes: number): void {
    this.#changedBytes += bytes;
    const last = this.#ranges.at(-1);
    if (last && last.end === range.start && last.kind === range.kind) {
      last.end = range.end;
      return;
    }
    if (this.#ranges.length >= this.#maxRanges) {
      this.#truncated = true;
      return;
    }
    this.#ranges.push({ ...range });
  }
}

/** Options of {@link takeSnapshot}. */
export interface SnapshotOptions extends SliceControl {
  /** Most bytes of non-zero blocks to copy (default {@link DEFAULT_COPY_BUDGET}). */
  copyBudget?: number;
  blockBytes?: number;
}

/**
 * Snapshots the memory `view()` returns, a slice at a time (`view` is asked again after each
 * checkpoint; a memory that grew meanwhile is snapshotted at the size it had at the start).
 */
export async function takeSnapshot(
  view: () => Uint8Array,
  options: SnapshotOptions = {},
): Promise<BlockSnapshot> {
  const length = view().length;
  const snapshot = new BlockSnapshot(length, options.copyBudget, options.blockBytes);
  await sliced(length, snapshot.blockBytes, options, view, (offset, bytes) =>
    snapshot.absorb(offset, bytes),
  );
  return snapshot;
}

/** Compares the memory `view()` returns with `snapshot`, a slice at a time. */
export async function diffSnapshot(
  snapshot: BlockSnapshot,
  view: () => Uint8Array,
  options: SliceControl & { maxRanges?: number } = {},
): Promise<SnapshotDiff> {
  const lengthNow = view().length;
  const comparison = new SnapshotComparison(snapshot, lengthNow, options.maxRanges);
  await sliced(comparison.extent, snapshot.blockBytes, options, view, (offset, bytes) =>
    comparison.compare(offset, bytes),
  );
  return comparison.result();
}

async function sliced(
  length: number,
  blockBytes: number,
  control: SliceControl,
  view: () => Uint8Array,
  take: (offset: number, bytes: Uint8Array) => void,
): Promise<void> {
  // About a millisecond of hashing per step; the time limit decides when to yield.
  const step = Math.max(blockBytes, Math.floor((1024 * 1024) / blockBytes) * blockBytes);
  const sliceMs = control.sliceMs ?? 20;
  let memory = view();
  let started = performance.now();
  for (let offset = 0; offset < length; offset += step) {
    const end = Math.min(length, offset + step);
    if (memory.length < end) throw new RangeError('the memory shrank during the scan');
    take(offset, memory.subarray(offset, end));
    if (performance.now() - started >= sliceMs && end < length) {
      control.progress?.(end, length);
      await control.checkpoint?.();
      memory = view();
      started = performance.now();
    }
  }
  control.progress?.(length, length);
}

import { describe, expect, it } from 'vitest';
import {
  BlockSnapshot,
  SnapshotComparison,
  diffSnapshot,
  takeSnapshot,
} from '../../../../src/panel/workers/memory/index.ts';
import { Random } from '../../../support/fuzz.ts';

const BLOCK = 64;

/** Exact changed runs of two equally long byte arrays, by comparing each byte. */
function runs(before: Uint8Array, after: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    const start = i;
    while (i < before.length && before[i] !== after[i]) i++;
    out.push([start, i]);
  }
  return out;
}

describe('block snapshots', () => {
  it('diffs exactly where blocks were copied or zero', async () => {
    const memory = new Uint8Array(1024);
    memory.set([1, 2, 3], 100);
    const snapshot = await takeSnapshot(() => memory, { blockBytes: BLOCK, sliceMs: 0 });
    expect(snapshot.copiedBytes).toBe(BLOCK);
    memory[101] = 9; // in the copied block
    memory.fill(5, 600, 610); // in a zero block
    memory[1023] = 1; // the last byte
    const diff = await diffSnapshot(snapshot, () => memory, { sliceMs: 0 });
    expect(diff.ranges).toEqual([
      { start: 101, end: 102, kind: 'changed' },
      { start: 600, end: 610, kind: 'changed' },
      { start: 1023, end: 1024, kind: 'changed' },
    ]);
    expect(diff.changedBytes).toBe(12);
    expect(diff.truncated).toBe(false);
  });

  it('reports a whole block where only its hash was kept', async () => {
    const memory = new Uint8Array(512).fill(0x11);
    const snapshot = await takeSnapshot(() => memory, { blockBytes: BLOCK, copyBudget: BLOCK });
    expect(snapshot.copiedBytes).toBe(BLOCK);
    memory[10] = 0; // copied block: exact
    memory[200] = 0; // hashed block: the whole block
    memory[201] = 0;
    const diff = await diffSnapshot(snapshot, () => memory);
    expect(diff.ranges).toEqual([
      { start: 10, end: 11, kind: 'changed' },
      { start: 192, end: 256, kind: 'block' },
    ]);
  });

  it('finds no change when the bytes are the same, and reports growth', async () => {
    let memory = new Uint8Array(256).map((_, i) => i);
    const snapshot = await takeSnapshot(() => memory, { blockBytes: BLOCK, copyBudget: 0 });
    const grown = new Uint8Array(320);
    grown.set(memory);
    memory = grown;
    const diff = await diffSnapshot(snapshot, () => memory);
    expect(diff.ranges).toEqual([{ start: 256, end: 320, kind: 'grown' }]);
    expect(diff.lengthThen).toBe(256);
    expect(diff.lengthNow).toBe(320);
  });

  it('agrees with a byte comparison on random edits, for unaligned windows and a short tail', () => {
    const random = new Random(11);
    for (let round = 0; round < 100; round++) {
      const length = 1 + random.below(700);
      const before = Uint8Array.from({ length }, () =>
        random.below(3) === 0 ? random.below(256) : 0,
      );
      const after = before.slice();
      for (let edits = random.below(6); edits > 0; edits--)
        after[random.below(length)] ^= 1 + random.below(255);
      // Fed in windows of whole blocks, each at an odd byte offset of its buffer.
      const feed = (bytes: Uint8Array, take: (offset: number, part: Uint8Array) => void) => {
        for (let offset = 0; offset < length;) {
          const size = BLOCK * (1 + random.below(3));
          const end = Math.min(length, offset + size);
          const carrier = new Uint8Array(end - offset + 1);
          carrier.set(bytes.subarray(offset, end), 1);
          take(offset, carrier.subarray(1));
          offset = end;
        }
      };
      const snapshot = new BlockSnapshot(length, Infinity, BLOCK);
      feed(before, (offset, part) => snapshot.absorb(offset, part));
      const comparison = new SnapshotComparison(snapshot, length);
      feed(after, (offset, part) => comparison.compare(offset, part));
      const diff = comparison.result();
      expect(diff.ranges.map((r) => [r.start, r.end])).toEqual(runs(before, after));
      expect(diff.ranges.every((r) => r.kind === 'changed')).toBe(true);
    }
  });

  it('stops listing at maxRanges and says so, still counting the bytes', async () => {
    const memory = new Uint8Array(256);
    const snapshot = await takeSnapshot(() => memory, { blockBytes: BLOCK });
    for (let i = 0; i < 256; i += 2) memory[i] = 1;
    const diff = await diffSnapshot(snapshot, () => memory, { maxRanges: 5 });
    expect(diff.ranges).toHaveLength(5);
    expect(diff.truncated).toBe(true);
    expect(diff.changedBytes).toBe(128);
  });

  it('is cancelled between slices', async () => {
    const memory = new Uint8Array(8 << 20);
    let pauses = 0;
    const taking = takeSnapshot(() => memory, {
      sliceMs: 0,
      async checkpoint() {
        if (++pauses === 2) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      },
    });
    await expect(taking).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses bytes out of order and a memory that shrank', () => {
    const snapshot = new BlockSnapshot(256, Infinity, BLOCK);
    expect(() => snapshot.absorb(64, new Uint8Array(64))).toThrow(RangeError);
    expect(() => snapshot.absorb(0, new Uint8Array(10))).toThrow(/inside a block/);
    expect(() => new SnapshotComparison(snapshot, 128)).toThrow(/smaller/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  findMatches,
  searchBytes,
} from '../../../../src/panel/workers/memory/index.ts';
import { Random } from '../../../support/fuzz.ts';

/** Every match of `pattern` in `memory`, by comparing at each offset. */
function naive(memory: Uint8Array, pattern: Uint8Array, caseInsensitive = false): number[] {
  const fold = (b: number) => (caseInsensitive && b >= 0x41 && b <= 0x5a ? b | 0x20 : b);
  const out: number[] = [];
  for (let i = 0; i + pattern.length <= memory.length; i++) {
    let k = 0;
    while (k < pattern.length && fold(memory[i + k]) === fold(pattern[k])) k++;
    if (k === pattern.length) out.push(i);
  }
  return out;
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('searchBytes', () => {
  it('finds matches that straddle every slice boundary', async () => {
    const memory = new Uint8Array(1000);
    const pattern = bytes(0xde, 0xad, 0xbe, 0xef);
    // Straddling 64-byte boundaries by 3, 2 and 1 bytes, starting on one, ending the memory.
    const starts = [0, 61, 126, 189, 253, 320, 996];
    for (const at of starts) memory.set(pattern, at);
    // Slices of 64 bytes, and a pause after every slice (sliceMs 0).
    const result = await searchBytes(
      () => memory,
      { pattern, from: 0, maxMatches: 100 },
      { sliceBytes: 64, sliceMs: 0 },
    );
    expect(result.matches).toEqual(starts);
    expect(result.resumeAt).toBeNull();
  });

  it('agrees with a byte-by-byte comparison on random memories, both directions', async () => {
    const random = new Random(7);
    for (let round = 0; round < 200; round++) {
      const memory = Uint8Array.from(
        { length: 50 + random.below(400) },
        () => random.below(4) + 0x41,
      );
      const pattern = Uint8Array.from(
        { length: 1 + random.below(4) },
        () => random.below(4) + 0x41,
      );
      const caseInsensitive = round % 3 === 0;
      if (caseInsensitive) for (let i = 0; i < memory.length; i += 3) memory[i] |= 0x20;
      const expected = naive(memory, pattern, caseInsensitive);
      const slice = { sliceBytes: 1 + random.below(40), sliceMs: 0 };
      const forward = await searchBytes(
        () => memory,
        { pattern, caseInsensitive, from: 0, maxMatches: 10_000 },
        slice,
      );
      expect(forward.matches).toEqual(expected);
      const backward = await searchBytes(
        () => memory,
        {
          pattern,
          caseInsensitive,
          from: memory.length - 1,
          direction: 'backward',
          maxMatches: 10_000,
        },
        slice,
      );
      expect(backward.matches).toEqual([...expected].reverse());
    }
  });

  it('stops at maxMatches and says where to resume, forward and backward', async () => {
    const memory = new Uint8Array(100).fill(7);
    const pattern = bytes(7, 7);
    const first = await searchBytes(() => memory, { pattern, from: 10, maxMatches: 3 });
    expect(first.matches).toEqual([10, 11, 12]);
    expect(first.resumeAt).toBe(13);
    const back = await searchBytes(() => memory, {
      pattern,
      from: 98,
      direction: 'backward',
      maxMatches: 2,
    });
    expect(back.matches).toEqual([98, 97]);
    expect(back.resumeAt).toBe(96);
    const last = await searchBytes(() => memory, { pattern, from: 97, maxMatches: 2 });
    expect(last.matches).toEqual([97, 98]);
    expect(last.resumeAt).toBeNull();
  });

  it('ignores the case of ASCII letters only when asked', async () => {
    const memory = text('Hello HELLO hello hELLo');
    const pattern = text('hello');
    const exact = await searchBytes(() => memory, { pattern, from: 0, maxMatches: 10 });
    expect(exact.matches).toEqual([12]);
    const folded = await searchBytes(() => memory, {
      pattern,
      caseInsensitive: true,
      from: 0,
      maxMatches: 10,
    });
    expect(folded.matches).toEqual([0, 6, 12, 18]);
  });

  it('is cancelled at a checkpoint and reports progress up to there', async () => {
    const memory = new Uint8Array(1 << 20);
    const progress: number[] = [];
    let pauses = 0;
    const search = searchBytes(
      () => memory,
      { pattern: bytes(1, 2, 3), from: 0, maxMatches: 10 },
      {
        sliceBytes: 4096,
        sliceMs: 0,
        progress: (done) => progress.push(done),
        async checkpoint() {
          if (++pauses === 3) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
        },
      },
    );
    await expect(search).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toEqual([4096, 8192, 12288]);
  });

  it('reads the memory again after a pause, so growth is searched', async () => {
    let memory = new Uint8Array(256);
    const grown = new Uint8Array(1024);
    grown.set(bytes(9, 9, 9), 900);
    const result = await searchBytes(
      () => memory,
      { pattern: bytes(9, 9, 9), from: 0, maxMatches: 10 },
      {
        sliceBytes: 128,
        sliceMs: 0,
        async checkpoint() {
          memory = grown;
        },
      },
    );
    expect(result.matches).toEqual([900]);
  });

  it('jumps to the rarest byte of the pattern in the sampled memory', () => {
    const counts = new Uint32Array(256);
    counts[0] = 1000;
    counts[0x2a] = 3;
    counts[0xff] = 50;
    const compiled = compilePattern(bytes(0, 0, 0x2a, 0xff), { counts });
    expect(compiled.anchor).toBe(2);
    expect(compiled.anchorValues).toEqual([0x2a]);
    const letters = compilePattern(text('ab'), { caseInsensitive: true });
    expect(letters.anchorValues).toHaveLength(2);
  });

  it('lets a match run past the slice end but not past the memory', () => {
    const memory = bytes(1, 2, 3, 1, 2);
    const compiled = compilePattern(bytes(1, 2, 3));
    const out: number[] = [];
    expect(findMatches(memory, compiled, 0, 1, true, 10, out)).toBe(1);
    expect(findMatches(memory, compiled, 1, 5, true, 10, out)).toBe(0);
    expect(out).toEqual([0]);
  });

  it('rejects an empty pattern', () => {
    expect(() => compilePattern(new Uint8Array(0))).toThrow(RangeError);
  });
});

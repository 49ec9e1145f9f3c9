import { describe, expect, it } from 'vitest';
import {
  isLabChange,
  MAX_SEARCH_PATTERN_BYTES,
  memoryInspectResultValidators,
  memoryInspectValidators,
  memoryLabValidators,
} from '../../src/protocol/memory/index.ts';
import { Random } from '../support/fuzz.ts';

const search = {
  handle: 0,
  pattern: new Uint8Array([1, 2]).buffer,
  caseInsensitive: false,
  from: 0,
  direction: 'forward',
  maxMatches: 100,
};

describe('memory messages', () => {
  it('accepts well-formed search, snapshot and diff parameters', () => {
    expect(memoryInspectValidators.memorySearch(search)).toBe(true);
    expect(memoryInspectValidators.memorySnapshot({ handle: 3 })).toBe(true);
    expect(memoryInspectValidators.memoryDiff({ snapshot: 1, maxRanges: 10 })).toBe(true);
    expect(memoryInspectValidators.memoryDropSnapshot({ snapshot: 1 })).toBe(true);
  });

  it('refuses malformed parameters', () => {
    const bad: unknown[] = [
      null,
      { ...search, pattern: new ArrayBuffer(0) },
      { ...search, pattern: new ArrayBuffer(MAX_SEARCH_PATTERN_BYTES + 1) },
      { ...search, pattern: [1, 2] },
      { ...search, from: -1 },
      { ...search, from: 1.5 },
      { ...search, direction: 'sideways' },
      { ...search, maxMatches: 0 },
      { ...search, maxMatches: 10_000_000 },
      { ...search, caseInsensitive: 'yes' },
      { ...search, handle: '0' },
    ];
    for (const params of bad) expect(memoryInspectValidators.memorySearch(params)).toBe(false);
    expect(memoryInspectValidators.memoryDiff({ snapshot: 1, maxRanges: 1e9 })).toBe(false);
    expect(memoryLabValidators.labRead({ handle: 0, offset: 0, length: 64 * 1024 * 1024 })).toBe(
      false,
    );
    expect(
      memoryLabValidators.labCreate({ label: 'x', pages: 2, maximum: 1, memory64: false }),
    ).toBe(false);
  });

  it('checks what the worker answers', () => {
    expect(
      memoryInspectResultValidators.memoryDiff({
        ranges: [{ start: 4, end: 8, kind: 'changed' }],
        truncated: false,
        changedBytes: 4,
        lengthThen: 16,
        lengthNow: 16,
      }),
    ).toBe(true);
    expect(
      memoryInspectResultValidators.memoryDiff({
        ranges: [{ start: 8, end: 4, kind: 'changed' }],
        truncated: false,
        changedBytes: 4,
        lengthThen: 16,
        lengthNow: 16,
      }),
    ).toBe(false);
    expect(
      memoryInspectResultValidators.memorySearch({ matches: [-1], resumeAt: null, scanned: 0 }),
    ).toBe(false);
    expect(isLabChange({ callId: 1, grown: [{ handle: 0, from: 2, to: 1 }] })).toBe(false);
  });

  it('never throws on random values', () => {
    const random = new Random(3);
    const values = (depth: number): unknown => {
      switch (random.below(depth > 2 ? 6 : 8)) {
        case 0:
          return null;
        case 1:
          return random.u32() - 2 ** 31;
        case 2:
          return random.below(2) === 0 ? 'forward' : String(random.u32());
        case 3:
          return new ArrayBuffer(random.below(8));
        case 4:
          return random.below(2) === 0;
        case 5:
          return undefined;
        case 6:
          return Array.from({ length: random.below(4) }, () => values(depth + 1));
        default: {
          const keys = [
            'handle',
            'pattern',
            'from',
            'direction',
            'maxMatches',
            'snapshot',
            'ranges',
            'start',
            'end',
            'kind',
          ];
          return Object.fromEntries(
            keys.filter(() => random.below(2) === 0).map((k) => [k, values(depth + 1)]),
          );
        }
      }
    };
    const checks = [
      ...Object.values(memoryInspectValidators),
      ...Object.values(memoryInspectResultValidators),
      ...Object.values(memoryLabValidators),
      isLabChange,
    ] as ((value: unknown) => boolean)[];
    for (let i = 0; i < 2000; i++) {
      const value = values(0);
      for (const check of checks) expect(typeof check(value)).toBe('boolean');
    }
  });
});

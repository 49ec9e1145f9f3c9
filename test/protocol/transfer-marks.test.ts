import { afterEach, describe, expect, it } from 'vitest';
import { TRANSFER_MARK_PREFIX, markTransfer } from '../../src/protocol/index.ts';

const marks = (): PerformanceEntry[] =>
  performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith(TRANSFER_MARK_PREFIX));

describe('transfer marks', () => {
  afterEach(() => performance.clearMarks());

  it('mark a stage on the performance timeline with the module hash as detail', () => {
    markTransfer('panel:skeleton', 'ab'.repeat(32));
    const [mark] = marks();
    expect(mark.name).toBe(`${TRANSFER_MARK_PREFIX}panel:skeleton`);
    expect((mark as PerformanceMark).detail).toEqual({ hash: 'ab'.repeat(32) });
  });

  it('keep only the last mark of each stage, however many modules pass', () => {
    for (let i = 0; i < 100; i++) {
      markTransfer('background:bytes-first', `${i}`);
      markTransfer('background:bytes-last', `${i}`);
    }
    expect(marks().map((mark) => [mark.name, (mark as PerformanceMark).detail.hash])).toEqual([
      [`${TRANSFER_MARK_PREFIX}background:bytes-first`, '99'],
      [`${TRANSFER_MARK_PREFIX}background:bytes-last`, '99'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { WindowedRows } from '../../../../src/panel/state/common/windowed-rows.ts';

/** A list whose rows read `generation:index`, with fetches the test answers one by one. */
function deferredList() {
  let generation = 0;
  const pending: { start: number; count: number; resolve: () => void }[] = [];
  const rows = new WindowedRows<string>(
    (start, count) =>
      new Promise((resolve) => {
        const asked = generation;
        pending.push({
          start,
          count,
          resolve: () =>
            resolve({
              total: 1000,
              rows: Array.from({ length: count }, (_, i) => `${asked}:${start + i}`),
            }),
        });
      }),
    10,
  );
  return {
    rows,
    pending,
    change: () => generation++,
    settle: async () => {
      for (const p of pending.splice(0)) p.resolve();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe('WindowedRows.revalidate', () => {
  it('fetches the rows in view again and keeps showing the old ones until they arrive', async () => {
    const list = deferredList();
    list.rows.ensure(0, 25);
    await list.settle();
    expect(list.rows.get(3)).toBe('0:3');
    expect(list.rows.get(24)).toBe('0:24');
    list.change();
    list.rows.revalidate(0, 15);
    // Pages 0 and 1 are asked again; page 2 (out of view) is forgotten.
    expect(list.pending.map((p) => p.start)).toEqual([0, 10]);
    expect(list.rows.get(3)).toBe('0:3');
    expect(list.rows.get(24)).toBeUndefined();
    await list.settle();
    expect(list.rows.get(3)).toBe('1:3');
    expect(list.rows.get(14)).toBe('1:14');
  });

  it('ignores a page fetched before the revalidation that arrives after it', async () => {
    const list = deferredList();
    list.rows.ensure(0, 5);
    const stale = list.pending.splice(0);
    list.change();
    list.rows.revalidate(0, 5);
    await list.settle();
    expect(list.rows.get(0)).toBe('1:0');
    for (const p of stale) p.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(list.rows.get(0)).toBe('1:0');
  });
});

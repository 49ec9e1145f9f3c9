import { describe, expect, it, vi } from 'vitest';
import { PendingReplies } from '../../src/protocol/index.ts';

describe('PendingReplies', () => {
  it('resolves a request once, by its id, and ignores a second reply', async () => {
    const pending = new PendingReplies<number>({ idPrefix: 'q' });
    const { id, promise } = pending.open(undefined, 1000, () => new Error('timeout'));
    expect(id.startsWith('q')).toBe(true);
    expect(pending.resolve(id, 7)).toBe(true);
    expect(pending.resolve(id, 8)).toBe(false);
    await expect(promise).resolves.toBe(7);
    expect(pending.size).toBe(0);
  });

  it('rejects with the timeout error when no reply comes', async () => {
    vi.useFakeTimers();
    try {
      const pending = new PendingReplies<number>();
      const { promise } = pending.open(undefined, 50, () => new Error('no answer'));
      const settled = promise.catch((error: Error) => error.message);
      vi.advanceTimersByTime(60);
      await expect(settled).resolves.toBe('no answer');
      expect(pending.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('hands out decimal ids, so numeric protocols can send Number(id)', () => {
    const pending = new PendingReplies();
    const ids = [0, 1, 2].map(() => pending.open(undefined, Infinity, () => new Error('t')).id);
    expect(ids).toEqual(['0', '1', '2']);
    expect(
      new PendingReplies({ idPrefix: 'r.' }).open(undefined, Infinity, () => new Error('t')).id,
    ).toBe('r.0');
  });

  it('track delivers the outcome in the task that settles it, timeouts included', () => {
    vi.useFakeTimers();
    try {
      const pending = new PendingReplies<number>();
      const seen: string[] = [];
      const handlers = {
        resolve: (value: number) => seen.push(`value ${value}`),
        reject: (error: Error) => seen.push(`error ${error.message}`),
      };
      const answered = pending.track(undefined, 50, () => new Error('no answer'), handlers);
      pending.track(undefined, 50, () => new Error('no answer'), handlers);
      pending.resolve(answered, 3);
      expect(seen).toEqual(['value 3']);
      vi.advanceTimersByTime(60);
      expect(seen).toEqual(['value 3', 'error no answer']);
      expect(pending.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails only the requests whose metadata matches', async () => {
    const pending = new PendingReplies<string, { frame: number }>();
    const a = pending.open({ frame: 1 }, Infinity, () => new Error('t'));
    const b = pending.open({ frame: 2 }, Infinity, () => new Error('t'));
    pending.rejectAll(new Error('frame gone'), (meta) => meta.frame === 1);
    await expect(a.promise).rejects.toThrow('frame gone');
    expect(pending.meta(b.id)).toEqual({ frame: 2 });
    pending.resolve(b.id, 'ok');
    await expect(b.promise).resolves.toBe('ok');
  });
});

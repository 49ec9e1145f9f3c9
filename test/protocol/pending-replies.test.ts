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

import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveClient, LiveRequestError } from '../../../../src/panel/state/capture/live-client.ts';
import type { LiveRequest } from '../../../../src/protocol/index.ts';

const READ: LiveRequest = { op: 'read-globals', target: { instanceId: 'realm1.0' } };
const VALUE = { op: 'read-globals' as const, instanceId: 'realm1.0', globals: [] };

function client(): { live: LiveClient; sent: string[] } {
  const sent: string[] = [];
  return { live: new LiveClient((requestId) => sent.push(requestId)), sent };
}

describe('LiveClient', () => {
  afterEach(() => vi.useRealTimers());

  it('resolves a request with the value of its reply, matched by request id', async () => {
    const { live, sent } = client();
    const first = live.request(READ);
    const second = live.request(READ);
    expect(sent).toEqual(['p0', 'p1']);
    live.reply('p1', { ok: true, value: { ...VALUE, instanceId: 'second' } });
    live.reply('p0', { ok: true, value: VALUE });
    await expect(first).resolves.toEqual(VALUE);
    await expect(second).resolves.toMatchObject({ instanceId: 'second' });
  });

  it('rejects with a LiveRequestError carrying the code of a failed reply', async () => {
    const { live, sent } = client();
    const request = live.request(READ);
    live.reply(sent[0], { ok: false, error: 'frame-gone', message: 'the frame is gone' });
    const error = await request.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LiveRequestError);
    expect(error).toMatchObject({ code: 'frame-gone', message: 'frame-gone: the frame is gone' });
  });

  it('rejects with code timeout when the background never answers', async () => {
    vi.useFakeTimers();
    const { live } = client();
    const settled = live.request(READ).catch((caught: unknown) => caught);
    vi.advanceTimersByTime(15_001);
    await expect(settled).resolves.toMatchObject({ code: 'timeout' });
  });

  it('rejects a request its port could not send', async () => {
    const live = new LiveClient(() => {
      throw new Error('port closed');
    });
    await expect(live.request(READ)).rejects.toThrow('port closed');
  });
});

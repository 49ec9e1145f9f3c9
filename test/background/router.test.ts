import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router, type PanelLink } from '../../src/background/router.ts';
import type { HookCommand, HookReport, PanelEvent, TabSnapshot } from '../../src/protocol/index.ts';
import { CHANNEL, ChunkAssembler, bytesToBase64, chunkFrames } from '../../src/protocol/index.ts';
import { instanceReport, moduleReport, statusReport } from '../protocol/fixtures.ts';

const TAB = 7;

class FakePanel implements PanelLink {
  readonly events: PanelEvent[] = [];
  post(event: PanelEvent): void {
    this.events.push(event);
  }
  lastSnapshot(): TabSnapshot | undefined {
    return this.events.filter((event) => event.kind === 'snapshot').at(-1)?.snapshot;
  }
}

function setup(
  send: (
    tabId: number,
    frameId: number | undefined,
    command: HookCommand,
  ) => Promise<void> = async () => undefined,
) {
  const sent: { tabId: number; frameId: number | undefined; command: HookCommand }[] = [];
  const router = new Router(
    async (tabId, frameId, command) => {
      sent.push({ tabId, frameId, command });
      await send(tabId, frameId, command);
    },
    { byteBudget: 10_000_000, liveTimeoutMs: 1000, snapshotDelayMs: 10 },
  );
  const relay = (frameId: number, report: HookReport, dropped = 0) =>
    router.onRelay(TAB, frameId, { channel: CHANNEL, kind: 'report', report, dropped });
  return { router, relay, sent };
}

describe('Router', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands the tab list to a panel that opens late, and asks the hooks to announce', () => {
    const { router, relay, sent } = setup();
    relay(0, statusReport());
    relay(0, moduleReport());
    const panel = new FakePanel();
    router.onPanel(panel, { kind: 'subscribe', tabId: TAB });
    expect(panel.lastSnapshot()?.modules).toHaveLength(1);
    expect(sent.at(-1)).toEqual({ tabId: TAB, frameId: undefined, command: { kind: 'announce' } });
  });

  it('pushes coalesced snapshots to subscribed panels and none after they leave', () => {
    const { router, relay } = setup();
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    relay(0, statusReport());
    relay(0, moduleReport());
    relay(0, instanceReport());
    vi.advanceTimersByTime(20);
    expect(panel.events.filter((event) => event.kind === 'snapshot')).toHaveLength(2);
    expect(panel.lastSnapshot()?.modules[0].instances).toBe(1);
    router.unsubscribe(panel);
    relay(0, instanceReport({ instanceId: 'realm1.9' }));
    vi.advanceTimersByTime(20);
    expect(panel.events.filter((event) => event.kind === 'snapshot')).toHaveLength(2);
  });

  it('fetches module bytes from the frame that compiled them, verifies, caches and forwards them', async () => {
    const bytes = new Uint8Array(2_500_000).map((_, i) => i % 251);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const { router, relay, sent } = setup();
    relay(0, statusReport());
    relay(3, statusReport({ realmId: 'sub' }));
    relay(3, moduleReport({ hash, size: bytes.length }));
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    router.onPanel(panel, { kind: 'fetch-bytes', hash });
    const request = sent.find((entry) => entry.command.kind === 'send-bytes');
    expect(request?.frameId).toBe(3);
    const transferId = request?.command.kind === 'send-bytes' ? request.command.transferId : '';
    for (const frame of chunkFrames(hash, bytes, bytesToBase64)) {
      relay(0, { kind: 'chunk', transferId, ...frame }); // wrong frame: ignored
      relay(3, { kind: 'chunk', transferId, ...frame });
    }
    await vi.waitFor(() =>
      expect(panel.events.some((event) => event.kind === 'bytes-chunk')).toBe(true),
    );
    const chunks = panel.events.filter((event) => event.kind === 'bytes-chunk');
    const assembler = new ChunkAssembler(hash, bytes.length, chunks.length);
    let outcome;
    for (const chunk of chunks) outcome = await assembler.add(chunk);
    expect(outcome?.state).toBe('complete');
    expect(router.tab(TAB).bytes.has(hash)).toBe(true);
  });

  it('reports a failed transfer when the page sends bytes that do not match the hash', async () => {
    const { router, relay, sent } = setup();
    const hash = 'ab'.repeat(32);
    relay(0, statusReport());
    relay(0, moduleReport({ hash, size: 3 }));
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    router.onPanel(panel, { kind: 'fetch-bytes', hash });
    const command = sent.find((entry) => entry.command.kind === 'send-bytes')?.command;
    const transferId = command?.kind === 'send-bytes' ? command.transferId : '';
    relay(0, { kind: 'chunk', transferId, hash, index: 0, total: 1, size: 3, data: 'AQID' });
    await vi.waitFor(() =>
      expect(panel.events.at(-1)).toMatchObject({ kind: 'bytes-failed', hash }),
    );
    expect(router.tab(TAB).bytes.has(hash)).toBe(false);
  });

  it('answers live requests with the page reply, a timeout, or frame-gone', async () => {
    let failSend = false;
    const { router, relay, sent } = setup(async () => {
      if (failSend) throw new Error('Could not establish connection');
    });
    relay(0, statusReport());
    relay(0, moduleReport());
    relay(0, instanceReport({ instanceId: 'realm1.0' }));
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    const read = { op: 'read-globals', target: { instanceId: 'realm1.0' } } as const;

    router.onPanel(panel, { kind: 'live', requestId: 'p1', request: read });
    const forwarded = sent.at(-1)?.command;
    const requestId = forwarded?.kind === 'live' ? forwarded.requestId : '';
    const result = {
      ok: true as const,
      value: { op: 'read-globals' as const, instanceId: 'realm1.0', globals: [] },
    };
    relay(0, { kind: 'reply', requestId, result });
    expect(panel.events.at(-1)).toEqual({ kind: 'live-reply', requestId: 'p1', result });

    router.onPanel(panel, { kind: 'live', requestId: 'p2', request: read });
    vi.advanceTimersByTime(1001);
    expect(panel.events.at(-1)).toMatchObject({
      kind: 'live-reply',
      requestId: 'p2',
      result: { ok: false, error: 'timeout' },
    });

    failSend = true;
    router.onPanel(panel, { kind: 'live', requestId: 'p3', request: read });
    await vi.waitFor(() =>
      expect(panel.events.at(-1)).toMatchObject({
        requestId: 'p3',
        result: { ok: false, error: 'frame-gone' },
      }),
    );

    relay(0, statusReport({ realmId: 'next-document' }));
    router.onPanel(panel, {
      kind: 'live',
      requestId: 'p4',
      request: { op: 'read-globals', target: { hash: moduleReport().hash } },
    });
    expect(panel.events.at(-1)).toMatchObject({
      requestId: 'p4',
      result: { ok: false, error: 'frame-gone' },
    });
  });

  it('forgets a closed tab', () => {
    const { router, relay } = setup();
    relay(0, statusReport());
    relay(0, moduleReport());
    router.tabClosed(TAB);
    expect(router.tab(TAB).snapshot().modules).toHaveLength(0);
  });
});

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Router, type PanelLink } from '../../src/background/router.ts';
import type {
  ChunkReport,
  HookCommand,
  HookReport,
  PanelEvent,
  TabSnapshot,
} from '../../src/protocol/index.ts';
import {
  CHANNEL,
  TRANSFER_MARK_PREFIX,
  ChunkAssembler,
  bytesToBase64,
  chunkFrames,
  expandSkeleton,
  runInSlices,
  squeezeModule,
} from '../../src/protocol/index.ts';
import { generateModule, scaledModule } from '../../bench/generate.ts';
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

/** A router with module `hash` reported by frame 0, and a way to read the transfer id asked for. */
function withModule(bytes: Uint8Array, hash: string) {
  const { router, relay, sent } = setup();
  relay(0, statusReport());
  relay(0, moduleReport({ hash, size: bytes.length }));
  const transferOf = (): string => {
    const command = sent.find((entry) => entry.command.kind === 'send-bytes')?.command;
    return command?.kind === 'send-bytes' ? command.transferId : '';
  };
  return { router, relay, sent, transferOf };
}

let large: { bytes: Uint8Array; hash: string; skeleton: Uint8Array } | undefined;

/** A generated module over 1 MiB (so it gets a skeleton), its hash and its skeleton. */
async function largeFixture() {
  if (large) return large;
  const bytes = generateModule(scaledModule(0.05));
  const hash = createHash('sha256').update(bytes).digest('hex');
  const skeleton = await runInSlices(squeezeModule(bytes), async () => undefined);
  if (!skeleton) throw new Error('the fixture should get a skeleton');
  large = { bytes, hash, skeleton };
  return large;
}

/** Reassembles the skeleton and module chunks a panel received. */
async function reassemble(panel: FakePanel, hash: string, size: number) {
  const chunks = panel.events.flatMap((event) => (event.kind === 'bytes-chunk' ? [event] : []));
  const out: { skeleton?: Uint8Array; module?: Uint8Array } = {};
  for (const part of ['skeleton', 'module'] as const) {
    const mine = chunks.filter((chunk) => chunk.part === part);
    if (mine.length === 0) continue;
    const assembler = new ChunkAssembler(hash, mine[0].size, mine[0].total, part);
    for (const chunk of mine) {
      const progress = await assembler.add(chunk);
      if (progress.state === 'complete') out[part] = progress.bytes;
    }
  }
  expect(out.module?.length).toBe(size);
  return out;
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
    // The panel learns the transfer's id (its bridged chunks must name it) before any chunk.
    expect(panel.events.filter((event) => event.kind !== 'snapshot')).toEqual([
      { kind: 'bytes-transfer', hash, transferId },
    ]);
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

  it('streams each chunk to the panel that asked as it arrives, not after the whole module', () => {
    const bytes = new Uint8Array(700_000).map((_, i) => i % 13);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const { router, relay, transferOf } = withModule(bytes, hash);
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    router.onPanel(panel, { kind: 'fetch-bytes', hash });
    const transferId = transferOf();
    const frames = [...chunkFrames(hash, bytes, bytesToBase64)];
    relay(0, { kind: 'chunk', transferId, ...frames[0] });
    const passed = panel.events.filter((event) => event.kind === 'bytes-chunk');
    expect(passed).toEqual([{ kind: 'bytes-chunk', ...frames[0] }]);
    expect(router.tab(TAB).bytes.has(hash)).toBe(false);
  });

  it('lists a new module at once after a quiet spell, and coalesces what follows', () => {
    const { router, relay } = setup();
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    relay(0, statusReport());
    vi.advanceTimersByTime(0);
    expect(panel.lastSnapshot()?.status.hookInstalled).toBe(true);
    relay(0, moduleReport());
    relay(0, instanceReport());
    vi.advanceTimersByTime(0);
    expect(panel.lastSnapshot()?.modules).toHaveLength(0);
    vi.advanceTimersByTime(10);
    expect(panel.lastSnapshot()?.modules[0].instances).toBe(1);
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
    relay(0, {
      kind: 'chunk',
      transferId,
      hash,
      part: 'module',
      index: 0,
      total: 1,
      size: 3,
      data: 'AQID',
    });
    await vi.waitFor(() =>
      expect(panel.events).toContainEqual(expect.objectContaining({ kind: 'bytes-failed', hash })),
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

describe('Router transfers of large modules (real timers: hashing is not a timer)', () => {
  it('passes a large module skeleton on ahead of its bytes, and keeps only the verified bytes', async () => {
    const { bytes, hash, skeleton } = await largeFixture();
    const { router, relay, transferOf } = withModule(bytes, hash);
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    router.onPanel(panel, { kind: 'fetch-bytes', hash });
    const transferId = transferOf();
    for (const frame of chunkFrames(hash, skeleton, bytesToBase64, 'skeleton'))
      relay(0, { kind: 'chunk', transferId, ...frame });
    for (const frame of chunkFrames(hash, bytes, bytesToBase64))
      relay(0, { kind: 'chunk', transferId, ...frame });
    await vi.waitFor(() => expect(router.tab(TAB).bytes.has(hash)).toBe(true), {
      timeout: 30_000,
    });
    const parts = panel.events.flatMap((event) =>
      event.kind === 'bytes-chunk' ? [event.part] : [],
    );
    const skeletonChunks = Math.ceil(skeleton.length / (256 * 1024));
    expect(parts.slice(0, skeletonChunks).every((part) => part === 'skeleton')).toBe(true);
    expect(parts.slice(skeletonChunks).every((part) => part === 'module')).toBe(true);
    expect(panel.events.some((event) => event.kind === 'bytes-failed')).toBe(false);
  });

  it('sends cached bytes with a large module skeleton first, and a late panel the verified bytes', async () => {
    const { bytes, hash, skeleton } = await largeFixture();
    const { router, relay, transferOf } = withModule(bytes, hash);
    const first = new FakePanel();
    const late = new FakePanel();
    router.subscribe(first, TAB);
    router.subscribe(late, TAB);
    router.onPanel(first, { kind: 'fetch-bytes', hash });
    const transferId = transferOf();
    const frames = [...chunkFrames(hash, bytes, bytesToBase64)];
    relay(0, { kind: 'chunk', transferId, ...frames[0] });
    router.onPanel(late, { kind: 'fetch-bytes', hash }); // joins a transfer in flight
    for (const frame of frames.slice(1)) relay(0, { kind: 'chunk', transferId, ...frame });
    const cached = new FakePanel();
    await vi.waitFor(() => expect(router.tab(TAB).bytes.has(hash)).toBe(true), {
      timeout: 30_000,
    });
    router.subscribe(cached, TAB);
    router.onPanel(cached, { kind: 'fetch-bytes', hash });
    for (const panel of [late, cached]) {
      const got = await vi.waitFor(
        async () => {
          const assembled = await reassemble(panel, hash, bytes.length);
          expect(assembled.module).toEqual(bytes);
          return assembled;
        },
        { timeout: 30_000, interval: 100 },
      );
      expect(expandSkeleton(got.skeleton as Uint8Array, bytes.length)).toEqual(
        expandSkeleton(skeleton, bytes.length),
      );
    }
  });
});

describe('Router chunks heard on the byte bridge (real timers: hashing is not a timer)', () => {
  const bytes = new Uint8Array(700_000).map((_, i) => (i * 7) % 253);
  const hash = createHash('sha256').update(bytes).digest('hex');
  /** The module's chunks as the bridge passes them on: bytes, not base64. */
  const bridged = (transferId: string): ChunkReport[] =>
    [...chunkFrames(hash, bytes, (slice) => slice.slice())].map((frame) => ({
      kind: 'chunk',
      transferId,
      ...frame,
    }));

  // Cheaper than comparing 700 000 elements one by one, as toEqual does.
  const sha256Of = (got: Uint8Array | undefined): string | undefined =>
    got && createHash('sha256').update(got).digest('hex');

  afterEach(() => performance.clearMarks());

  it('fills the byte cache from a started transfer, and a later panel is served from it', async () => {
    const { router, sent, transferOf } = withModule(bytes, hash);
    const asks = () => sent.filter((entry) => entry.command.kind === 'send-bytes').length;
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    router.onPanel(panel, { kind: 'fetch-bytes', hash });
    for (const chunk of bridged(transferOf())) router.onBridgedChunk(chunk);
    await vi.waitFor(() => expect(router.tab(TAB).bytes.has(hash)).toBe(true));
    expect(sha256Of(router.tab(TAB).bytes.get(hash))).toBe(hash);
    // The panel heard the chunks on the channel: the background does not send them again.
    expect(panel.events.filter((event) => event.kind === 'bytes-chunk')).toEqual([]);
    expect(panel.events.some((event) => event.kind === 'bytes-failed')).toBe(false);

    const late = new FakePanel();
    router.subscribe(late, TAB);
    router.onPanel(late, { kind: 'fetch-bytes', hash });
    // A module under 1 MiB: its three chunks, no skeleton.
    await vi.waitFor(() =>
      expect(late.events.filter((event) => event.kind === 'bytes-chunk')).toHaveLength(3),
    );
    expect(sha256Of((await reassemble(late, hash, bytes.length)).module)).toBe(hash);
    expect(asks()).toBe(1); // from the cache, without asking the page again
  });

  it('ignores bridged chunks of an unknown transfer or of another module', async () => {
    const { router, transferOf } = withModule(bytes, hash);
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    router.onPanel(panel, { kind: 'fetch-bytes', hash });
    const chunks = bridged(transferOf());
    // A forged id: the whole module, but for a transfer nobody started.
    for (const chunk of chunks) router.onBridgedChunk({ ...chunk, transferId: 't0-guess' });
    const otherHash = 'cd'.repeat(32);
    for (const chunk of chunks) router.onBridgedChunk({ ...chunk, hash: otherHash });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(router.tab(TAB).bytes.has(hash)).toBe(false);
    expect(router.tab(TAB).bytes.has(otherHash)).toBe(false);
    // Nothing was counted as this transfer's, nor marked as passing the background.
    expect(performance.getEntriesByName(`${TRANSFER_MARK_PREFIX}background:bytes-first`)).toEqual(
      [],
    );
    for (const chunk of chunks) router.onBridgedChunk(chunk);
    await vi.waitFor(() => expect(router.tab(TAB).bytes.has(hash)).toBe(true));
    expect(sha256Of(router.tab(TAB).bytes.get(hash))).toBe(hash);
    expect(
      performance.getEntriesByName(`${TRANSFER_MARK_PREFIX}background:bytes-last`),
    ).toHaveLength(1);
  });

  it('tells the panel when bridged bytes do not match the hash, and caches nothing', async () => {
    const { router, transferOf } = withModule(bytes, hash);
    const panel = new FakePanel();
    router.subscribe(panel, TAB);
    router.onPanel(panel, { kind: 'fetch-bytes', hash });
    const [first, ...rest] = bridged(transferOf());
    router.onBridgedChunk({ ...first, data: new Uint8Array(first.data.length) });
    for (const chunk of rest) router.onBridgedChunk(chunk);
    await vi.waitFor(() =>
      expect(panel.events).toContainEqual({
        kind: 'bytes-failed',
        hash,
        message: expect.stringContaining('hash mismatch'),
      }),
    );
    expect(router.tab(TAB).bytes.has(hash)).toBe(false);
  });
});

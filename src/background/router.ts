/**
 * The background's routing, independent of the browser APIs so it can be tested with fakes:
 * relay reports update the tab's state, panels subscribe to a tab and get snapshots, module
 * bytes and live requests are routed to the right tab and frame. A panel that asks for a
 * module's bytes gets each chunk as it comes from the page (the background only also keeps a
 * verified copy), not the whole module after it arrived here: storing and then re-sending
 * doubled the time a large module took to reach the panel.
 */
import type {
  ChunkReport,
  HookCommand,
  LiveRequest,
  LiveResult,
  PanelEvent,
  PanelRequest,
  RelayMessage,
} from '../protocol/index.ts';
import {
  bytesToBase64,
  chunkFrames,
  liveError,
  markTransfer,
  runInSlices,
  squeezeModule,
} from '../protocol/index.ts';
import { LiveRequests } from './live-requests.ts';
import { TabState, type TabRecord } from './store/tab-state.ts';
import { ByteTransfers } from './transfer/byte-transfers.ts';

/** Sends a hook command to one frame of a tab (all frames when `frameId` is undefined). */
export type FrameMessenger = (
  tabId: number,
  frameId: number | undefined,
  command: HookCommand,
) => Promise<void>;

/** A connected panel. */
export interface PanelLink {
  post(event: PanelEvent): void;
}

/** Knobs, mostly for tests. */
export interface RouterOptions {
  /** Bytes of verified modules cached per tab. */
  byteBudget: number;
  liveTimeoutMs?: number;
  transferIdleMs?: number;
  /** Called when a tab's persistable state changed (null: the tab is gone). */
  persist?: (tabId: number, record: TabRecord | null) => void;
  /** Delay used to coalesce snapshot pushes. */
  snapshotDelayMs?: number;
}

/** Default per-tab byte budget: room for a few large modules. */
export const DEFAULT_BYTE_BUDGET = 256 * 1024 * 1024;

/** Longest stretch of work on a cached module's skeleton or chunks between two yields. */
const SEND_SLICE_MS = 8;

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Routes between relays and panels. */
export class Router {
  readonly #tabs = new Map<number, TabState>();
  readonly #panels = new Map<PanelLink, number>();
  readonly #dirty = new Set<number>();
  readonly #transfers: ByteTransfers;
  readonly #live: LiveRequests;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #lastFlush = -Infinity;

  constructor(
    private readonly send: FrameMessenger,
    private readonly options: RouterOptions = { byteBudget: DEFAULT_BYTE_BUDGET },
  ) {
    this.#transfers = new ByteTransfers(options.transferIdleMs);
    this.#live = new LiveRequests(options.liveTimeoutMs);
  }

  /** The tab's state, created on first use. */
  tab(tabId: number): TabState {
    let tab = this.#tabs.get(tabId);
    if (!tab) {
      tab = new TabState(tabId, this.options.byteBudget);
      this.#tabs.set(tabId, tab);
    }
    return tab;
  }

  /** Reinstates a tab persisted before the service worker stopped. */
  restore(tabId: number, record: TabRecord): void {
    if (!this.#tabs.has(tabId))
      this.#tabs.set(tabId, TabState.restore(tabId, this.options.byteBudget, record));
  }

  /** Handles a validated report from the relay of `frameId` in `tabId`. */
  onRelay(tabId: number, frameId: number, message: RelayMessage): void {
    const tab = this.tab(tabId);
    const report = message.report;
    let changed = false;
    switch (report.kind) {
      case 'status': {
        const navigated =
          tab.realmOf(frameId) !== undefined && tab.realmOf(frameId) !== report.realmId;
        if (navigated) this.#live.frameGone(tabId, frameId === 0 ? undefined : frameId);
        tab.applyStatus(frameId, report, message.dropped);
        changed = true;
        break;
      }
      case 'module':
        changed = tab.applyModule(frameId, report);
        break;
      case 'instance':
        changed = tab.applyInstance(frameId, report);
        break;
      case 'instance-gone':
        changed = tab.removeInstance(report.instanceId);
        break;
      case 'chunk':
        void this.#transfers.chunk(tabId, frameId, report);
        break;
      case 'transfer-failed':
        this.#transfers.finish(report.transferId, { ok: false, message: report.message });
        break;
      case 'reply':
        this.#live.reply(tabId, frameId, report.requestId, report.result);
        break;
    }
    if (report.kind !== 'status') tab.noteDropped(frameId, message.dropped);
    if (changed) this.#markDirty(tabId);
  }

  /** Subscribes a panel to a tab: it gets a snapshot now and after every change. */
  subscribe(panel: PanelLink, tabId: number): void {
    this.#panels.set(panel, tabId);
    panel.post({ kind: 'snapshot', snapshot: this.tab(tabId).snapshot() });
    // A restarted background may have missed reports; the hooks repeat what they know.
    this.send(tabId, undefined, { kind: 'announce' }).catch(() => undefined);
  }

  /** Forgets a disconnected panel. */
  unsubscribe(panel: PanelLink): void {
    this.#panels.delete(panel);
  }

  /** Handles a validated request from a subscribed panel. */
  onPanel(panel: PanelLink, request: PanelRequest): void {
    if (request.kind === 'subscribe') {
      this.subscribe(panel, request.tabId);
      return;
    }
    const tabId = this.#panels.get(panel);
    if (tabId === undefined) return;
    if (request.kind === 'fetch-bytes') this.#fetchBytes(panel, tabId, request.hash);
    else
      this.#forwardLive(tabId, request.request, (result) =>
        panel.post({ kind: 'live-reply', requestId: request.requestId, result }),
      );
  }

  /** Handles a validated chunk heard on the byte bridge's channel (see `protocol/bridge.ts`). */
  onBridgedChunk(chunk: ChunkReport): void {
    void this.#transfers.bridged(chunk).then((known) => {
      if (known) markChunk(chunk);
    });
  }

  /** Drops everything about a closed tab. */
  tabClosed(tabId: number): void {
    this.#tabs.delete(tabId);
    this.#transfers.cancelTab(tabId, 'the tab was closed');
    this.#live.frameGone(tabId);
    this.options.persist?.(tabId, null);
  }

  #fetchBytes(panel: PanelLink, tabId: number, hash: string): void {
    const tab = this.tab(tabId);
    const cached = tab.bytes.get(hash);
    if (cached) {
      void this.#sendBytes(panel, hash, cached);
      return;
    }
    const module = tab.modules.get(hash);
    if (!module) {
      panel.post({ kind: 'bytes-failed', hash, message: 'this tab has not reported that module' });
      return;
    }
    let transferId = this.#transfers.inFlight(tabId, hash);
    if (!transferId) {
      transferId = this.#transfers.start(tabId, module.frameId, hash);
      const id = transferId;
      markTransfer('background:bytes-requested', hash);
      panel.post({ kind: 'bytes-transfer', hash, transferId: id });
      this.send(tabId, module.frameId, { kind: 'send-bytes', transferId: id, hash }).catch(() =>
        this.#transfers.finish(id, {
          ok: false,
          message: 'the frame that compiled the module is gone',
        }),
      );
      this.#transfers.wait(id, (outcome) => {
        if (!outcome.ok) return;
        tab.bytes.put(hash, outcome.bytes);
        this.#markDirty(tabId);
      });
      // The panel that started the transfer gets every chunk as it arrives and verifies the
      // module itself; it hears from here again only if the transfer fails.
      this.#transfers.stream(id, (chunk) => {
        markChunk(chunk);
        if (this.#panels.has(panel)) panel.post(bytesChunk(chunk));
      });
      this.#transfers.wait(id, (outcome) => {
        if (!outcome.ok) panel.post({ kind: 'bytes-failed', hash, message: outcome.message });
      });
      return;
    }
    // Chunks already passed this panel by: it gets the verified bytes once they are all here.
    this.#transfers.wait(transferId, (outcome) => {
      if (outcome.ok) void this.#sendBytes(panel, hash, outcome.bytes);
      else panel.post({ kind: 'bytes-failed', hash, message: outcome.message });
    });
  }

  /** Sends verified bytes to a panel, a large module's skeleton first, in short slices. */
  async #sendBytes(panel: PanelLink, hash: string, bytes: Uint8Array): Promise<void> {
    const skeleton = await runInSlices(squeezeModule(bytes), nextTask, SEND_SLICE_MS);
    const parts = skeleton
      ? [
          chunkFrames(hash, skeleton, bytesToBase64, 'skeleton'),
          chunkFrames(hash, bytes, bytesToBase64),
        ]
      : [chunkFrames(hash, bytes, bytesToBase64)];
    let sliceStart = Date.now();
    for (const frames of parts) {
      for (const frame of frames) {
        if (!this.#panels.has(panel)) return;
        panel.post({ kind: 'bytes-chunk', ...frame });
        if (Date.now() - sliceStart > SEND_SLICE_MS) {
          await nextTask();
          sliceStart = Date.now();
        }
      }
    }
  }

  #forwardLive(tabId: number, request: LiveRequest, answer: (result: LiveResult) => void): void {
    const tab = this.tab(tabId);
    const target = request.target;
    let frameId: number | undefined;
    if ('instanceId' in target) {
      const instance = tab.instances.get(target.instanceId);
      if (!instance)
        return answer(
          liveError('not-found', `instance ${target.instanceId} is not known in this tab`),
        );
      if (tab.isStale(instance))
        return answer(liveError('frame-gone', 'the instance belonged to a page that navigated'));
      frameId = instance.frameId;
    } else {
      const module = tab.modules.get(target.hash);
      if (!module)
        return answer(liveError('not-found', `module ${target.hash} is not known in this tab`));
      if (tab.isStale(module))
        return answer(liveError('frame-gone', 'the module belonged to a page that navigated'));
      frameId = module.frameId;
    }
    const requestId = this.#live.open(tabId, frameId, answer);
    this.send(tabId, frameId, { kind: 'live', requestId, request }).catch(() =>
      this.#live.settle(requestId, liveError('frame-gone', 'the frame is gone')),
    );
  }

  /**
   * Snapshots go out at most once per delay: a change after a quiet spell goes at once (a new
   * module is listed without waiting), changes in quick succession are coalesced.
   */
  #markDirty(tabId: number): void {
    this.#dirty.add(tabId);
    if (this.#flushTimer !== null) return;
    const delay = this.options.snapshotDelayMs ?? 50;
    const wait = Math.max(0, this.#lastFlush + delay - Date.now());
    this.#flushTimer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    this.#flushTimer = null;
    this.#lastFlush = Date.now();
    for (const tabId of this.#dirty) {
      const tab = this.#tabs.get(tabId);
      if (!tab) continue;
      this.options.persist?.(tabId, tab.record());
      const snapshot = tab.snapshot();
      for (const [panel, panelTab] of this.#panels)
        if (panelTab === tabId) panel.post({ kind: 'snapshot', snapshot });
    }
    this.#dirty.clear();
  }
}

/** Marks the first and last chunk of each part of a transfer (see `transfer-marks.ts`). */
function markChunk({ hash, part, index, total }: ChunkReport): void {
  const skeleton = part === 'skeleton';
  if (index === 0)
    markTransfer(skeleton ? 'background:skeleton-first' : 'background:bytes-first', hash);
  if (index === total - 1)
    markTransfer(skeleton ? 'background:skeleton-last' : 'background:bytes-last', hash);
}

/** The panel event that carries a chunk from the page on, unchanged. */
function bytesChunk(chunk: ChunkReport): PanelEvent {
  const { hash, part, index, total, size, data } = chunk;
  const text = typeof data === 'string' ? data : bytesToBase64(data);
  return { kind: 'bytes-chunk', hash, part, index, total, size, data: text };
}

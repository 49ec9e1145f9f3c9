/**
 * Connects the capture area to the background for one inspected tab: the port, the module
 * bytes (fetched and hash-verified), live requests to the page's instances, and the
 * `globalThis.wasmLayer` debugging surface.
 */
import type { ChunkDigest, LiveRequest, LiveValue, TabSnapshot } from '../../../protocol/index.ts';
import {
  BYTES_CHANNEL,
  base64ToBytes,
  bytesToBase64,
  markTransfer,
  parseBridgedChunk,
} from '../../../protocol/index.ts';
import type { DecodeApi } from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import type { DocumentsState } from '../documents/index.ts';
import { applyPanelEvent, renderSnapshot } from '../events.ts';
import type { CaptureState } from './capture-state.ts';
import { BackgroundConnection } from './connection.ts';
import type { TargetSpec, WasmLayerApi } from './debug-api.ts';
import { LiveClient } from './live-client.ts';
import { ModuleBytes } from './module-bytes.ts';

function targetOf(spec: TargetSpec): LiveRequest['target'] {
  return 'instanceId' in spec && spec.instanceId
    ? { instanceId: spec.instanceId }
    : { hash: (spec as { hash: string }).hash };
}

function expect<K extends LiveValue['op']>(value: LiveValue, op: K): Extract<LiveValue, { op: K }> {
  if (value.op !== op) throw new Error(`expected a ${op} answer, got ${value.op}`);
  return value as Extract<LiveValue, { op: K }>;
}

/** The last path segment of a URL, for a tab title. */
export function titleOfUrl(url: string, fallback: string): string {
  try {
    const path = new URL(url).pathname;
    const last = path.slice(path.lastIndexOf('/') + 1);
    return last !== '' ? decodeURIComponent(last) : fallback;
  } catch {
    return fallback;
  }
}

/** Chrome's prioritized task scheduler, where there is one. */
interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<void>;
}

/**
 * Runs `task` after whatever else is waiting (rendering, a worker's answer), where the browser
 * can order tasks so; at once elsewhere.
 */
function inBackground(task: () => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (typeof scheduler?.postTask === 'function')
    void scheduler.postTask(task, { priority: 'background' }).catch(() => undefined);
  else task();
}

/**
 * Hands `bytes` every chunk the byte bridge passes on (see `protocol/bridge.ts`); it takes only
 * those of the module it fetches. Null where there is no BroadcastChannel.
 *
 * A chunk's payload is read (copied out of its message) in a background-priority task: a large
 * module's chunks arrive in a flood, and handled as they come they queued the decode worker's
 * answers and the overview's rendering behind 0.6 s of copying.
 */
function listenToBytesBridge(bytes: ModuleBytes): BroadcastChannel | null {
  if (typeof BroadcastChannel !== 'function') return null;
  const channel = new BroadcastChannel(BYTES_CHANNEL);
  channel.onmessage = (event: MessageEvent) => inBackground(() => take(event));
  const take = (event: MessageEvent): void => {
    const chunk = parseBridgedChunk(event.data);
    if (!chunk) return;
    markTransfer('panel:bridged', chunk.hash);
    void bytes.bridgedChunk(chunk);
  };
  return channel;
}

/**
 * A {@link ChunkDigest} that hashes in the decode worker: the bytes' buffer is moved there and
 * back, so this thread neither copies nor hashes them.
 */
export function digestInWorker(decoder: () => RpcClient<DecodeApi>): ChunkDigest {
  return async (bytes) => {
    const buffer = bytes.buffer as ArrayBuffer;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
    const own = whole ? buffer : bytes.slice().buffer;
    const answer = await decoder().call('sha256', { bytes: own }, { transfer: [own] });
    return { sha256: answer.sha256, bytes: new Uint8Array(answer.bytes) };
  };
}

/** A connected capture area. */
export interface CaptureConnection {
  /** The debugging and test surface (also installed as `globalThis.wasmLayer`). */
  readonly api: WasmLayerApi;
  /**
   * Opens captured module `hash` in the explorer: at once from its verified bytes when they
   * are here, else as a document that shows the module's overview when its skeleton arrives
   * and is completed when its bytes are verified. Resolves when the document is open (or
   * failed) with the verified bytes.
   */
  open(hash: string): Promise<void>;
  /** Closes the port. */
  close(): void;
}

/**
 * Connects `capture` for `tabId`; opened modules go to `documents`. `digest` hashes a module's
 * bytes before they count as verified (by default on this thread).
 */
export function connectCapture(
  capture: CaptureState,
  documents: DocumentsState,
  tabId: number,
  digest?: ChunkDigest,
): CaptureConnection {
  let lastSnapshot: TabSnapshot | null = null;
  const rerender = (): void => {
    if (lastSnapshot) renderSnapshot(capture, lastSnapshot, bytes);
  };
  const port = new BackgroundConnection(
    tabId,
    (event) => {
      lastSnapshot = applyPanelEvent(capture, { bytes, live }, event) ?? lastSnapshot;
    },
    () => {
      capture.connection.value = 'connecting';
      bytes.resume();
    },
  );
  const bytes = new ModuleBytes(
    (hash) => port.post({ kind: 'fetch-bytes', hash }),
    rerender,
    undefined,
    digest,
  );
  const live = new LiveClient((requestId, request) =>
    port.post({ kind: 'live', requestId, request }),
  );
  const bridged = listenToBytesBridge(bytes);

  const api: WasmLayerApi = {
    modules: () => capture.modules.value,
    instances: () => capture.instances.value,
    status: () => capture.status.value,
    moduleBytes: (hash) => bytes.fetch(hash),
    async readMemory(spec) {
      const request: LiveRequest = {
        op: 'read-memory',
        target: targetOf(spec),
        memory: spec.memory ?? 0,
        offset: spec.offset,
        length: spec.length,
      };
      return base64ToBytes(expect(await live.request(request), 'read-memory').data);
    },
    async writeMemory(spec) {
      const data = bytesToBase64(Uint8Array.from(spec.bytes));
      const request: LiveRequest = {
        op: 'write-memory',
        target: targetOf(spec),
        memory: spec.memory ?? 0,
        offset: spec.offset,
        data,
      };
      return expect(await live.request(request), 'write-memory').written;
    },
    async readGlobals(spec) {
      return expect(
        await live.request({ op: 'read-globals', target: targetOf(spec) }),
        'read-globals',
      ).globals;
    },
    async writeGlobal(spec) {
      const request: LiveRequest = {
        op: 'write-global',
        target: targetOf(spec),
        global: spec.global,
        value: String(spec.value),
      };
      return expect(await live.request(request), 'write-global').value;
    },
    async readTable(spec) {
      const request: LiveRequest = {
        op: 'read-table',
        target: targetOf(spec),
        table: spec.table ?? 0,
        start: spec.start ?? 0,
        count: spec.count ?? 64,
      };
      const value = expect(await live.request(request), 'read-table');
      return { length: value.length, entries: value.entries };
    },
  };

  const connection: CaptureConnection = {
    api,
    async open(hash) {
      const module = capture.modules.peek().find((m) => m.hash === hash);
      const url = module?.sourceUrl ?? '';
      const title = titleOfUrl(url, `module ${hash.slice(0, 8)}`);
      const origin = { kind: 'page', hash, url } as const;
      const verified = bytes.get(hash);
      if (verified || !module) {
        const ready = verified ?? (await bytes.fetch(hash));
        // The worker takes the buffer; the panel keeps its verified copy for the next open.
        documents.open(ready.slice().buffer, title, origin);
        return;
      }
      const arrived = bytes.fetch(hash);
      documents.openArriving(title, origin, module.size, bytes.arriving(hash));
      await arrived;
    },
    close: () => {
      port.close();
      bridged?.close();
    },
  };
  capture.setOpener((hash) => connection.open(hash));
  return connection;
}

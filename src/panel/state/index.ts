/**
 * The panel's state and actions. {@link startPanelState} connects to the background for the
 * inspected tab, keeps the signals in `store.ts` current, fetches every module's bytes so the
 * panel can verify them, and installs the {@link WasmLayerApi} as `globalThis.wasmLayer`.
 */
import type { LiveRequest, LiveValue, PanelEvent, TabSnapshot } from '../../protocol/index.ts';
import { base64ToBytes, bytesToBase64 } from '../../protocol/index.ts';
import { BackgroundConnection } from './connection.ts';
import { exposeDebugApi, type TargetSpec, type WasmLayerApi } from './debug-api.ts';
import { LiveClient } from './live-client.ts';
import { ModuleBytes } from './module-bytes.ts';
import { connection, instances, modules, status } from './store.ts';

export { connection, instances, modules, status, type PanelModule } from './store.ts';
export { LiveRequestError } from './live-client.ts';
export type { WasmLayerApi, TargetSpec } from './debug-api.ts';

function targetOf(spec: TargetSpec): LiveRequest['target'] {
  return 'instanceId' in spec && spec.instanceId
    ? { instanceId: spec.instanceId }
    : { hash: (spec as { hash: string }).hash };
}

function expect<K extends LiveValue['op']>(value: LiveValue, op: K): Extract<LiveValue, { op: K }> {
  if (value.op !== op) throw new Error(`expected a ${op} answer, got ${value.op}`);
  return value as Extract<LiveValue, { op: K }>;
}

/** Connects the panel for `tabId` and returns its debugging API (also on `globalThis`). */
export function startPanelState(tabId: number): WasmLayerApi {
  let lastSnapshot: TabSnapshot | null = null;
  const render = (): void => {
    if (!lastSnapshot) return;
    modules.value = lastSnapshot.modules.map((module) => ({
      ...module,
      complete: bytes.get(module.hash) !== undefined,
      bytesError: bytes.failure(module.hash) ?? null,
      fetching: bytes.fetching(module.hash),
    }));
    instances.value = lastSnapshot.instances;
    status.value = lastSnapshot.status;
  };

  const onEvent = (event: PanelEvent): void => {
    connection.value = 'connected';
    switch (event.kind) {
      case 'snapshot':
        lastSnapshot = event.snapshot;
        bytes.retain(new Set(event.snapshot.modules.map((module) => module.hash)));
        for (const module of event.snapshot.modules) bytes.want(module.hash, module.size);
        render();
        return;
      case 'bytes-chunk':
        void bytes.chunk(event);
        return;
      case 'bytes-failed':
        bytes.failed(event.hash, event.message);
        return;
      case 'live-reply':
        live.reply(event.requestId, event.result);
        return;
    }
  };

  const port = new BackgroundConnection(tabId, onEvent, () => {
    connection.value = 'connecting';
    bytes.resume();
  });
  const bytes = new ModuleBytes((hash) => port.post({ kind: 'fetch-bytes', hash }), render);
  const live = new LiveClient((requestId, request) =>
    port.post({ kind: 'live', requestId, request }),
  );
  addEventListener('unload', () => port.close());

  const api: WasmLayerApi = {
    modules: () => modules.value,
    instances: () => instances.value,
    status: () => status.value,
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
  exposeDebugApi(api);
  return api;
}

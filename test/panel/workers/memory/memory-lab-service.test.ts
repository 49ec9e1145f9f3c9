import { afterEach, describe, expect, it } from 'vitest';
import {
  isLabChange,
  memoryLabResultValidators,
  memoryLabValidators,
  type LabChange,
  type MemoryLabApi,
} from '../../../../src/protocol/memory/index.ts';
import { RpcClient, serveRpc, type MessageEndpoint } from '../../../../src/protocol/rpc/index.ts';
import { createMemoryLab } from '../../../../src/panel/lab/lab-session.ts';
import { createMemoryLabHandlers } from '../../../../src/panel/workers/memory/memory-lab-service.ts';
import { watToWasm } from '../../../support/wat.ts';

const MODULE = `(module
  (memory (export "memory") 1 4)
  (data (i32.const 16) "abc")
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

/** The lab's service over a MessageChannel, as the page reaches its worker. */
function connect(): { client: RpcClient<MemoryLabApi>; events: LabChange[] } {
  const channel = new MessageChannel();
  const events: LabChange[] = [];
  const server = serveRpc<MemoryLabApi>(
    channel.port1 as unknown as MessageEndpoint,
    createMemoryLabHandlers((_, payload) => server.emit('memory-changed', payload)),
    memoryLabValidators,
  );
  const client = new RpcClient<MemoryLabApi>(
    channel.port2 as unknown as MessageEndpoint,
    memoryLabResultValidators,
  );
  client.on('memory-changed', (payload) => {
    if (isLabChange(payload)) events.push(payload);
  });
  channel.port1.start();
  channel.port2.start();
  close = () => {
    server.close();
    client.close();
    channel.port1.close();
    channel.port2.close();
  };
  return { client, events };
}

describe('the Memory lab worker', () => {
  it('instantiates a module, reads, writes, calls, and reports growth per call', async () => {
    const { client, events } = connect();
    const bytes = await watToWasm(MODULE);
    const loaded = await client.call('labLoad', { bytes: bytes.slice().buffer, name: 't.wasm' });
    expect(loaded.memories).toEqual([
      { handle: 0, label: 't.wasm: memory', is64: false, shared: false, length: 65536 },
    ]);
    expect(loaded.functions).toEqual(['poke', 'grow']);
    const read = await client.call('labRead', { handle: 0, offset: 16, length: 3 });
    expect(new TextDecoder().decode(read.bytes)).toBe('abc');
    await client.call('labWrite', { handle: 0, offset: 16, bytes: new Uint8Array([0x41]).buffer });
    await client.call('labCall', { name: 'poke', args: [32, 7] });
    const grown = await client.call('labCall', { name: 'grow', args: [2] });
    expect(grown.value).toBe('1');
    const after = await client.call('labRead', { handle: 0, offset: 16, length: 17 });
    expect([...new Uint8Array(after.bytes)].slice(0, 1)).toEqual([0x41]);
    expect(new Uint8Array(after.bytes)[16]).toBe(7);
    expect(after.size).toBe(3 * 65536);
    expect(events).toEqual([
      { callId: 1, grown: [] },
      { callId: 2, grown: [{ handle: 0, from: 65536, to: 3 * 65536 }] },
    ]);
  });

  it('searches and snapshots its memories where they are', async () => {
    const { client } = connect();
    const memory = await client.call('labCreate', {
      label: 'big',
      pages: 16,
      maximum: null,
      memory64: false,
    });
    await client.call('labWrite', {
      handle: memory.handle,
      offset: 900_000,
      bytes: new Uint8Array([1, 2, 3]).buffer,
    });
    const progress: number[] = [];
    const found = await client.call(
      'memorySearch',
      {
        handle: memory.handle,
        pattern: new Uint8Array([1, 2, 3]).buffer,
        caseInsensitive: false,
        from: 0,
        direction: 'forward',
        maxMatches: 10,
      },
      { onProgress: (p) => progress.push(p.done) },
    );
    expect(found.matches).toEqual([900_000]);
    expect(progress.at(-1)).toBe(16 * 65536);
    const snapshot = await client.call('memorySnapshot', { handle: memory.handle });
    await client.call('labWrite', {
      handle: memory.handle,
      offset: 5,
      bytes: new Uint8Array([9]).buffer,
    });
    const diff = await client.call('memoryDiff', { snapshot: snapshot.snapshot, maxRanges: 10 });
    expect(diff.ranges).toEqual([{ start: 5, end: 6, kind: 'changed' }]);
    await client.call('memoryDropSnapshot', { snapshot: snapshot.snapshot });
    await expect(
      client.call('memoryDiff', { snapshot: snapshot.snapshot, maxRanges: 10 }),
    ).rejects.toThrow(/no snapshot/);
  });

  it('cancels a search in the worker', async () => {
    const { client } = connect();
    const memory = await client.call('labCreate', {
      label: 'big',
      pages: 1024,
      maximum: null,
      memory64: false,
    });
    const controller = new AbortController();
    const search = client.call(
      'memorySearch',
      // A pattern that matches nowhere, with the worst anchor: every zero byte is a candidate.
      {
        handle: memory.handle,
        pattern: new Uint8Array(64).fill(0).map((_, i) => (i === 63 ? 1 : 0)).buffer,
        caseInsensitive: false,
        from: 0,
        direction: 'forward',
        maxMatches: 10,
      },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(search).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('says why it refuses a module with imports or an unknown export', async () => {
    const { client } = connect();
    const bytes = await watToWasm('(module (import "env" "f" (func)))');
    await expect(
      client.call('labLoad', { bytes: bytes.slice().buffer, name: 'i.wasm' }),
    ).rejects.toThrow(/without imports; i.wasm imports env.f/);
    await expect(client.call('labCall', { name: 'nope', args: [] })).rejects.toThrow(
      /no exported function "nope"/,
    );
  });

  it('gives the page memory sources that hear about each call', async () => {
    const { client } = connect();
    const lab = createMemoryLab(client);
    await lab.load(await watToWasm(MODULE), 'm.wasm');
    const source = lab.list.sources.value[0];
    const heard: unknown[] = [];
    source.onChange!((change) => heard.push(change));
    await lab.call('grow', [1]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual([{ callId: 1, grew: { from: 65536, to: 131072 } }]);
    expect(await source.length()).toBe(131072);
    expect(lab.log.value[0].text).toMatch(/^grow\(1\) → 1 in/);
  });
});

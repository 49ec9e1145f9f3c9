import { afterEach, describe, expect, it } from 'vitest';
import {
  RpcClient,
  RpcError,
  serveRpc,
  withTransfer,
  type MessageEndpoint,
  type RpcServer,
} from '../../src/protocol/rpc/index.ts';

interface TestApi {
  add: { params: { a: number; b: number }; result: number };
  count: { params: { to: number }; result: number };
  fail: { params: { offset: number }; result: never };
  buffer: { params: { size: number }; result: ArrayBuffer };
}

const isPair = (p: unknown): p is { a: number; b: number } =>
  typeof p === 'object' &&
  p !== null &&
  typeof (p as { a: unknown }).a === 'number' &&
  typeof (p as { b: unknown }).b === 'number';
const hasNumber =
  <K extends string>(key: K) =>
  (p: unknown): p is Record<K, number> =>
    typeof p === 'object' && p !== null && typeof (p as Record<K, unknown>)[key] === 'number';

let channel: MessageChannel;
let server: RpcServer;

function start(): RpcClient<TestApi> {
  channel = new MessageChannel();
  const workerSide = channel.port1 as unknown as MessageEndpoint;
  server = serveRpc<TestApi>(
    workerSide,
    {
      add: ({ a, b }) => a + b,
      async count({ to }, call) {
        let i = 0;
        for (; i < to; i++) {
          call.progress(i, to, 'counting');
          await call.checkpoint();
        }
        return i;
      },
      fail({ offset }) {
        const error = new Error('bad byte') as Error & { offset: number; section: string };
        error.name = 'WasmDecodeError';
        error.offset = offset;
        error.section = 'code';
        throw error;
      },
      buffer: ({ size }) => {
        const buffer = new ArrayBuffer(size);
        return withTransfer(buffer, [buffer]);
      },
    },
    { add: isPair, count: hasNumber('to'), fail: hasNumber('offset'), buffer: hasNumber('size') },
  );
  channel.port1.start();
  channel.port2.start();
  return new RpcClient<TestApi>(channel.port2 as unknown as MessageEndpoint, {
    add: (v): v is number => typeof v === 'number',
  });
}

afterEach(() => {
  server?.close();
  channel?.port1.close();
  channel?.port2.close();
});

describe('worker RPC', () => {
  it('answers a call with its result', async () => {
    const client = start();
    expect(await client.call('add', { a: 2, b: 40 })).toBe(42);
  });

  it('refuses parameters of the wrong shape before the handler runs', async () => {
    const client = start();
    const failure = client.call('add', { a: 1 } as unknown as { a: number; b: number });
    await expect(failure).rejects.toMatchObject({ code: 'invalid-params' });
  });

  it('refuses a method the service does not have, including inherited names', async () => {
    const client = start();
    await expect(client.call('toString' as 'add', { a: 1, b: 2 })).rejects.toMatchObject({
      code: 'unknown-method',
    });
  });

  it("keeps a decoder error's name, offset and section across the boundary", async () => {
    const client = start();
    const error = await client.call('fail', { offset: 0x1a2b }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ remoteName: 'WasmDecodeError', offset: 0x1a2b, section: 'code' });
  });

  it('reports progress and stops a cancelled call', async () => {
    const client = start();
    const controller = new AbortController();
    const seen: number[] = [];
    const call = client.call(
      'count',
      { to: 1_000_000 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.done);
          if (seen.length === 1) controller.abort();
        },
      },
    );
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.length).toBeGreaterThan(0);
    // The worker stopped too: a later call is answered promptly.
    expect(await client.call('add', { a: 1, b: 1 })).toBe(2);
  });

  it('moves a transferred buffer', async () => {
    const client = start();
    const buffer = await client.call('buffer', { size: 1024 });
    expect(buffer.byteLength).toBe(1024);
  });

  it('delivers events to their topic only', async () => {
    const client = start();
    const got: unknown[] = [];
    client.on('console', (payload) => got.push(payload));
    server.emit('console', { text: 'hello' });
    server.emit('other', 1);
    await client.call('add', { a: 0, b: 0 });
    expect(got).toEqual([{ text: 'hello' }]);
  });

  it('drops forged and malformed messages on both sides', async () => {
    const client = start();
    channel.port2.postMessage({ rpc: 'call', id: '../x', method: 'add', params: {} });
    channel.port2.postMessage('nonsense');
    channel.port1.postMessage({ rpc: 'result', id: 'never-asked', value: 1 });
    channel.port1.postMessage({ rpc: 'event', topic: 'has space', payload: 1 });
    expect(await client.call('add', { a: 3, b: 4 })).toBe(7);
    expect(server.dropped).toBe(2);
    expect(client.dropped).toBe(2);
  });

  it('fails calls in flight, and later ones, when the worker is gone', async () => {
    const client = start();
    const call = client.call('count', { to: 1_000_000 });
    client.close();
    await expect(call).rejects.toMatchObject({ code: 'closed' });
    await expect(client.call('add', { a: 1, b: 2 })).rejects.toMatchObject({ code: 'closed' });
  });
});

/**
 * A sandbox memory as a memory source: the window a finished call sent with its end answers
 * the views' next read without another round trip, until guest code or a write changes it.
 */
import { describe, expect, it } from 'vitest';
import type { RpcClient } from '../../../../src/protocol/rpc/index.ts';
import type { SandboxApi } from '../../../../src/protocol/sandbox/index.ts';
import { SandboxMemorySource } from '../../../../src/panel/state/sandbox/memory-source.ts';

/** A source over a fake worker whose memory is `memory`; counts the worker's reads. */
function sourceOver(memory: Uint8Array) {
  let reads = 0;
  let busy = false;
  const client = {
    async call(method: string, params: { offset: number; length: number; bytes?: ArrayBuffer }) {
      if (method === 'readMemory') {
        reads++;
        const bytes = memory.slice(params.offset, params.offset + params.length);
        return { offset: params.offset, size: memory.length, bytes: bytes.buffer };
      }
      if (method === 'writeMemory' && params.bytes) {
        memory.set(new Uint8Array(params.bytes), params.offset);
        return { size: memory.length };
      }
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as RpcClient<SandboxApi>;
  const source = new SandboxMemorySource(1, 'memory', false, {
    client: async () => client,
    busy: () => busy,
    watch: () => undefined,
    changed: () => undefined,
  });
  /** The window the worker sends as a call ends. */
  const settle = (offset: number, length: number) =>
    source.acceptSettled({
      kind: 'memory',
      handle: 1,
      offset,
      size: memory.length,
      bytes: memory.slice(offset, offset + length).buffer,
    });
  return {
    source,
    settle,
    reads: () => reads,
    setBusy: (value: boolean) => (busy = value),
  };
}

describe('a sandbox memory source after a call', () => {
  it("answers a read inside the call's final window without asking the worker", async () => {
    const memory = new Uint8Array(256).map((_, i) => i);
    const { source, settle, reads } = sourceOver(memory);
    settle(16, 64);
    expect([...(await source.read(20, 4))]).toEqual([20, 21, 22, 23]);
    expect(reads()).toBe(0);
    // Outside the window: the worker is asked.
    expect([...(await source.read(100, 2))]).toEqual([100, 101]);
    expect(reads()).toBe(1);
  });

  it('asks the worker again once the panel wrote the memory', async () => {
    const memory = new Uint8Array(256);
    const { source, settle, reads } = sourceOver(memory);
    settle(0, 64);
    await source.write(8, Uint8Array.of(7, 7));
    expect([...(await source.read(8, 2))]).toEqual([7, 7]);
    expect(reads()).toBe(1);
  });

  it('uses the pushes of a running call, not the last call’s window, while guest code runs', async () => {
    const memory = new Uint8Array(256);
    const { source, settle, setBusy } = sourceOver(memory);
    settle(0, 64);
    setBusy(true);
    source.acceptLive({
      kind: 'memory',
      handle: 1,
      offset: 0,
      size: 256,
      bytes: Uint8Array.of(5, 5, 5, 5).buffer,
    });
    expect([...(await source.read(0, 4))]).toEqual([5, 5, 5, 5]);
    setBusy(false);
    // The push ended the settled window: after the run, the read goes to the worker.
    expect([...(await source.read(0, 4))]).toEqual([0, 0, 0, 0]);
  });
});

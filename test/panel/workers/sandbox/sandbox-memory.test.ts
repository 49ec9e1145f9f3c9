/**
 * The sandbox worker's memory inspection: searches and snapshots of its instances' memories
 * run in the worker (through the service, as the panel calls them), with progress and
 * cancellation; `memory.grow` in guest code is reported as `memory-grown` events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient, type MessageEndpoint } from '../../../../src/protocol/rpc/index.ts';
import {
  sandboxResultValidators,
  type InstanceSummary,
  type SandboxApi,
  type SandboxEvents,
} from '../../../../src/protocol/sandbox/index.ts';
import { serveSandbox } from '../../../../src/panel/workers/sandbox/sandbox-service.ts';
import { autoProviders, fixtureBytes } from '../../support/sandbox-fixtures.ts';
import { watToWasm } from '../../../support/wat.ts';

interface Served {
  client: RpcClient<SandboxApi>;
  grown: SandboxEvents['memory-grown'][];
  close(): void;
}

let served: Served | null = null;
afterEach(() => {
  served?.close();
  served = null;
});

function serve(): Served {
  const channel = new MessageChannel();
  const { server, session } = serveSandbox(channel.port1 as unknown as MessageEndpoint);
  channel.port1.start();
  channel.port2.start();
  const client = new RpcClient<SandboxApi>(
    channel.port2 as unknown as MessageEndpoint,
    sandboxResultValidators,
  );
  const grown: SandboxEvents['memory-grown'][] = [];
  client.on('memory-grown', (payload) => grown.push(payload as SandboxEvents['memory-grown']));
  served = {
    client,
    grown,
    close() {
      server.close();
      session.close();
      channel.port1.close();
      channel.port2.close();
    },
  };
  return served;
}

async function instantiate(
  client: RpcClient<SandboxApi>,
  bytes: ArrayBuffer,
): Promise<{ instance: InstanceSummary; storeId: number }> {
  const module = await client.call('loadModule', { bytes, name: 'm' });
  const { storeId } = await client.call('createStore', {});
  const outcome = await client.call('instantiate', {
    storeId,
    moduleId: module.moduleId,
    imports: autoProviders(module),
    wasi: null,
  });
  if (outcome.kind !== 'instantiated') throw new Error(outcome.failure.message);
  return { instance: outcome.instance, storeId };
}

const handleOf = (instance: InstanceSummary, name: string): number =>
  instance.exports.find((e) => e.name === name)!.handle;

const i32 = (value: number) => ({ type: 'i32' as const, value });

const search = (handle: number, pattern: number[], caseInsensitive = false) => ({
  handle,
  pattern: new Uint8Array(pattern).buffer,
  caseInsensitive,
  from: 0,
  direction: 'forward' as const,
  maxMatches: 100,
});

describe("the sandbox worker's memory inspection", () => {
  it('finds bytes a call wrote, in the worker', async () => {
    const { client } = serve();
    const { instance } = await instantiate(client, await fixtureBytes('imports'));
    const memory = handleOf(instance, 'memory');
    await client.call('call', {
      func: handleOf(instance, 'write_memory'),
      args: [i32(0x400), i32(0x44332211)],
    });
    const found = await client.call('memorySearch', search(memory, [0x11, 0x22, 0x33, 0x44]));
    expect(found).toMatchObject({ matches: [0x400], resumeAt: null });
    // Backward from the end, as the view's Shift+F3 asks.
    const back = await client.call('memorySearch', {
      ...search(memory, [0x22, 0x33]),
      from: 65535,
      direction: 'backward',
    });
    expect(back.matches).toEqual([0x401]);
  });

  it('takes a snapshot, and the diff names the bytes a later call changed and the grown pages', async () => {
    const { client, grown } = serve();
    const { instance } = await instantiate(
      client,
      (
        await watToWasm(`(module
          (memory (export "memory") 1)
          (data (i32.const 0x100) "keep")
          (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`)
      ).slice().buffer,
    );
    const memory = handleOf(instance, 'memory');
    const taken = await client.call('memorySnapshot', { handle: memory });
    expect(taken).toMatchObject({ length: 65536 });
    await client.call('call', { func: handleOf(instance, 'poke'), args: [i32(0x2000), i32(-1)] });
    await client.call('call', { func: handleOf(instance, 'grow'), args: [i32(2)] });
    // The grow is an event with the old and new size, sent before the call's answer.
    expect(grown).toEqual([{ grown: [{ handle: memory, from: 65536, to: 3 * 65536 }] }]);
    const diff = await client.call('memoryDiff', { snapshot: taken.snapshot, maxRanges: 100 });
    expect(diff.lengthThen).toBe(65536);
    expect(diff.lengthNow).toBe(3 * 65536);
    expect(diff.ranges.find((r) => r.kind === 'grown')).toEqual({
      start: 65536,
      end: 3 * 65536,
      kind: 'grown',
    });
    const changed = diff.ranges.filter((r) => r.kind !== 'grown');
    expect(changed).toHaveLength(1);
    // Zero blocks are kept as hashes: the change is exact, or its block.
    expect(changed[0].start).toBeLessThanOrEqual(0x2000);
    expect(changed[0].end).toBeGreaterThanOrEqual(0x2004);
    expect(changed[0].end - changed[0].start).toBeLessThanOrEqual(65536);
    // A call that does not grow sends no event.
    await client.call('call', { func: handleOf(instance, 'poke'), args: [i32(0), i32(1)] });
    expect(grown).toHaveLength(1);
    await client.call('memoryDropSnapshot', { snapshot: taken.snapshot });
    await expect(
      client.call('memoryDiff', { snapshot: taken.snapshot, maxRanges: 10 }),
    ).rejects.toThrow(/no snapshot/);
  });

  it('reports progress of a long search and stops it when the panel cancels', async () => {
    const { client } = serve();
    const { instance } = await instantiate(
      client,
      (await watToWasm(`(module (memory (export "memory") 4096))`)).slice().buffer,
    );
    const memory = handleOf(instance, 'memory');
    const abort = new AbortController();
    const progress: number[] = [];
    const searching = client.call('memorySearch', search(memory, [0x41, 0x42, 0x43], true), {
      signal: abort.signal,
      onProgress: (p) => {
        progress.push(p.done);
        abort.abort();
      },
    });
    await expect(searching).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(4096 * 65536);
    // The worker answers the next call at once.
    expect((await client.call('readMemory', { handle: memory, offset: 0, length: 0 })).size).toBe(
      4096 * 65536,
    );
  });

  it("forgets a disposed store's snapshots, and refuses handles that name no memory", async () => {
    const { client } = serve();
    const { instance, storeId } = await instantiate(client, await fixtureBytes('imports'));
    const memory = handleOf(instance, 'memory');
    const taken = await client.call('memorySnapshot', { handle: memory });
    await expect(
      client.call('memorySearch', search(handleOf(instance, 'add'), [1])),
    ).rejects.toThrow(/is not a memory/);
    await client.call('disposeStore', { storeId });
    await expect(
      client.call('memoryDiff', { snapshot: taken.snapshot, maxRanges: 10 }),
    ).rejects.toThrow(/no snapshot/);
    await expect(client.call('memorySearch', search(memory, [1]))).rejects.toThrow(/is not known/);
  });
});

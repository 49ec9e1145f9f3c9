import { describe, expect, it } from 'vitest';
import {
  MAX_CHUNK_BYTES,
  bytesToBase64,
  chunkFrames,
  sha256Hex,
} from '../../../../src/protocol/index.ts';
import type { ArrivalEvent } from '../../../../src/panel/state/documents/index.ts';
import { ModuleBytes } from '../../../../src/panel/state/capture/module-bytes.ts';

/** A panel byte store whose background answers every request at once from `modules`. */
async function harness(budget: number, sizes: number[]) {
  const modules = new Map<string, Uint8Array>();
  for (const [i, size] of sizes.entries()) {
    const bytes = new Uint8Array(size).fill(i + 1);
    modules.set(await sha256Hex(bytes), bytes);
  }
  const requested: string[] = [];
  const deliveries: Promise<void>[] = [];
  const store: ModuleBytes = new ModuleBytes(
    (hash) => {
      requested.push(hash);
      const bytes = modules.get(hash) as Uint8Array;
      for (const frame of chunkFrames(hash, bytes, bytesToBase64)) {
        deliveries.push(store.chunk({ ...frame }));
      }
    },
    () => undefined,
    budget,
  );
  const settle = async () => {
    while (deliveries.length) await deliveries.shift();
  };
  return { store, hashes: [...modules.keys()], requested, settle };
}

describe('panel module bytes', () => {
  it('prefetches listed modules only while they fit in the budget', async () => {
    const { store, hashes, requested, settle } = await harness(250, [100, 100, 100]);
    for (const hash of hashes) store.want(hash, 100);
    await settle();
    expect(requested).toEqual(hashes.slice(0, 2));
    expect(store.heldBytes).toBe(200);
    expect(store.get(hashes[2])).toBeUndefined();
  });

  it('an explicit fetch gets bytes beyond the budget by evicting the least recently used', async () => {
    const { store, hashes, settle } = await harness(250, [100, 100, 100]);
    store.want(hashes[0], 100);
    store.want(hashes[1], 100);
    await settle();
    await store.fetch(hashes[0]); // now the most recently used
    const third = store.fetch(hashes[2]);
    await settle();
    expect((await third).length).toBe(100);
    expect(store.get(hashes[1])).toBeUndefined();
    expect(store.get(hashes[0])).toBeDefined();
    expect(store.heldBytes).toBe(200);
  });

  it('forgets the bytes of modules the page no longer lists', async () => {
    const { store, hashes, settle } = await harness(1000, [100, 100]);
    for (const hash of hashes) store.want(hash, 100);
    await settle();
    store.retain(new Set([hashes[1]]));
    expect(store.get(hashes[0])).toBeUndefined();
    expect(store.heldBytes).toBe(100);
  });

  it('tells a watcher of the skeleton, then progress, then the verified bytes', async () => {
    const bytes = new Uint8Array(2 * MAX_CHUNK_BYTES + 10).map((_, i) => i % 7);
    const hash = await sha256Hex(bytes);
    const skeleton = new Uint8Array(300).fill(9);
    const store = new ModuleBytes(
      () => undefined,
      () => undefined,
    );
    const seen: string[] = [];
    const describe = (event: ArrivalEvent): string =>
      event.kind === 'progress'
        ? `progress ${event.received}/${event.total}`
        : event.kind === 'failed'
          ? `failed`
          : `${event.kind} ${event.kind === 'skeleton' ? event.skeleton.length : event.bytes.length}`;
    store.watch(hash, (event) => seen.push(describe(event)));
    const fetched = store.fetch(hash);
    for (const frame of chunkFrames(hash, skeleton, bytesToBase64, 'skeleton'))
      await store.chunk({ ...frame });
    const frames = [...chunkFrames(hash, bytes, bytesToBase64)];
    await store.chunk({ ...frames[0] });
    // A watcher that comes late hears what is known so far at once.
    const late: string[] = [];
    store.watch(hash, (event) => late.push(describe(event)));
    expect(late).toEqual(['skeleton 300', `progress ${MAX_CHUNK_BYTES}/${bytes.length}`]);
    for (const frame of frames.slice(1)) await store.chunk({ ...frame });
    expect(seen).toEqual([
      'skeleton 300',
      `progress ${MAX_CHUNK_BYTES}/${bytes.length}`,
      `progress ${2 * MAX_CHUNK_BYTES}/${bytes.length}`,
      `complete ${bytes.length}`,
    ]);
    expect(await fetched).toEqual(bytes);
    expect(late.at(-1)).toBe(`complete ${bytes.length}`);
    const after: string[] = [];
    store.watch(hash, (event) => after.push(describe(event)));
    expect(after).toEqual([`complete ${bytes.length}`]);
  });

  it('tells a watcher when the bytes do not match their hash', async () => {
    const bytes = new Uint8Array(1000).fill(3);
    const wrong = 'cd'.repeat(32);
    const store = new ModuleBytes(
      () => undefined,
      () => undefined,
    );
    const seen: ArrivalEvent[] = [];
    store.watch(wrong, (event) => seen.push(event));
    const fetched = store.fetch(wrong);
    for (const frame of chunkFrames(wrong, bytes, bytesToBase64)) await store.chunk({ ...frame });
    expect(seen).toEqual([{ kind: 'failed', message: expect.stringContaining('hash mismatch') }]);
    expect(store.failure(wrong)).toContain('hash mismatch');
    await expect(fetched).rejects.toThrow('hash mismatch');
    expect(store.get(wrong)).toBeUndefined();
  });

  it('ignores chunks of a module it is not fetching, and late duplicates after one settled', async () => {
    const bytes = new Uint8Array(MAX_CHUNK_BYTES + 10).fill(5);
    const hash = await sha256Hex(bytes);
    const requested: string[] = [];
    const store = new ModuleBytes(
      (asked) => requested.push(asked),
      () => undefined,
    );
    const seen: string[] = [];
    store.watch(hash, (event) => seen.push(event.kind));
    const frames = [...chunkFrames(hash, bytes, bytesToBase64)];
    // Unasked: nothing is assembled, nobody hears of it.
    for (const frame of frames) await store.chunk({ ...frame });
    expect(seen).toEqual([]);
    expect(store.get(hash)).toBeUndefined();

    const fetched = store.fetch(hash);
    expect(requested).toEqual([hash]);
    for (const frame of frames) await store.chunk({ ...frame });
    expect(await fetched).toEqual(bytes);
    expect(seen).toEqual(['progress', 'complete']);
    // The same chunks again (a second sender, a replay) change nothing.
    for (const frame of frames) await store.chunk({ ...frame });
    expect(seen).toEqual(['progress', 'complete']);
    expect(store.heldBytes).toBe(bytes.length);
  });
});

describe('panel module bytes from the byte bridge', () => {
  /** A store whose background starts transfers but sends nothing itself (the bridge does). */
  async function bridged(size: number) {
    const bytes = new Uint8Array(size).map((_, i) => (i * 7) & 0xff);
    const hash = await sha256Hex(bytes);
    const requested: string[] = [];
    const store = new ModuleBytes(
      (asked) => requested.push(asked),
      () => undefined,
    );
    const chunks = (transferId: string) =>
      [...chunkFrames(hash, bytes, (slice) => slice.slice())].map((frame) => ({
        kind: 'chunk' as const,
        transferId,
        ...frame,
      }));
    return { store, hash, bytes, requested, chunks };
  }

  it('takes the chunks of the transfer the background named', async () => {
    const { store, hash, bytes, chunks } = await bridged(MAX_CHUNK_BYTES + 10);
    const fetched = store.fetch(hash);
    store.expectTransfer(hash, 't0-mine');
    for (const chunk of chunks('t0-mine')) await store.bridgedChunk(chunk);
    expect(await sha256Hex(await fetched)).toBe(await sha256Hex(bytes));
  });

  it("ignores another tab's chunks for the same module (another transfer id)", async () => {
    const { store, hash, chunks } = await bridged(100);
    void store.fetch(hash).catch(() => undefined);
    store.expectTransfer(hash, 't0-mine');
    for (const chunk of chunks('t9-theirs')) await store.bridgedChunk(chunk);
    expect(store.get(hash)).toBeUndefined();
    expect(store.fetching(hash)).toBe(true);
  });

  it('keeps chunks that overtook the transfer id, and uses those of that transfer', async () => {
    const { store, hash, chunks } = await bridged(MAX_CHUNK_BYTES * 2);
    const fetched = store.fetch(hash);
    const [first, second] = chunks('t0-mine');
    await store.bridgedChunk(first);
    await store.bridgedChunk(chunks('t9-theirs')[1]);
    store.expectTransfer(hash, 't0-mine');
    await store.bridgedChunk(second);
    expect((await fetched).length).toBe(MAX_CHUNK_BYTES * 2);
  });
});

import { describe, expect, it } from 'vitest';
import { chunkFrames, bytesToBase64, sha256Hex } from '../../../../src/protocol/index.ts';
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
        deliveries.push(store.chunk({ kind: 'bytes-chunk', ...frame }));
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
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ChunkAssembler,
  MAX_CHUNK_BYTES,
  bytesToBase64,
  chunkFrames,
  sha256Hex,
  sha256HexFallback,
} from '../../src/protocol/index.ts';

function pseudoRandomBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

const nodeSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('sha256', () => {
  it('the JavaScript fallback matches node:crypto at block boundaries and beyond a slice', async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, MAX_CHUNK_BYTES + 17]) {
      const bytes = pseudoRandomBytes(length, length + 1);
      expect(await sha256HexFallback(bytes, async () => undefined)).toBe(nodeSha256(bytes));
    }
  });

  it('sha256Hex agrees with node:crypto', async () => {
    const bytes = pseudoRandomBytes(4096);
    expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
  });
});

describe('ChunkAssembler', () => {
  const bytes = pseudoRandomBytes(2 * MAX_CHUNK_BYTES + 123);
  const hash = nodeSha256(bytes);
  const frames = [...chunkFrames(hash, bytes, bytesToBase64)];

  it('reassembles chunks in any order, ignoring duplicates, and verifies the hash', async () => {
    expect(frames).toHaveLength(3);
    const assembler = new ChunkAssembler(hash, bytes.length, frames.length);
    expect((await assembler.add(frames[2])).state).toBe('partial');
    expect((await assembler.add(frames[2])).state).toBe('partial');
    expect((await assembler.add(frames[0])).state).toBe('partial');
    const done = await assembler.add(frames[1]);
    expect(done.state).toBe('complete');
    expect(done.state === 'complete' && nodeSha256(done.bytes)).toBe(hash);
  });

  it('fails when the reassembled bytes do not match the hash', async () => {
    const wrongHash = 'cd'.repeat(32);
    const assembler = new ChunkAssembler(wrongHash, bytes.length, frames.length);
    const outcomes = [];
    for (const frame of frames) outcomes.push(await assembler.add({ ...frame, hash: wrongHash }));
    expect(outcomes.at(-1)).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('hash mismatch'),
    });
  });

  it('fails on a chunk of the wrong length or a framing that contradicts the size', async () => {
    const assembler = new ChunkAssembler(hash, bytes.length, frames.length);
    const short = { ...frames[0], data: bytesToBase64(new Uint8Array(10)) };
    expect(await assembler.add(short)).toMatchObject({ state: 'failed' });
    expect(await assembler.add(frames[1])).toMatchObject({ state: 'failed' });
    const lying = new ChunkAssembler(hash, bytes.length, 1);
    expect(await lying.add(frames[0])).toMatchObject({ state: 'failed' });
  });

  it('completes a skeleton part without a hash of its own, and keeps parts apart', async () => {
    const skeleton = pseudoRandomBytes(MAX_CHUNK_BYTES + 5, 9);
    const parts = [...chunkFrames(hash, skeleton, bytesToBase64, 'skeleton')];
    expect(parts.map((frame) => frame.part)).toEqual(['skeleton', 'skeleton']);
    const assembler = new ChunkAssembler(hash, skeleton.length, parts.length, 'skeleton');
    expect((await assembler.add(parts[1])).state).toBe('partial');
    const done = await assembler.add(parts[0]);
    expect(done.state === 'complete' && [...done.bytes]).toEqual([...skeleton]);
    const modulePart = new ChunkAssembler(hash, bytes.length, frames.length);
    expect(await modulePart.add({ ...frames[0], part: 'skeleton' })).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('does not belong'),
    });
  });
});

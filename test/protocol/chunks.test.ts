import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ChunkAssembler,
  MAX_CHUNK_BYTES,
  MAX_MODULE_BYTES,
  type ChunkDigest,
  type ChunkFrame,
  base64ToBytes,
  bytesToBase64,
  chunkFrames,
  chunkTransferables,
  sha256Hex,
  sha256HexFallback,
} from '../../src/protocol/index.ts';
import { Random } from '../support/fuzz.ts';
import { chunkReport, moduleReport } from './fixtures.ts';

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

describe('ChunkAssembler with binary chunks and a digest elsewhere', () => {
  const bytes = pseudoRandomBytes(2 * MAX_CHUNK_BYTES + 321, 5);
  const hash = nodeSha256(bytes);
  const binary = [...chunkFrames(hash, bytes, (slice) => slice.slice())];
  const text = [...chunkFrames(hash, bytes, bytesToBase64)];

  /** A digest that moves the buffer away (as to a worker) and hands back the moved bytes. */
  function movingDigest(report = (moved: Uint8Array) => nodeSha256(moved)) {
    const handed: Uint8Array[] = [];
    const digest: ChunkDigest = async (given) => {
      handed.push(given);
      const { byteOffset, byteLength } = given; // read before the move detaches `given`
      const buffer = structuredClone(given.buffer, { transfer: [given.buffer] });
      const moved = new Uint8Array(buffer, byteOffset, byteLength);
      return { sha256: report(moved), bytes: moved };
    };
    return { digest, handed };
  }

  it('completes with the bytes the digest handed back, the ones it was given being gone', async () => {
    const { digest, handed } = movingDigest();
    const assembler = new ChunkAssembler(hash, bytes.length, binary.length, 'module', digest);
    let outcome;
    for (const frame of binary) outcome = await assembler.add(frame);
    expect(handed).toHaveLength(1);
    expect(handed[0].byteLength).toBe(0); // detached: the assembler must not answer with it
    expect(outcome?.state).toBe('complete');
    expect(outcome?.state === 'complete' && nodeSha256(outcome.bytes)).toBe(hash);
  });

  it('fails with a hash mismatch when the digest reports another hash', async () => {
    const other = 'ef'.repeat(32);
    const { digest } = movingDigest(() => other);
    const assembler = new ChunkAssembler(hash, bytes.length, binary.length, 'module', digest);
    let outcome;
    for (const frame of binary) outcome = await assembler.add(frame);
    expect(outcome).toEqual({
      state: 'failed',
      message: `hash mismatch: the bytes hash to ${other}`,
    });
  });

  it('fails with the reason when the digest throws, and stays failed', async () => {
    const digest: ChunkDigest = async () => {
      throw new Error('the decode worker is gone');
    };
    const assembler = new ChunkAssembler(hash, bytes.length, binary.length, 'module', digest);
    let outcome;
    for (const frame of binary) outcome = await assembler.add(frame);
    expect(outcome).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/could not be hashed.*the decode worker is gone/),
    });
    expect((await assembler.add(binary[0])).state).toBe('failed');
  });

  it('assembles the same bytes from binary and base64 chunks mixed', async () => {
    const mixed = [text[0], binary[1], text[2]];
    const assembler = new ChunkAssembler(hash, bytes.length, mixed.length);
    let outcome;
    for (const frame of mixed.reverse()) outcome = await assembler.add(frame);
    // Compared by hash: toEqual walks half a million elements one by one.
    expect(outcome?.state === 'complete' && nodeSha256(outcome.bytes)).toBe(hash);
  });

  it('fails on a binary chunk of the wrong length', async () => {
    const assembler = new ChunkAssembler(hash, bytes.length, binary.length);
    const short = { ...binary[0], data: new Uint8Array(10) };
    expect(await assembler.add(short)).toEqual({
      state: 'failed',
      message: `chunk 0 has 10 bytes, expected ${MAX_CHUNK_BYTES}`,
    });
  });
});

describe('chunkTransferables', () => {
  it('moves a binary chunk payload that has its buffer to itself', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(chunkTransferables(chunkReport({ data }))).toEqual([data.buffer]);
  });

  // Moving the buffer of a view would take the rest of that buffer from the sender too.
  it('moves nothing for a view into a larger buffer', () => {
    const buffer = new ArrayBuffer(16);
    for (const data of [
      new Uint8Array(buffer, 4, 3),
      new Uint8Array(buffer, 0, 3),
      new Uint8Array(buffer, 13),
    ])
      expect(chunkTransferables(chunkReport({ data }))).toEqual([]);
  });

  it('moves nothing for base64 chunks, bytes over shared memory, or reports that are not chunks', () => {
    expect(chunkTransferables(chunkReport())).toEqual([]);
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    expect(chunkTransferables(chunkReport({ data: shared }))).toEqual([]);
    expect(chunkTransferables({ ...moduleReport(), data: new Uint8Array(3) })).toEqual([]);
    expect(chunkTransferables({ kind: 'status' })).toEqual([]);
  });

  it('moves each frame chunkFrames makes from copied slices, and none made from views', () => {
    const bytes = pseudoRandomBytes(MAX_CHUNK_BYTES + 10, 6);
    const copies = [...chunkFrames('ab'.repeat(32), bytes, (slice) => slice.slice())];
    for (const frame of copies)
      expect(chunkTransferables({ kind: 'chunk', ...frame })).toEqual([
        (frame.data as Uint8Array).buffer,
      ]);
    const views = [...chunkFrames('ab'.repeat(32), bytes, (slice) => slice)];
    for (const frame of views) expect(chunkTransferables({ kind: 'chunk', ...frame })).toEqual([]);
    // What a frame's payload decodes to is the same either way.
    expect(base64ToBytes(bytesToBase64(views[1].data))).toEqual(copies[1].data);
  });
});

describe('ChunkAssembler under seeded fuzzing of forged chunks', () => {
  const CASES = Math.min(Number(process.env.FUZZ_CASES ?? 120), 100_000);
  const SEED = Number(process.env.FUZZ_SEED ?? 0xc4a7);
  const bytes = pseudoRandomBytes(3 * MAX_CHUNK_BYTES + 77, 4);
  const hash = nodeSha256(bytes);
  const frames = [...chunkFrames(hash, bytes, bytesToBase64)];

  /** A real frame with one field forged. */
  function forge(random: Random, frame: ChunkFrame): ChunkFrame {
    switch (random.below(7)) {
      case 0:
        return { ...frame, index: random.pick([-1, frames.length, 2 ** 31, 0.5, Number.NaN]) };
      case 1:
        return { ...frame, total: random.pick([0, 1, frames.length + 1, 2 ** 32]) };
      case 2:
        return { ...frame, size: random.pick([0, frame.size - 1, frame.size + 1, 2 ** 40]) };
      case 3:
        return { ...frame, hash: random.pick(['', 'ab'.repeat(32), hash.toUpperCase()]) };
      case 4:
        return { ...frame, part: 'skeleton' };
      case 5: {
        // Same length, other bytes: only the hash can tell.
        const other = pseudoRandomBytes(
          Math.min(MAX_CHUNK_BYTES, frame.size - frame.index * MAX_CHUNK_BYTES),
          random.u32(),
        );
        return { ...frame, data: random.below(2) === 0 ? bytesToBase64(other) : other };
      }
      default:
        return {
          ...frame,
          data: random.pick([
            '',
            '*',
            'AQID',
            'x'.repeat(13),
            new Uint8Array(3),
            new Uint8Array(0),
          ]),
        };
    }
  }

  /** A frame as one of the channels carries it: base64, or its bytes (a port, the bridge). */
  function asSent(random: Random, frame: ChunkFrame): ChunkFrame {
    return random.below(2) === 0 ? frame : { ...frame, data: base64ToBytes(frame.data as string) };
  }

  it('complete only with the exact bytes, and otherwise fail with a reason or keep waiting', async () => {
    const random = new Random(SEED);
    const outcomes = { complete: 0, failed: 0, partial: 0 };
    for (let n = 0; n < CASES; n++) {
      const assembler = new ChunkAssembler(hash, bytes.length, frames.length);
      const stream: ChunkFrame[] = [];
      for (const frame of frames) {
        if (random.below(3) === 0) stream.push(forge(random, frame));
        if (random.below(4) !== 0) stream.push(asSent(random, frame));
        if (random.below(8) === 0) stream.push(asSent(random, frame));
      }
      // Any order: a sender may reorder and repeat.
      for (let i = stream.length - 1; i > 0; i--) {
        const j = random.below(i + 1);
        [stream[i], stream[j]] = [stream[j], stream[i]];
      }
      let last: Awaited<ReturnType<ChunkAssembler['add']>> | undefined;
      for (const frame of stream) {
        last = await assembler.add(frame);
        if (last.state === 'complete')
          expect(nodeSha256(last.bytes), `case ${n} (seed ${SEED})`).toBe(hash);
        if (last.state === 'failed') {
          expect(last.message, `case ${n}`).toMatch(/belong|base64|bytes, expected|hash mismatch/);
          // Once failed, it stays failed: a later good chunk cannot revive it.
          expect((await assembler.add(frames[0])).state).toBe('failed');
          break;
        }
      }
      outcomes[last?.state ?? 'partial']++;
    }
    // The fuzzer reached every outcome.
    expect(outcomes.complete).toBeGreaterThan(0);
    expect(outcomes.failed).toBeGreaterThan(0);
    expect(outcomes.partial).toBeGreaterThan(0);
  });

  it('refuse a framing over the size limit without making room for it', async () => {
    const over = MAX_MODULE_BYTES + 1;
    const total = Math.ceil(over / MAX_CHUNK_BYTES);
    const before = process.memoryUsage().arrayBuffers;
    const assembler = new ChunkAssembler(hash, over, total);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
    expect(await assembler.add({ ...frames[0], size: over, total })).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('cannot arrive'),
    });
  });
});

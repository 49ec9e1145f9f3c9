import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ByteTransfers,
  type TransferOutcome,
} from '../../../src/background/transfer/byte-transfers.ts';
import type { ChunkReport } from '../../../src/protocol/index.ts';
import { chunkFrames, parseHookCommand } from '../../../src/protocol/index.ts';

const bytes = new Uint8Array(600_000).map((_, i) => (i * 31) % 256);
const hash = createHash('sha256').update(bytes).digest('hex');

/** What an outcome says, its bytes by their hash (toEqual on 600 000 elements is slow). */
const summary = (outcome: TransferOutcome) =>
  outcome.ok
    ? { ok: true, sha256: createHash('sha256').update(outcome.bytes).digest('hex') }
    : outcome;

/** The module's chunks for `transferId`, carrying bytes as the byte bridge does. */
const bridgedChunks = (transferId: string): ChunkReport[] =>
  [...chunkFrames(hash, bytes, (slice) => slice.slice())].map((frame) => ({
    kind: 'chunk',
    transferId,
    ...frame,
  }));

let transfers: ByteTransfers;
afterEach(() => transfers.cancelTab(1, 'test over')); // no idle timer outlives a test

/** A started transfer and what its waiters and streams hear. */
function started() {
  transfers = new ByteTransfers();
  const transferId = transfers.start(1, 0, hash);
  const outcomes: TransferOutcome[] = [];
  const streamed: ChunkReport[] = [];
  transfers.wait(transferId, (outcome) => outcomes.push(outcome));
  transfers.stream(transferId, (chunk) => streamed.push(chunk));
  return { transferId, outcomes, streamed };
}

describe('ByteTransfers.bridged', () => {
  it('assembles a started transfer from bridged chunks, without streaming them on', async () => {
    const { transferId, outcomes, streamed } = started();
    const known = [];
    for (const chunk of bridgedChunks(transferId)) known.push(await transfers.bridged(chunk));
    expect(known).toEqual([true, true, true]);
    expect(outcomes.map(summary)).toEqual([{ ok: true, sha256: hash }]);
    // The panels heard the chunks on the channel themselves.
    expect(streamed).toEqual([]);
    expect(transfers.inFlight(1, hash)).toBeUndefined();
  });

  it('ignores chunks of an unknown transfer or of another module', async () => {
    const { transferId, outcomes } = started();
    const chunks = bridgedChunks(transferId);
    expect(await transfers.bridged({ ...chunks[0], transferId: `${transferId}x` })).toBe(false);
    expect(await transfers.bridged({ ...chunks[0], hash: 'ab'.repeat(32) })).toBe(false);
    // Neither counted: the real chunks still complete the transfer.
    for (const chunk of chunks) await transfers.bridged(chunk);
    expect(outcomes.map(summary)).toEqual([{ ok: true, sha256: hash }]);
    // Once it is over, its id is unknown too.
    expect(await transfers.bridged(chunks[0])).toBe(false);
  });

  it('ends the transfer with a failure when the bridged bytes do not match the hash', async () => {
    const { transferId, outcomes } = started();
    const chunks = bridgedChunks(transferId);
    const forged = { ...chunks[1], data: new Uint8Array(chunks[1].data.length) };
    for (const chunk of [chunks[0], forged, chunks[2]]) await transfers.bridged(chunk);
    expect(outcomes).toEqual([
      { ok: false, message: expect.stringContaining('hash mismatch') as string },
    ]);
  });
});

describe('ByteTransfers ids', () => {
  // A bridged chunk names only its transfer: knowing one id must not reveal the next.
  it('are unguessable from one another, and pass the hook command validator', () => {
    transfers = new ByteTransfers();
    const ids = Array.from({ length: 3 }, () => transfers.start(1, 0, hash));
    const randomParts = ids.map((id) => id.replace(/^t[0-9a-z]+-/, ''));
    expect(new Set(randomParts).size).toBe(ids.length);
    for (const part of randomParts) expect(part).toMatch(/^[0-9a-f-]{36}$/);
    for (const transferId of ids)
      expect(parseHookCommand({ kind: 'send-bytes', transferId, hash })).not.toBeNull();
  });
});

/**
 * `digestInWorker`: the panel verifies a captured module in its decode worker, here the real
 * decode service over a MessageChannel as in the panel.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { digestInWorker } from '../../../../src/panel/state/capture/connect-capture.ts';
import type { DecodeApi } from '../../../../src/protocol/decode/index.ts';
import {
  ChunkAssembler,
  MAX_CHUNK_BYTES,
  bytesToBase64,
  chunkFrames,
} from '../../../../src/protocol/index.ts';
import type { RpcClient } from '../../../../src/protocol/rpc/index.ts';
import { decodeServicesClosedAfterEach } from '../../support/decode-service.ts';

// The module's background connection loads the extension API at import; nothing here uses it.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const nodeSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const connectService = decodeServicesClosedAfterEach();
/** A fresh decode service, handed out as the panel store hands out its decoder. */
function decoder(): () => RpcClient<DecodeApi> {
  const client = connectService();
  return () => client;
}

describe('digestInWorker', () => {
  it('moves bytes that have their buffer to themselves, and hands them back hashed', async () => {
    const bytes = new Uint8Array(5000).map((_, i) => i % 241);
    const expected = nodeSha256(bytes);
    const digest = digestInWorker(decoder());
    const answer = await digest(bytes);
    expect(bytes.byteLength).toBe(0); // moved, not copied
    expect(answer.sha256).toBe(expected);
    expect(nodeSha256(answer.bytes)).toBe(expected);
  });

  // Moving a view's buffer would take the rest of that buffer away from its owner.
  it('copies a view into a larger buffer and leaves the buffer alone', async () => {
    const whole = new Uint8Array(100).map((_, i) => i);
    const view = whole.subarray(10, 30);
    const answer = await digestInWorker(decoder())(view);
    expect(whole.byteLength).toBe(100);
    expect(answer.sha256).toBe(nodeSha256(whole.subarray(10, 30)));
    expect([...answer.bytes]).toEqual([...whole.subarray(10, 30)]);
  });

  it('lets a ChunkAssembler verify a module in the worker', async () => {
    const bytes = new Uint8Array(2 * MAX_CHUNK_BYTES + 7).map((_, i) => (i * 5) % 256);
    const hash = nodeSha256(bytes);
    const frames = [...chunkFrames(hash, bytes, bytesToBase64)];
    const assembler = new ChunkAssembler(
      hash,
      bytes.length,
      frames.length,
      'module',
      digestInWorker(decoder()),
    );
    let outcome;
    for (const frame of frames) outcome = await assembler.add(frame);
    expect(outcome?.state === 'complete' && nodeSha256(outcome.bytes)).toBe(hash);
  });

  it('fails the assembly when the worker is gone', async () => {
    const bytes = new Uint8Array(10).fill(1);
    const hash = nodeSha256(bytes);
    const client = decoder();
    client().close();
    const assembler = new ChunkAssembler(hash, 10, 1, 'module', digestInWorker(client));
    const [frame] = chunkFrames(hash, bytes, bytesToBase64);
    expect(await assembler.add(frame)).toEqual({
      state: 'failed',
      message: expect.stringMatching(/could not be hashed.*the worker is gone/),
    });
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES, parseBridgedChunk } from '../../src/protocol/index.ts';
import { chunkReport, instanceReport, moduleReport, statusReport } from './fixtures.ts';

describe('parseBridgedChunk', () => {
  it('passes on chunks with a base64 or a binary payload', () => {
    const text = chunkReport();
    const binary = chunkReport({ data: new Uint8Array([1, 2, 3]) });
    expect(parseBridgedChunk(text)).toEqual(text);
    expect(parseBridgedChunk(binary)).toEqual(binary);
  });

  it('strips what the page added to a chunk', () => {
    const forged = { ...chunkReport(), tabId: 3, frameId: 0, extra: 'x'.repeat(100) };
    expect(parseBridgedChunk(forged)).toEqual(chunkReport());
  });

  // The channel carries chunks only: any other report the page slips in goes no further.
  it.each([
    ['a module report', moduleReport()],
    ['an instance report', instanceReport()],
    ['a status report', statusReport()],
    [
      'a transfer failure',
      { kind: 'transfer-failed', transferId: 't1', hash: 'ab'.repeat(32), message: 'x' },
    ],
    ['an oversized binary chunk', chunkReport({ data: new Uint8Array(MAX_CHUNK_BYTES + 1) })],
    ['a chunk without a transfer id', { ...chunkReport(), transferId: undefined }],
    ['a string', 'chunk'],
    ['null', null],
  ])('refuses %s', (_label, value) => {
    expect(parseBridgedChunk(value)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES, parseHookCommand, parseHookReport } from '../../src/protocol/index.ts';
import { chunkReport, instanceReport, moduleReport, statusReport } from './fixtures.ts';

describe('parseHookReport', () => {
  it('accepts each well-formed report kind', () => {
    const skeleton = chunkReport({ part: 'skeleton' });
    for (const report of [
      moduleReport(),
      instanceReport(),
      statusReport(),
      chunkReport(),
      skeleton,
    ]) {
      expect(parseHookReport(report)).toEqual(report);
    }
    expect(parseHookReport({ kind: 'instance-gone', instanceId: 'realm1.3' })).not.toBeNull();
  });

  it('accepts a chunk whose payload is raw bytes, up to one chunk of them', () => {
    for (const length of [0, 3, MAX_CHUNK_BYTES]) {
      const report = chunkReport({ data: new Uint8Array(length).fill(7) });
      const parsed = parseHookReport(report);
      expect(parsed).toEqual(report);
      // The bytes are passed on as they came, not re-encoded.
      expect(parsed?.kind === 'chunk' && parsed.data).toBe(report.data);
    }
  });

  it('strips fields the protocol does not define', () => {
    const forged = {
      ...moduleReport(),
      extra: 'x'.repeat(1000),
      worker: { workerId: 'w1', url: 'u', more: 1 },
    };
    expect(parseHookReport(forged)).toEqual(moduleReport({ worker: { workerId: 'w1', url: 'u' } }));
  });

  it.each([
    ['not an object', 'module'],
    ['null', null],
    ['an unknown kind', { ...moduleReport(), kind: 'evil' }],
    ['an uppercase hash', moduleReport({ hash: 'AB'.repeat(32) })],
    ['a short hash', moduleReport({ hash: 'ab' })],
    ['an unknown entry point', { ...moduleReport(), entry: 'eval' }],
    ['a negative size', moduleReport({ size: -1 })],
    ['a fractional size', moduleReport({ size: 1.5 })],
    ['an oversized URL', moduleReport({ sourceUrl: 'x'.repeat(5000) })],
    ['a NaN time', moduleReport({ time: Number.NaN })],
    ['a wrong protocol version', statusReport({ protocol: 2 })],
    ['an id with spaces', instanceReport({ instanceId: 'a b' })],
    [
      'too many memories',
      instanceReport({
        memories: Array.from({ length: 2000 }, (_, index) => ({
          index: 0,
          name: String(index),
          origin: 'export' as const,
          size: 0,
        })),
      }),
    ],
    ['a chunk index past its total', chunkReport({ index: 1, total: 1 })],
    ['a chunk that is not base64', chunkReport({ data: 'not base64!' })],
    ['a chunk of an unknown part', { ...chunkReport(), part: 'everything' }],
    ['a chunk without a part', { ...chunkReport(), part: undefined }],
    ['an oversized chunk', chunkReport({ data: 'A'.repeat((MAX_CHUNK_BYTES / 3) * 4 + 8) })],
    ['an oversized binary chunk', chunkReport({ data: new Uint8Array(MAX_CHUNK_BYTES + 1) })],
    // Only Uint8Array stands for raw bytes: other binary shapes are not a chunk's payload.
    ['a chunk of 16-bit words', { ...chunkReport(), data: new Uint16Array(3) }],
    ['a chunk of a bare ArrayBuffer', { ...chunkReport(), data: new ArrayBuffer(3) }],
    ['a chunk of a DataView', { ...chunkReport(), data: new DataView(new ArrayBuffer(3)) }],
    ['a chunk of a number array', { ...chunkReport(), data: [1, 2, 3] }],
  ])('rejects %s', (_label, value) => {
    expect(parseHookReport(value)).toBeNull();
  });

  it('rejects a reply whose result is malformed', () => {
    expect(
      parseHookReport({
        kind: 'reply',
        requestId: 'r1',
        result: { ok: true, value: { op: 'read-memory' } },
      }),
    ).toBeNull();
    expect(
      parseHookReport({
        kind: 'reply',
        requestId: 'r1',
        result: { ok: false, error: 'boom', message: '' },
      }),
    ).toBeNull();
    expect(
      parseHookReport({
        kind: 'reply',
        requestId: 'r1',
        result: { ok: false, error: 'timeout', message: 'slow' },
      }),
    ).not.toBeNull();
  });
});

describe('parseHookCommand', () => {
  it('accepts announce, send-bytes and bounded live requests', () => {
    expect(parseHookCommand({ kind: 'announce' })).toEqual({ kind: 'announce' });
    expect(
      parseHookCommand({ kind: 'send-bytes', transferId: 't1', hash: 'ab'.repeat(32) }),
    ).not.toBeNull();
    const read = {
      op: 'read-memory',
      target: { hash: 'ab'.repeat(32) },
      memory: 0,
      offset: 0,
      length: 16,
    };
    expect(parseHookCommand({ kind: 'live', requestId: 'r1', request: read })).not.toBeNull();
  });

  it('rejects reads over 1 MiB and unknown operations', () => {
    const target = { instanceId: 'realm1.0' };
    const big = { op: 'read-memory', target, memory: 0, offset: 0, length: 1024 * 1024 + 1 };
    expect(parseHookCommand({ kind: 'live', requestId: 'r1', request: big })).toBeNull();
    expect(
      parseHookCommand({ kind: 'live', requestId: 'r1', request: { op: 'exec', target } }),
    ).toBeNull();
    expect(
      parseHookCommand({
        kind: 'live',
        requestId: 'r1',
        request: { op: 'read-globals', target: {} },
      }),
    ).toBeNull();
  });
});

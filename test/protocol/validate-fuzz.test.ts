/**
 * Seeded fuzzing of what the page can send: well-formed reports and relay messages with random
 * fields replaced, removed or added. The validators must answer null or a report that passes
 * them again unchanged (sanitised, with no extra field), and never throw.
 */
import { describe, expect, it } from 'vitest';
import { RelayGate } from '../../src/content/relay/gate.ts';
import {
  CHANNEL,
  MAX_CHUNK_BYTES,
  parseBridgedChunk,
  parseHookCommand,
  parseHookReport,
  parsePanelRequest,
  parseRelayMessage,
} from '../../src/protocol/index.ts';
import { Random } from '../support/fuzz.ts';
import { chunkReport, instanceReport, moduleReport, statusReport } from './fixtures.ts';

const CASES = Math.min(Number(process.env.FUZZ_CASES ?? 20_000), 1_000_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** Binary values for a field: chunk payloads on both sides of the size limit, and look-alikes. */
function randomBinary(random: Random): unknown {
  switch (random.below(4)) {
    case 0:
      // Not a full chunk: comparing one element by element would dominate the run.
      return new Uint8Array(random.pick([0, 3, 9, MAX_CHUNK_BYTES + 1]));
    case 1:
      return new Uint8Array(new ArrayBuffer(16), 4, random.below(12));
    case 2:
      return new Uint16Array(random.below(8));
    default:
      return new ArrayBuffer(random.below(8));
  }
}

/**
 * Values a field may be replaced with: every JSON type, edge numbers, long and odd strings, and
 * the binary values a port or the byte bridge can carry.
 */
function randomValue(random: Random, depth = 0): unknown {
  switch (random.below(depth > 2 ? 10 : 12)) {
    case 0:
      return null;
    case 1:
      return random.below(2) === 0;
    case 2:
      return random.pick([0, -1, 1.5, 2 ** 53, Number.NaN, Infinity, 256 * 1024, 4096]);
    case 3:
      return random.below(1 << 20);
    case 4:
      return random.pick(['', 'module', 'chunk', 'skeleton', 'ab'.repeat(32), 'AQID', '==']);
    case 5:
      return 'x'.repeat(random.below(10_000));
    case 6:
      return String.fromCharCode(
        ...Array.from({ length: random.below(40) }, () => random.below(0x3000)),
      );
    case 7:
      return undefined;
    case 8:
      return 'A'.repeat(4 * random.below(100_000));
    case 9:
      return randomBinary(random);
    case 10:
      return Array.from({ length: random.below(4) }, () => randomValue(random, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = random.below(4); i > 0; i--)
        out[random.pick(['kind', 'hash', 'part', 'index', 'url', 'x'])] = randomValue(
          random,
          depth + 1,
        );
      return out;
    }
  }
}

/** A well-formed value with one to three fields replaced, deleted or added. */
function mutateRecord(seed: Record<string, unknown>, random: Random): Record<string, unknown> {
  const value: Record<string, unknown> = structuredClone(seed);
  for (let edits = 1 + random.below(3); edits > 0; edits--) {
    const keys = Object.keys(value);
    const key = random.below(5) === 0 ? `extra${random.below(3)}` : random.pick(keys);
    if (random.below(6) === 0) delete value[key];
    else value[key] = randomValue(random);
  }
  return value;
}

/** Chunk reports as they travel: base64 through extension messaging, bytes through ports. */
const CHUNKS: Record<string, unknown>[] = [
  { ...chunkReport() },
  { ...chunkReport({ part: 'skeleton', index: 1, total: 3, size: 600_000 }) },
  { ...chunkReport({ data: new Uint8Array([1, 2, 3]) }) },
  {
    ...chunkReport({ index: 1, total: 2, size: MAX_CHUNK_BYTES + 9, data: new Uint8Array(9) }),
  },
];

const REPORTS: Record<string, unknown>[] = [
  { ...moduleReport() },
  { ...instanceReport() },
  { ...statusReport() },
  ...CHUNKS,
  { kind: 'transfer-failed', transferId: 't1', hash: 'ab'.repeat(32), message: 'gone' },
  { kind: 'instance-gone', instanceId: 'realm1.0' },
];

describe('page-facing validators under seeded fuzzing', () => {
  it('answer null or a sanitised report that validates again unchanged, and never throw', () => {
    let accepted = 0;
    let binaryChunks = 0;
    for (let i = 0; i < CASES; i++) {
      const random = new Random(SEED + i);
      const input = mutateRecord(random.pick(REPORTS), random);
      let report;
      try {
        report = parseHookReport(input);
      } catch (error) {
        throw new Error(`case ${i}: parseHookReport threw on ${JSON.stringify(input)}`, {
          cause: error,
        });
      }
      if (report === null) {
        expect(parseBridgedChunk(input)).toBeNull();
        continue;
      }
      accepted++;
      expect(parseHookReport(report)).toEqual(report);
      for (const key of Object.keys(report)) expect(key.startsWith('extra')).toBe(false);
      const relayed = parseRelayMessage({ channel: CHANNEL, kind: 'report', report, dropped: 0 });
      expect(relayed?.report).toEqual(report);
      // The byte bridge passes on exactly the chunks the relay would, and nothing else.
      expect(parseBridgedChunk(input)).toEqual(report.kind === 'chunk' ? report : null);
      if (report.kind === 'chunk' && typeof report.data !== 'string') {
        binaryChunks++;
        expect(report.data.length).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
      }
    }
    // The mutations must not all be rejections, or the test would prove nothing.
    expect(accepted).toBeGreaterThan(CASES / 20);
    expect(binaryChunks).toBeGreaterThan(CASES / 100);
  });

  it('never let an unsolicited or repeated chunk through the relay gate', () => {
    for (let i = 0; i < CASES / 10; i++) {
      const random = new Random(SEED + i);
      const gate = new RelayGate(() => 0);
      gate.expect({ kind: 'send-bytes', transferId: 't1', hash: 'ab'.repeat(32) });
      const passed = new Set<string>();
      for (let n = 0; n < 20; n++) {
        const chunk = mutateRecord(random.pick(CHUNKS), random);
        const report = gate.admit(chunk);
        if (report?.kind !== 'chunk') continue;
        expect(report.transferId).toBe('t1');
        const key = `${report.part}:${report.index}`;
        expect(passed.has(key)).toBe(false);
        passed.add(key);
      }
    }
  });

  it('refuse malformed commands and panel requests without throwing', () => {
    const seeds: Record<string, unknown>[] = [
      { kind: 'send-bytes', transferId: 't1', hash: 'ab'.repeat(32) },
      { kind: 'fetch-bytes', hash: 'ab'.repeat(32) },
      { kind: 'subscribe', tabId: 3 },
      {
        kind: 'live',
        requestId: 'r1',
        request: { op: 'read-globals', target: { hash: 'ab'.repeat(32) } },
      },
    ];
    for (let i = 0; i < CASES / 4; i++) {
      const random = new Random(SEED + i);
      const input = mutateRecord(random.pick(seeds), random);
      const command = parseHookCommand(input);
      if (command) expect(parseHookCommand(command)).toEqual(command);
      const request = parsePanelRequest(input);
      if (request) expect(parsePanelRequest(request)).toEqual(request);
    }
  });
});

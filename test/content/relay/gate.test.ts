import { describe, expect, it } from 'vitest';
import { RateLimiter, RelayGate } from '../../../src/content/relay/gate.ts';
import { chunkReport, moduleReport } from '../../protocol/fixtures.ts';

describe('RelayGate', () => {
  it('forwards well-formed reports and counts every malformed one it drops', () => {
    const gate = new RelayGate(() => 0);
    expect(gate.admit(moduleReport())).toEqual(moduleReport());
    expect(gate.admit({ kind: 'module', hash: 'nope' })).toBeNull();
    expect(gate.admit('a string')).toBeNull();
    gate.drop();
    expect(gate.dropped).toBe(3);
  });

  it('drops chunks and replies nobody asked for', () => {
    const gate = new RelayGate(() => 0);
    expect(gate.admit(chunkReport())).toBeNull();
    const reply = {
      kind: 'reply',
      requestId: 'r1',
      result: { ok: false, error: 'not-found', message: 'x' },
    };
    expect(gate.admit(reply)).toBeNull();
    expect(gate.dropped).toBe(2);
  });

  it('accepts the chunks of a requested transfer until its last chunk', () => {
    const gate = new RelayGate(() => 0);
    gate.expect({ kind: 'send-bytes', transferId: 't1', hash: chunkReport().hash });
    expect(gate.admit(chunkReport({ index: 0, total: 2, size: 2_000_000 }))).not.toBeNull();
    expect(gate.admit(chunkReport({ index: 1, total: 2, size: 2_000_000 }))).not.toBeNull();
    expect(gate.admit(chunkReport({ index: 1, total: 2, size: 2_000_000 }))).toBeNull();
  });

  it('accepts a skeleton ahead of the bytes, each chunk once, within the count it announced', () => {
    const gate = new RelayGate(() => 0);
    gate.expect({ kind: 'send-bytes', transferId: 't1', hash: chunkReport().hash });
    const skeleton = (index: number, total = 2) =>
      chunkReport({ part: 'skeleton', index, total, size: 300_000 });
    const module = (index: number, total = 2) => chunkReport({ index, total, size: 300_000 });
    expect(gate.admit(skeleton(0))).not.toBeNull();
    expect(gate.admit(skeleton(0))).toBeNull(); // a repeat
    expect(gate.admit(skeleton(1, 3))).toBeNull(); // contradicts the announced count
    expect(gate.admit(skeleton(1))).not.toBeNull();
    // The skeleton's last chunk does not end the transfer; the bytes' last chunk does.
    expect(gate.admit(module(1))).not.toBeNull();
    expect(gate.admit(module(0))).not.toBeNull();
    expect(gate.admit(module(0))).toBeNull();
    expect(gate.admit(skeleton(1))).toBeNull();
    expect(gate.dropped).toBe(4);
  });

  it('rate-limits a flood of otherwise valid reports', () => {
    let now = 0;
    const gate = new RelayGate(() => now, new RateLimiter(() => now, 10, 20));
    const admitted = Array.from({ length: 100 }, () => gate.admit(moduleReport())).filter(
      Boolean,
    ).length;
    expect(admitted).toBe(20);
    expect(gate.dropped).toBe(80);
    now += 1000; // a second later the bucket has refilled by the rate
    const later = Array.from({ length: 100 }, () => gate.admit(moduleReport())).filter(
      Boolean,
    ).length;
    expect(later).toBe(10);
  });
});

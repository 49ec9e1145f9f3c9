import { describe, expect, it } from 'vitest';
import {
  COMPAT_RUNTIMES,
  moduleCompatibility,
  runtimeVerdict,
  type FeatureTable,
  type RuntimeVerdict,
} from '../../../../src/panel/state/index.ts';

/** `{ Chrome: '91', Safari: 'unsupported', … }` for a compact comparison. */
function summary(used: Parameters<typeof moduleCompatibility>[0]): Record<string, string> {
  return Object.fromEntries(
    moduleCompatibility(used).map(({ runtime, verdict }) => [runtime.name, verdictOf(verdict)]),
  );
}

function verdictOf(verdict: RuntimeVerdict): string {
  return verdict.kind === 'version' ? verdict.version : verdict.kind;
}

describe('moduleCompatibility', () => {
  it('answers the five runtimes in order, with the first versions that shipped WebAssembly for an MVP module', () => {
    const result = moduleCompatibility([]);
    expect(result.map((entry) => entry.runtime.name)).toEqual([
      'Chrome',
      'Firefox',
      'Safari',
      'Node.js',
      'Deno',
    ]);
    expect(summary([])).toEqual({
      Chrome: '57',
      Firefox: '52',
      Safari: '11',
      'Node.js': '8.0',
      Deno: '1.0',
    });
    expect(result[0].verdict).toMatchObject({ kind: 'version', limitedBy: [] });
  });

  it('takes the latest version over the features used, and says which feature decides it', () => {
    expect(summary(['bulk-memory', 'simd'])).toEqual({
      Chrome: '91',
      Firefox: '89',
      Safari: '16.4',
      'Node.js': '16.4',
      Deno: '1.9',
    });
    const [chrome] = moduleCompatibility(['bulk-memory', 'simd']);
    expect(chrome.verdict).toMatchObject({ kind: 'version', version: '91', limitedBy: ['simd'] });
    expect(chrome.cells.map((cell) => cell.support)).toEqual([
      { kind: 'version', version: '75', note: null },
      { kind: 'version', version: '91', note: null },
    ]);
  });

  it('compares versions numerically (Deno 1.38 is later than 1.9)', () => {
    expect(summary(['gc', 'simd']).Deno).toBe('1.38');
  });

  it('says "not supported" with the missing features when a runtime lacks one', () => {
    const safari = moduleCompatibility(['memory64', 'simd'])[2];
    expect(safari.verdict).toMatchObject({ kind: 'unsupported', features: ['memory64'] });
    expect(summary(['memory64']).Chrome).toBe('133');
  });

  it('says "behind a flag" (never a version) when a feature needs one, with the flag note', () => {
    const safari = moduleCompatibility(['relaxed-simd'])[2];
    expect(safari.verdict.kind).toBe('flag');
    expect(safari.verdict).toMatchObject({ features: ['relaxed-simd'] });
    expect(safari.verdict.notes[0].note).toContain('useWebAssemblyRelaxedSIMD');
    expect(summary(['relaxed-simd']).Firefox).toBe('145');
  });

  it('keeps the notes of versions that come with one (Safari threads on iOS)', () => {
    const safari = moduleCompatibility(['threads'])[2];
    expect(safari.verdict).toMatchObject({ kind: 'version', version: '14.1' });
    expect(safari.verdict.notes).toEqual([
      { feature: 'threads', note: expect.stringContaining('iOS Safari since 14.5') },
    ]);
  });

  it('lists every feature tied at the deciding version, and flags versions the table does not record', () => {
    const table: FeatureTable = {
      source: 'test',
      features: {},
      runtimes: {
        R: { url: '', category: '', features: { simd: '20', bulkMemory: '20', gc: true } },
      },
    };
    const runtime = { name: 'R', mvp: '10' };
    expect(runtimeVerdict(runtime, ['bulk-memory', 'simd'], table).verdict).toMatchObject({
      kind: 'version',
      version: '20',
      limitedBy: ['bulk-memory', 'simd'],
      unrecorded: [],
    });
    expect(runtimeVerdict(runtime, ['gc', 'simd'], table).verdict).toMatchObject({
      version: '20',
      unrecorded: ['gc'],
    });
    // A feature older than the MVP baseline does not move it.
    expect(runtimeVerdict({ name: 'R', mvp: '30' }, ['simd'], table).verdict).toMatchObject({
      version: '30',
      limitedBy: [],
    });
  });

  it('ranks "not supported" above "behind a flag"', () => {
    expect(summary(['memory64', 'relaxed-simd']).Safari).toBe('unsupported');
    expect(COMPAT_RUNTIMES.map((runtime) => runtime.name)).toContain('Safari');
  });
});

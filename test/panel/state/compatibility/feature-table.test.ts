import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../../../src/wasm/index.ts';
import { REPO_ROOT } from '../../../support/testsuite.ts';
import {
  FEATURE_KEYS,
  FEATURE_TABLE,
  compareVersions,
  featuresOfTargetFeature,
  parseFeatureTable,
  supportIn,
  type FeatureTable,
} from '../../../../src/panel/state/index.ts';

/** webassembly.org's table as the project's shared reference keeps it (`WASM_FEATURES_JSON` overrides). */
const SHARED =
  process.env.WASM_FEATURES_JSON ??
  path.resolve(REPO_ROOT, '../shared/reference/wasm-features.json');
const COPY = path.resolve(
  import.meta.dirname,
  '../../../../src/panel/state/compatibility/data/wasm-features.json',
);

describe('the feature table copy', () => {
  it.skipIf(!fs.existsSync(SHARED))('matches the shared reference file', () => {
    const shared: unknown = JSON.parse(fs.readFileSync(SHARED, 'utf8'));
    expect(JSON.parse(fs.readFileSync(COPY, 'utf8'))).toEqual(shared);
  });

  it('names its source and parses into the typed table', () => {
    expect(FEATURE_TABLE.source).toMatch(/WebAssembly\/website .*commit [0-9a-f]{40}/);
    expect(Object.keys(FEATURE_TABLE.runtimes)).toEqual(
      expect.arrayContaining(['Chrome', 'Firefox', 'Safari', 'Node.js', 'Deno']),
    );
  });

  it('rejects a table whose cell is not a support value, naming it', () => {
    const bad = {
      source: 'x',
      features: { simd: { description: 'SIMD', url: '', phase: 5 } },
      runtimes: { Chrome: { url: '', category: '', features: { simd: 91 } } },
    };
    expect(() => parseFeatureTable(bad)).toThrow(/Chrome \/ simd/);
    expect(() => parseFeatureTable({ features: {} })).toThrow(/source/);
  });
});

describe('reading a cell', () => {
  const table: FeatureTable = {
    source: 'test',
    features: {},
    runtimes: {
      R: {
        url: '',
        category: '',
        features: {
          version: '12.5',
          noted: ['14.1', 'desktop only'],
          flag: ['flag', 'Requires `--x`'],
          yes: true,
          no: false,
          na: null,
          yesNoted: [true, 'somehow'],
        },
      },
    },
  };

  it('reads versions, flags, yes, no and n/a as the website does, with their notes', () => {
    expect(supportIn('R', 'version', table)).toEqual({
      kind: 'version',
      version: '12.5',
      note: null,
    });
    expect(supportIn('R', 'noted', table)).toEqual({
      kind: 'version',
      version: '14.1',
      note: 'desktop only',
    });
    expect(supportIn('R', 'flag', table)).toEqual({ kind: 'flag', note: 'Requires `--x`' });
    expect(supportIn('R', 'yes', table)).toEqual({ kind: 'yes', note: null });
    expect(supportIn('R', 'yesNoted', table)).toEqual({ kind: 'yes', note: 'somehow' });
    expect(supportIn('R', 'no', table)).toEqual({ kind: 'no', note: null });
    expect(supportIn('R', 'na', table)).toEqual({ kind: 'n/a', note: null });
    // No entry: not supported, as the website shows a missing cell.
    expect(supportIn('R', 'absent', table)).toEqual({ kind: 'no', note: null });
    expect(supportIn('Unknown runtime', 'version', table).kind).toBe('no');
  });

  it('reads the real table: Chrome SIMD 91, Safari memory64 absent, Safari relaxed SIMD behind a flag', () => {
    expect(supportIn('Chrome', 'simd')).toEqual({ kind: 'version', version: '91', note: null });
    expect(supportIn('Safari', 'memory64').kind).toBe('no');
    expect(supportIn('Safari', 'relaxedSimd')).toMatchObject({ kind: 'flag' });
    expect(supportIn('Safari', 'relaxedSimd').note).toContain('useWebAssemblyRelaxedSIMD');
  });
});

describe('compareVersions', () => {
  it('orders dotted versions part by part, numerically', () => {
    expect(compareVersions('1.38', '1.9')).toBeGreaterThan(0);
    expect(compareVersions('16.4', '18')).toBeLessThan(0);
    expect(compareVersions('18.2', '18')).toBeGreaterThan(0);
    expect(compareVersions('12', '12.0')).toBe(0);
    expect(compareVersions('137', '85')).toBeGreaterThan(0);
  });
});

describe('the feature name mapping', () => {
  it('maps every decoder feature to a key the table describes', () => {
    for (const feature of FEATURES) {
      const key = FEATURE_KEYS[feature].table;
      expect(FEATURE_TABLE.features[key], `${feature} → ${key}`).toBeDefined();
    }
  });

  it('gives every table key and target-feature name to one decoder feature at most (exception handling aside)', () => {
    const tableKeys = FEATURES.map((feature) => FEATURE_KEYS[feature].table);
    expect(new Set(tableKeys).size).toBe(tableKeys.length);
    expect(featuresOfTargetFeature('simd128')).toEqual(['simd']);
    expect(featuresOfTargetFeature('nontrapping-fptoint')).toEqual(['saturating-float-to-int']);
    expect(featuresOfTargetFeature('atomics')).toEqual(['threads']);
    // One LLVM feature enables both encodings of exception handling.
    expect(featuresOfTargetFeature('exception-handling')).toEqual([
      'exceptions',
      'legacy-exceptions',
    ]);
    expect(featuresOfTargetFeature('fp16')).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { WasmDecodeError } from '../../src/wasm/binary/errors.ts';
import { exportCount } from '../../src/wasm/module/exports.ts';
import { definedFunctionCount } from '../../src/wasm/code/function-table.ts';
import { scanFeatures } from '../../src/wasm/features/scan-features.ts';
import { decodeFunction } from '../../src/wasm/code/instructions.ts';
import { decodeModule } from '../../src/wasm/module/decode-module.ts';
import { printModule } from '../../src/wasm/print/module.ts';
import { customSection, module, name, section, uleb, vec } from '../support/binary-writer.ts';
import { MUTATIONS, Random, mutate, rawSections, type MutationName } from '../support/fuzz.ts';
import { MODULE_FIXTURES, assembleFixture } from '../support/module-fixtures.ts';

/** Cases per run; CI runs the default, a longer local run sets FUZZ_CASES. */
const CASES = Number(process.env.FUZZ_CASES ?? 50_000);
/** Long local runs (FUZZ_CASES) need more than the default timeout of a test. */
const LONG_RUN_TIMEOUT_MS = Math.max(120_000, CASES * 5);
/** Base seed; case `i` uses `SEED + i`, so any case can be replayed alone. */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** A module holding every tool-convention custom section, so their readers get fuzzed too. */
function customSectionsSeed(): Uint8Array {
  return module(
    section(1, vec([[0x60, 0x00, 0x00]])),
    section(3, vec([[0]])),
    section(10, vec([[2, 0x00, 0x0b]])),
    customSection('name', [
      ...section(0, name('m')),
      ...section(1, vec([[0, ...name('f')]])),
      ...section(2, vec([[0, ...vec([[0, ...name('x')]])]])),
    ]),
    customSection(
      'producers',
      vec([[...name('language'), ...vec([[...name('C'), ...name('1')]])]]),
    ),
    customSection('target_features', vec([[0x2b, ...name('simd128')]])),
    customSection('sourceMappingURL', name('a.map')),
    customSection('build_id', [2, 0xab, 0xcd]),
    customSection('dylink.0', [
      ...section(1, [...uleb(16), 2, 0, 0]),
      ...section(2, vec([name('libc.so')])),
      ...section(3, vec([[...name('f'), 1]])),
      ...section(4, vec([[...name('env'), ...name('g'), 2]])),
    ]),
    customSection('dylink', [4, 2, 0, 0, ...vec([name('libm.so')])]),
    customSection('.debug_info', [1, 2, 3]),
  );
}

/** What one case did: whether the decoder accepted it, and how much work it took. */
interface CaseResult {
  accepted: boolean;
  /**
   * A deterministic measure of the work done: input bytes + decoded instructions + printed
   * characters. Bounding it proves no case loops or blows up, without timing anything.
   */
  work: number;
}

/** Runs the whole pipeline on one input; only `WasmDecodeError` may escape the decoder. */
function runCase(bytes: Uint8Array): CaseResult {
  let work = bytes.length;
  try {
    const info = decodeModule(bytes);
    work += info.sections.length + info.types.length + info.imports.length + exportCount(info);
    scanFeatures(info);
    for (let i = 0; i < definedFunctionCount(info); i++) {
      work += decodeFunction(info, info.importedFuncs + i).instructions.length;
    }
    work += printModule(info).length;
    return { accepted: true, work };
  } catch (error) {
    if (error instanceof WasmDecodeError) return { accepted: false, work };
    throw error;
  }
}

interface Failure {
  caseIndex: number;
  seed: number;
  mutations: MutationName[];
  error: string;
}

describe('mutation fuzzing of the decoder, feature scanner and printer', () => {
  const seeds: { label: string; bytes: Uint8Array }[] = [];

  beforeAll(async () => {
    for (const fixture of MODULE_FIXTURES) {
      const bytes = await assembleFixture(fixture);
      seeds.push({ label: fixture, bytes });
      // Without the name section the printer takes its index-comment paths.
      const info = decodeModule(bytes);
      const firstCustom = info.customSections[0];
      if (firstCustom)
        seeds.push({ label: `${fixture}-unnamed`, bytes: bytes.subarray(0, firstCustom.offset) });
    }
    seeds.push({ label: 'custom-sections', bytes: customSectionsSeed() });
  });

  it('replays a case exactly from its seed, and every operator changes some seed', () => {
    const seed = seeds[0].bytes;
    expect(mutate(seed, new Random(42))).toEqual(mutate(seed, new Random(42)));
    for (const [name, operator] of Object.entries(MUTATIONS)) {
      const random = new Random(7);
      let changed = false;
      for (let i = 0; i < 20 && !changed; i++) {
        const out = operator(seed, random);
        changed = out.length !== seed.length || out.some((b, j) => b !== seed[j]);
      }
      expect(changed, name).toBe(true);
    }
    expect(rawSections(seed).length).toBe(decodeModule(seed).sections.length);
  });

  it('every seed module is accepted before mutation', () => {
    for (const seed of seeds) expect(runCase(seed.bytes).accepted, seed.label).toBe(true);
  });

  it(
    `${CASES} mutated modules raise nothing but WasmDecodeError, with bounded work`,
    () => {
      const failures: Failure[] = [];
      const works = new Float64Array(CASES);
      let accepted = 0;
      let slowest = { ms: 0, caseIndex: -1, size: 0 };
      let heaviest = { ratio: 0, caseIndex: -1 };
      for (let i = 0; i < CASES; i++) {
        const random = new Random(SEED + i);
        const seed = seeds[random.below(seeds.length)];
        const { bytes, mutations } = mutate(seed.bytes, random);
        const started = performance.now();
        try {
          const result = runCase(bytes);
          works[i] = result.work;
          if (result.accepted) accepted++;
          const ratio = result.work / Math.max(bytes.length, 1);
          if (ratio > heaviest.ratio) heaviest = { ratio, caseIndex: i };
        } catch (error) {
          const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          failures.push({ caseIndex: i, seed: SEED + i, mutations, error: text });
        }
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { ms, caseIndex: i, size: bytes.length };
      }
      const sorted = Array.from(works).sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1];
      const max = sorted[sorted.length - 1];
      console.log(
        `fuzz: ${CASES} cases from ${seeds.length} seeds, ${accepted} accepted, ` +
          `${CASES - accepted - failures.length} rejected with WasmDecodeError, ${failures.length} failures; ` +
          `work median ${median}, max ${max} (${(max / median).toFixed(1)}x), ` +
          `max work per input byte ${heaviest.ratio.toFixed(1)} (case ${heaviest.caseIndex}); ` +
          `slowest case ${slowest.caseIndex} (${slowest.size} bytes): ${slowest.ms.toFixed(2)} ms`,
      );
      expect(failures.slice(0, 10)).toEqual([]);
      // The seeds are under 1 KB, so a case doing 100 times the median work would be a blow-up.
      expect(max).toBeLessThan(100 * median);
    },
    LONG_RUN_TIMEOUT_MS,
  );
});

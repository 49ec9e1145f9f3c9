/**
 * Decoder bench: how `decodeModule`, `scanFeatures` and "first function as text" compare with
 * the engine's own `WebAssembly.validate` and with wabt.js, all measured in the same run on a
 * generated ≥30 MB module, a 1 MB one of the same mix, and any `.wasm` named on the command line.
 */
import { readFileSync } from 'node:fs';
import initWabt from 'wabt';
import {
  decodeExports,
  decodeModule,
  definedFunctionCount,
  definedFunctions,
  printFunction,
  scanFeatures,
} from '../src/wasm/index.ts';
import { generateModule, LARGE_MODULE, scaledModule, type GenerateOptions } from './generate.ts';
import { ALL_WABT_FEATURES } from '../test/support/wat.ts';
import type { Bench } from './index.ts';

type Wabt = Awaited<ReturnType<typeof initWabt>>;
type WabtModule = ReturnType<Wabt['readWasm']>;
/** wabt.js's feature flags, including `multi_memory`, which its typings leave out. */
type WabtFeatures = NonNullable<Parameters<Wabt['parseWat']>[2]> & { multi_memory?: boolean };
/** wabt.js's `validate` takes feature flags, which its typings leave out. */
type ValidateWithFeatures = (this: WabtModule, features: WabtFeatures) => void;

/** Every proposal wabt.js knows, so it judges the module and not its own defaults. */
const WABT_FEATURES: WabtFeatures = ALL_WABT_FEATURES;

/** Iterations per measurement; wabt.js is slow enough that a few runs already take a minute. */
const RUNS = { fast: 15, engine: 7, wabt: 3 } as const;

/** Wall-clock and CPU time of one operation, in milliseconds. */
interface Timing {
  /** Median wall time. */
  wall: number;
  /** Fastest wall time: the least disturbed by other work sharing the machine. */
  min: number;
  /** Median process CPU time. */
  cpu: number;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times `run` `iterations` times, collecting garbage before each run; `warmups` untimed runs
 * first let the JIT settle.
 */
function measure(run: () => unknown, iterations: number, warmups = 1): Timing {
  for (let i = 0; i < warmups; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    globalThis.gc?.();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: medianOf(wall), min: Math.min(...wall), cpu: medianOf(cpu) };
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}

function formatMB(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

function formatRatio(ratio: number): string {
  return ratio < 0.1 ? ratio.toFixed(4) : ratio.toFixed(2);
}

function line(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(36)} ${value.padStart(40)}  ${note}`);
}

function formatTiming({ wall, min, cpu }: Timing): string {
  return `${formatMs(wall)} (min ${formatMs(min)}, cpu ${formatMs(cpu)})`;
}

/** `a / b` of the medians, with the ratios of the minimums and of CPU time beside it. */
function ratioText(a: Timing, b: Timing): string {
  const ratios = [a.wall / b.wall, a.min / b.min, a.cpu / b.cpu].map(formatRatio);
  return `${ratios[0]} (min ${ratios[1]}, cpu ${ratios[2]})`;
}

/**
 * Whether a goal is met by the wall-clock medians and by the CPU medians. Both are shown: on a
 * machine shared with other work, wall time also counts the time spent waiting for a core.
 */
function goal(value: (t: (timing: Timing) => number) => boolean): string {
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  return `(wall ${verdict(value((t) => t.wall))}, cpu ${verdict(value((t) => t.cpu))})`;
}

/** wabt.js's equivalent of validation: read the binary and validate it. */
function wabtReadAndValidate(wabt: Wabt, bytes: Uint8Array): void {
  const module = wabt.readWasm(bytes, { readDebugNames: false, ...WABT_FEATURES });
  try {
    (module.validate as ValidateWithFeatures).call(module, WABT_FEATURES);
  } finally {
    module.destroy();
  }
}

/** wabt.js's only way to show a function as text: read the module and print all of it. */
function wabtToText(wabt: Wabt, bytes: Uint8Array): number {
  const module = wabt.readWasm(bytes, { readDebugNames: true, check: false, ...WABT_FEATURES });
  try {
    return module.toText({ foldExprs: false, inlineExport: false }).length;
  } finally {
    module.destroy();
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').slice(0, 3).join(' | ');
}

/** Time to the first defined function's text: decode the module and print that one function. */
function firstFunctionText(bytes: Uint8Array): string {
  const info = decodeModule(bytes);
  if (definedFunctionCount(info) === 0) return '';
  return printFunction(info, info.importedFuncs);
}

/** What one module measured; wabt's figure is absent when wabt.js failed. */
interface Timings {
  validate: Timing;
  scan: Timing;
  firstText: Timing;
  wabt?: Timing;
}

/** Measures one module and prints the ratios against the goals (judged on wall time). */
function measureModule(label: string, bytes: Uint8Array<ArrayBuffer>, wabt: Wabt): Timings {
  console.log(`\n${label}: ${formatMB(bytes.length)}`);
  if (!WebAssembly.validate(bytes)) console.log('  note: WebAssembly.validate rejects this module');
  const validate = measure(() => WebAssembly.validate(bytes), RUNS.engine);
  line('WebAssembly.validate', formatTiming(validate), `median of ${RUNS.engine}`);
  const decode = measure(() => decodeModule(bytes), RUNS.fast);
  line(
    'decodeModule',
    formatTiming(decode),
    `${ratioText(decode, validate)} × validate, goal ≤ 0.05 ${goal((t) => t(decode) / t(validate) <= 0.05)}`,
  );
  const scan = measure(() => scanFeatures(bytes), RUNS.engine);
  const scanRatio = (t: (timing: Timing) => number) => t(scan) / t(validate);
  line(
    'scanFeatures (decode + every body)',
    formatTiming(scan),
    `${ratioText(scan, validate)} × validate, goal ≤ 2 ${goal((t) => scanRatio(t) <= 2)}, stretch ≤ 1 ${goal((t) => scanRatio(t) <= 1)}`,
  );
  const firstText = measure(() => firstFunctionText(bytes), RUNS.fast);
  line(
    'first function text',
    formatTiming(firstText),
    `decodeModule + printFunction, goal < 20 ms ${goal((t) => t(firstText) < 20)}`,
  );
  // What moving a ModuleInfo to another context costs, and what reading a window of it costs.
  const info = decodeModule(bytes);
  const clone = measure(() => structuredClone(info), RUNS.fast);
  line(
    'structuredClone(ModuleInfo)',
    formatTiming(clone),
    'copies the bytes and a few typed arrays',
  );
  const window = measure(() => {
    decodeExports(info, 0, 100);
    definedFunctions(info, 0, 100);
  }, RUNS.fast);
  line('100 exports + 100 functions', formatTiming(window), 'decodeExports, definedFunctions');
  const used = scanFeatures(bytes).used.map((u) => `${u.feature}×${u.count}`);
  line('features', '', used.length > 0 ? used.join(', ') : '(MVP only)');
  const timings: Timings = { validate, scan, firstText };
  try {
    // No warm-up run: wabt.js is warmed once per bench, and each run here can take seconds.
    const wabtTiming = measure(() => wabtReadAndValidate(wabt, bytes), RUNS.wabt, 0);
    timings.wabt = wabtTiming;
    line(
      'wabt.js readWasm + validate',
      formatTiming(wabtTiming),
      `${ratioText(wabtTiming, scan)} × scanFeatures, goal ≥ 10 ${goal((t) => t(wabtTiming) / t(scan) >= 10)} (median of ${RUNS.wabt})`,
    );
  } catch (error) {
    line('wabt.js readWasm + validate', 'failed', describeError(error));
  }
  return timings;
}

/** Builds a module and says what it holds. */
function generated(options: GenerateOptions): Uint8Array<ArrayBuffer> {
  const start = performance.now();
  const bytes = generateModule(options);
  console.log(
    `generated ${formatMB(bytes.length)} in ${formatMs(performance.now() - start)}: ` +
      `${options.functions.toLocaleString('en')} functions, ` +
      `${options.tableEntries.toLocaleString('en')} table entries, ` +
      `${options.exports.toLocaleString('en')} exports`,
  );
  return bytes;
}

/**
 * When wabt.js fails on the large module, finds the largest generated size it handles and
 * measures that. Returns a wabt.js instance that is still usable.
 */
async function wabtFallback(): Promise<Wabt> {
  let wabt = await initWabt();
  for (const fraction of [0.5, 0.25, 0.1, 0.03]) {
    const bytes = generateModule(scaledModule(fraction));
    const timings = measureModule(
      `fallback: generated at ${fraction} of the large size`,
      bytes,
      wabt,
    );
    if (timings.wabt !== undefined) return wabt;
    // An aborted wabt.js instance is unusable; start a fresh one for the next size.
    wabt = await initWabt();
  }
  return wabt;
}

const decoderBench: Bench = {
  name: 'decoder',
  async run(paths) {
    let wabt = await initWabt();
    const large = generated(LARGE_MODULE);
    const small = generated(scaledModule(1 / 30));
    // wabt.js compiles lazily; its first call is much slower than the rest.
    wabtReadAndValidate(wabt, small);
    const largeTimings = measureModule('large generated module', large, wabt);
    if (largeTimings.wabt === undefined) wabt = await wabtFallback();
    const smallTimings = measureModule('1 MB generated module (same mix)', small, wabt);
    console.log('\ntime to the first function text, by module size:');
    line(`${formatMB(large.length)} module`, formatTiming(largeTimings.firstText));
    line(`${formatMB(small.length)} module`, formatTiming(smallTimings.firstText));
    try {
      let chars = 0;
      const timing = measure(() => (chars = wabtToText(wabt, large)), 1, 0);
      line(
        `wabt.js readWasm + toText, ${formatMB(large.length)}`,
        formatTiming(timing),
        `one run, ${(chars / 1e6).toFixed(0)} M characters of text (its only way to a function's text)`,
      );
    } catch (error) {
      line('wabt.js readWasm + toText', 'failed', describeError(error));
    }
    for (const path of paths) {
      try {
        measureModule(path, new Uint8Array(readFileSync(path)), wabt);
      } catch (error) {
        console.log(`  cannot measure ${path}: ${describeError(error)}`);
        wabt = await initWabt();
      }
    }
  },
};

export default decoderBench;

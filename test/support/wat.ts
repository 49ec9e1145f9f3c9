/**
 * Test-only bridge to the npm `wabt` package (wabt.js): assemble WAT into bytes and print
 * bytes as wasm2wat would. Every fixture is compiled here at test time; no binaries are
 * checked in.
 */
import initWabt from 'wabt';

type Wabt = Awaited<ReturnType<typeof initWabt>>;
/** wabt.js feature flags, as its `parseWat`/`readWasm` take them. */
export type WabtFeatures = Parameters<Wabt['parseWat']>[2] & { multi_memory?: boolean };

let instance: Promise<Wabt> | undefined;

/** The shared wabt.js instance (loaded once per test process). */
export function loadWabt(): Promise<Wabt> {
  instance ??= initWabt();
  return instance;
}

/** Every feature wabt.js knows, switched on. */
export const ALL_WABT_FEATURES: Required<WabtFeatures> = {
  exceptions: true,
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  simd: true,
  threads: true,
  function_references: true,
  multi_value: true,
  tail_call: true,
  bulk_memory: true,
  reference_types: true,
  annotations: true,
  code_metadata: true,
  gc: true,
  memory64: true,
  multi_memory: true,
  extended_const: true,
  relaxed_simd: true,
};

/** Options for `watToWasm`. */
export interface AssembleOptions {
  /** Write the `name` section (default true). */
  names?: boolean;
  /** Feature flags (default: all on). */
  features?: WabtFeatures;
  /** Validate after parsing (default true). */
  validate?: boolean;
}

/** Assembles WAT text into a binary module with wabt.js. Throws wabt's error text on failure. */
export async function watToWasm(text: string, options: AssembleOptions = {}): Promise<Uint8Array> {
  const wabt = await loadWabt();
  const features = options.features ?? ALL_WABT_FEATURES;
  const module = wabt.parseWat('fixture.wat', text, features);
  try {
    module.resolveNames();
    // wabt.js's validate takes the feature flags too (its typings omit the parameter); without
    // them it validates against wabt's defaults, which reject threads, memory64, multi-memory….
    if (options.validate ?? true) (module.validate as (f: WabtFeatures) => void)(features);
    const { buffer } = module.toBinary({ write_debug_names: options.names ?? true });
    return new Uint8Array(buffer);
  } finally {
    module.destroy();
  }
}

/** Options for `wasmToWat`. */
export interface DisassembleOptions {
  features?: WabtFeatures;
  /** Read names from the name section (default true). */
  names?: boolean;
  /** Validate before printing (default false: print what is there). */
  validate?: boolean;
  foldExprs?: boolean;
}

/** Prints a binary module as WAT with wabt.js (`readWasm` + `toText`), like `wasm2wat`. */
export async function wasmToWat(
  bytes: Uint8Array,
  options: DisassembleOptions = {},
): Promise<string> {
  const wabt = await loadWabt();
  const module = wabt.readWasm(bytes, {
    readDebugNames: options.names ?? true,
    check: false,
    ...(options.features ?? ALL_WABT_FEATURES),
  } as Parameters<Wabt['readWasm']>[1]);
  try {
    if (options.validate) {
      (module.validate as (f: WabtFeatures) => void)(options.features ?? ALL_WABT_FEATURES);
    }
    if (options.names ?? true) module.applyNames();
    return module.toText({ foldExprs: options.foldExprs ?? false, inlineExport: false });
  } finally {
    module.destroy();
  }
}

/**
 * The defined functions' `(func …)` forms of wasm2wat's module text, in order, cut out by
 * balanced parentheses: the unit the printer oracles compare.
 */
export function definedFunctionTexts(moduleText: string): string[] {
  const funcs: string[] = [];
  let at = moduleText.indexOf('\n  (func ');
  while (at >= 0) {
    const start = at + 3;
    let depth = 0;
    let end = start;
    for (; end < moduleText.length; end++) {
      const c = moduleText[end];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    funcs.push(moduleText.slice(start, end + 1));
    at = moduleText.indexOf('\n  (func ', end);
  }
  return funcs;
}

/** Collapses every run of whitespace to one space: the oracles compare text modulo layout. */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * wabt.js in the assemble worker: loaded once, with every feature it knows switched on (the
 * list is read from wabt itself, so a newer wabt brings its new proposals along). wabt.js is
 * an Emscripten build whose wasm is embedded in the script and instantiated from bytes, so it
 * needs `'wasm-unsafe-eval'` and nothing more: no eval, no fetch (MV3 CSP holds).
 */
import initWabt from 'wabt';

/** The loaded wabt.js module. */
export type Wabt = Awaited<ReturnType<typeof initWabt>>;
/** wabt.js's feature flags (`parseWat`'s third parameter). */
export type WabtFeatures = NonNullable<Parameters<Wabt['parseWat']>[2]>;

/** The module as wabt.js exposes it at run time (its typings omit `FEATURES` and `validate`'s flags). */
interface WabtRuntime {
  FEATURES?: Record<string, boolean>;
}

let loading: Promise<Wabt> | null = null;

/** The shared wabt.js instance, loaded on first use. */
export function loadWabt(): Promise<Wabt> {
  loading ??= initWabt().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** Forgets the loaded instance (after wabt aborted, its heap cannot be trusted). */
export function resetWabt(): void {
  loading = null;
}

/** Every feature `wabt` knows, on. */
export function allFeatures(wabt: Wabt): WabtFeatures {
  const known = (wabt as unknown as WabtRuntime).FEATURES ?? {};
  const features: Record<string, boolean> = {};
  for (const name of Object.keys(known)) features[name] = true;
  return features as WabtFeatures;
}

/**
 * `text` as UTF-8 in a buffer of exactly its length. wabt.js copies a string argument one byte
 * per UTF-16 unit (so `"é"` would become the byte 0xe9, not UTF-8), and copies a view's whole
 * underlying buffer rather than the view: hand it bytes, and bytes that fill their buffer.
 */
function utf8(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  return bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * Parses, validates and writes `text` as a binary module with a name section. Throws wabt's
 * own error (its message lists every problem with line and column) when the text is wrong.
 */
export function assembleWat(wabt: Wabt, text: string, fileName: string): Uint8Array {
  const features = allFeatures(wabt);
  const module = wabt.parseWat(fileName, utf8(text), features);
  try {
    module.resolveNames();
    (module.validate as (features: WabtFeatures) => void)(features);
    return module.toBinary({ write_debug_names: true }).buffer;
  } finally {
    module.destroy();
  }
}

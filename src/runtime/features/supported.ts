/**
 * Which features this engine supports: each canary is run through `WebAssembly.validate`
 * (multi-memory through `new WebAssembly.Module`, as the reference does) once per process.
 * `threads` also needs the engine to make a shared `WebAssembly.Memory`: a browser may validate
 * shared memories yet refuse to create one outside a cross-origin-isolated page. Wraps no JS API
 * object (the probe memory is dropped at once).
 */
import { FEATURES, type Feature } from '../../wasm/index.ts';
import { CANARIES } from './canaries.ts';

let cached: ReadonlySet<Feature> | undefined;

function createsSharedMemory(): boolean {
  try {
    const memory = new WebAssembly.Memory({ initial: 0, maximum: 0, shared: true });
    // An engine that ignores `shared` hands out a plain ArrayBuffer.
    return Object.prototype.toString.call(memory.buffer) === '[object SharedArrayBuffer]';
  } catch {
    return false;
  }
}

function accepts(feature: Feature): boolean {
  const bytes = CANARIES[feature]();
  if (feature === 'threads') return WebAssembly.validate(bytes) && createsSharedMemory();
  if (feature !== 'multi-memory') return WebAssembly.validate(bytes);
  try {
    new WebAssembly.Module(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the features this engine supports (computed on first use, then cached).
 *
 * @example
 * ```ts
 * supportedFeatures().has('simd'); // true in Node 20 and Chromium
 * supportedFeatures().has('gc'); // false in Node 20
 * ```
 */
export function supportedFeatures(): ReadonlySet<Feature> {
  cached ??= new Set(FEATURES.filter(accepts));
  return cached;
}

/**
 * Returns the features of `used` the engine lacks, in `FEATURES` order.
 *
 * @example
 * ```ts
 * missingFeatures(['simd', 'gc']); // ['gc'] in Node 20
 * ```
 */
export function missingFeatures(used: Iterable<Feature>): Feature[] {
  const supported = supportedFeatures();
  const wanted = new Set(used);
  return FEATURES.filter((f) => wanted.has(f) && !supported.has(f));
}

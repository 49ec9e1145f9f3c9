/**
 * The one place where this project's feature names (the decoder's `FEATURES`) meet the names
 * others use: the key of webassembly.org's feature table, and the `target_features` names a
 * toolchain (LLVM: clang, rustc, Emscripten) writes into a module. Typed over every `Feature`,
 * so a feature the decoder learns to report does not compile until it is mapped here.
 */
import type { Feature } from '../../../wasm/index.ts';

/** What a decoder feature is called elsewhere. */
export interface FeatureKeys {
  /** Its key in the feature table (`data/wasm-features.json`). */
  table: string;
  /**
   * `target_features` names that declare it (without the `+`/`-`/`=` prefix); empty when
   * toolchains have none (memory64 is a target, `wasm64`, not a feature).
   */
  targetFeatures: readonly string[];
}

/** Every decoder feature's names in the feature table and in `target_features`. */
export const FEATURE_KEYS: Readonly<Record<Feature, FeatureKeys>> = {
  'bulk-memory': { table: 'bulkMemory', targetFeatures: ['bulk-memory', 'bulk-memory-opt'] },
  exceptions: { table: 'exceptionsFinal', targetFeatures: ['exception-handling'] },
  'legacy-exceptions': { table: 'exceptions', targetFeatures: ['exception-handling'] },
  'extended-const': { table: 'extendedConst', targetFeatures: ['extended-const'] },
  'function-references': { table: 'typedFunctionReferences', targetFeatures: [] },
  gc: { table: 'gc', targetFeatures: ['gc'] },
  memory64: { table: 'memory64', targetFeatures: [] },
  'multi-memory': { table: 'multiMemory', targetFeatures: ['multimemory'] },
  'multi-value': { table: 'multiValue', targetFeatures: ['multivalue'] },
  'mutable-global': { table: 'mutableGlobals', targetFeatures: ['mutable-globals'] },
  'reference-types': { table: 'referenceTypes', targetFeatures: ['reference-types'] },
  'relaxed-simd': { table: 'relaxedSimd', targetFeatures: ['relaxed-simd'] },
  'saturating-float-to-int': {
    table: 'saturatedFloatToInt',
    targetFeatures: ['nontrapping-fptoint'],
  },
  'sign-extension': { table: 'signExtensions', targetFeatures: ['sign-ext'] },
  simd: { table: 'simd', targetFeatures: ['simd128'] },
  'tail-call': { table: 'tailCall', targetFeatures: ['tail-call'] },
  threads: { table: 'threads', targetFeatures: ['atomics', 'shared-mem'] },
  'custom-page-sizes': { table: 'customPageSizes', targetFeatures: [] },
};

/**
 * The decoder features a `target_features` name declares (`simd128` → `simd`), or an empty
 * list for names the decoder does not report (`fp16`, `wide-arithmetic`, `call-indirect-overlong`).
 */
export function featuresOfTargetFeature(name: string): Feature[] {
  return (Object.keys(FEATURE_KEYS) as Feature[]).filter((feature) =>
    FEATURE_KEYS[feature].targetFeatures.includes(name),
  );
}

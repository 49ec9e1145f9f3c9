/**
 * Which proposals a value or heap type needs, as bit masks over `FEATURES` indices: shared by
 * the code walker (locals, block types, typed `select`, heap-type immediates) and the
 * module-level scan (globals, tables, function types).
 */
import { FEATURE_INDEX, type FeatureTally, type HeapTypeInfo, type ValTypeInfo } from '../types.ts';
import { HEAP_TYPE_CODES } from '../binary/index.ts';

/** Index of `reference-types` in `FEATURES`. */
export const REFERENCE_TYPES = FEATURE_INDEX['reference-types'];
/** Index of `function-references` in `FEATURES`. */
export const FUNCTION_REFERENCES = FEATURE_INDEX['function-references'];
const GC = FEATURE_INDEX.gc;
const SIMD = FEATURE_INDEX.simd;
const EXCEPTIONS = FEATURE_INDEX.exceptions;

/** The mask bit of a feature index. */
export const bit = (feature: number) => 1 << feature;

/** Feature bits of an abstract heap type by its one-byte code (beyond reference-types itself). */
export const HEAP_CODE_MASK = new Uint32Array(128);
// func (0x70) and extern (0x6f) need nothing beyond reference-types
for (const code of [0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x71, 0x73, 0x72]) HEAP_CODE_MASK[code] = bit(GC);
HEAP_CODE_MASK[0x69] = bit(EXCEPTIONS); // exn
HEAP_CODE_MASK[0x74] = bit(EXCEPTIONS); // noexn
/** 1 for the one-byte codes of abstract heap types (and so of shorthand reference types). */
export const IS_HEAP_CODE = new Uint8Array(128);
for (const code of [0x70, 0x6f, 0x6e, 0x6d, 0x6c, 0x6b, 0x6a, 0x69, 0x71, 0x72, 0x73, 0x74])
  IS_HEAP_CODE[code] = 1;

/** Feature bits of one-byte value types (numeric types and shorthand reference types). */
export const VALTYPE_CODE_MASK = new Uint32Array(256);
VALTYPE_CODE_MASK[0x7b] = bit(SIMD);
for (let code = 0; code < 128; code++) {
  if (IS_HEAP_CODE[code]) VALTYPE_CODE_MASK[code] = bit(REFERENCE_TYPES) | HEAP_CODE_MASK[code];
}
/** 1 for the codes of numeric and vector types. */
export const IS_NUM_CODE = new Uint8Array(256);
for (const code of [0x7f, 0x7e, 0x7d, 0x7c, 0x7b]) IS_NUM_CODE[code] = 1;

/** Feature bits of a heap type (a concrete type index needs function-references). */
export function heapTypeMask(heap: HeapTypeInfo): number {
  return typeof heap === 'number'
    ? bit(FUNCTION_REFERENCES)
    : HEAP_CODE_MASK[HEAP_TYPE_CODES[heap]];
}

/** Feature bits of a value type. */
function valTypeMask(type: ValTypeInfo): number {
  if (typeof type === 'string') return type === 'v128' ? bit(SIMD) : 0;
  let mask = bit(REFERENCE_TYPES) | heapTypeMask(type.heap);
  if (!type.nullable) mask |= bit(FUNCTION_REFERENCES);
  return mask;
}

function maskToFeatures(mask: number): readonly number[] {
  const out: number[] = [];
  for (let f = 0; f < 32; f++) if (mask & bit(f)) out.push(f);
  return Object.freeze(out);
}

/**
 * The features (indices into `FEATURES`) a value type needs: `simd` for v128, `reference-types`
 * for any reference type, plus `function-references` for concrete or non-nullable ones, `gc`
 * for GC heap types and `exceptions` for `exn`/`noexn`. Shared with the module-level scan.
 */
export function valTypeFeatures(type: ValTypeInfo): readonly number[] {
  return maskToFeatures(valTypeMask(type));
}

/** Adds one use of each feature in `mask` at `offset`. */
export function tallyMask(tally: FeatureTally, mask: number, offset: number): void {
  const count = tally.count;
  const first = tally.first;
  while (mask !== 0) {
    const f = 31 - Math.clz32(mask);
    mask ^= 1 << f;
    count[f]++;
    if (offset < first[f]) first[f] = offset;
  }
}

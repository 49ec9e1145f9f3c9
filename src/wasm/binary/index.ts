/**
 * The binary format's primitives: a bounds-checked cursor with the LEB128, name and float
 * readers, fast runs of u32s, the readers of the type grammar (value, reference, heap, table,
 * memory and global types) and the decoder's one error type.
 */
export { ByteReader } from './byte-reader.ts';
export { WasmDecodeError } from './errors.ts';
export { readU32Run, skipU32Run, walkSizedEntries } from './leb-runs.ts';
export {
  HEAP_TYPE_CODES,
  REF_SHORTHANDS,
  readGlobalType,
  readHeapType,
  readMemoryType,
  readMutability,
  readRefType,
  readStorageType,
  readTableType,
  readValType,
  type LimitsEncoding,
} from './valtypes.ts';

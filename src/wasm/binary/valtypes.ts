/**
 * Readers for the type grammar shared by several sections: value, reference and heap types,
 * limits, and the table, memory and global types built from them.
 */
import type { ByteReader } from './byte-reader.ts';
import type {
  AbstractHeapType,
  GlobalTypeInfo,
  HeapTypeInfo,
  MemoryTypeInfo,
  NumType,
  RefTypeInfo,
  StorageType,
  TableTypeInfo,
  ValTypeInfo,
} from '../types.ts';

/** The one-byte encoding of each abstract heap type (the s33 value's low 7 bits). */
export const HEAP_TYPE_CODES = {
  /** Functions. */
  func: 0x70,
  /** External (host) references. */
  extern: 0x6f,
  /** Any internal reference (GC). */
  any: 0x6e,
  /** References comparable with `ref.eq` (GC). */
  eq: 0x6d,
  /** Unboxed 31-bit integers (GC). */
  i31: 0x6c,
  /** Any struct (GC). */
  struct: 0x6b,
  /** Any array (GC). */
  array: 0x6a,
  /** Exceptions (exception handling). */
  exn: 0x69,
  /** The bottom of the internal hierarchy (GC). */
  none: 0x71,
  /** The bottom of the function hierarchy (GC). */
  nofunc: 0x73,
  /** The bottom of the external hierarchy (GC). */
  noextern: 0x72,
  /** The bottom of the exception hierarchy. */
  noexn: 0x74,
} as const satisfies Record<AbstractHeapType, number>;

/** The text format's shorthand of the nullable reference to each abstract heap type. */
export const REF_SHORTHANDS = {
  /** `(ref null func)` */
  func: 'funcref',
  /** `(ref null extern)` */
  extern: 'externref',
  /** `(ref null any)` */
  any: 'anyref',
  /** `(ref null eq)` */
  eq: 'eqref',
  /** `(ref null i31)` */
  i31: 'i31ref',
  /** `(ref null struct)` */
  struct: 'structref',
  /** `(ref null array)` */
  array: 'arrayref',
  /** `(ref null exn)` */
  exn: 'exnref',
  /** `(ref null none)` */
  none: 'nullref',
  /** `(ref null nofunc)` */
  nofunc: 'nullfuncref',
  /** `(ref null noextern)` */
  noextern: 'nullexternref',
  /** `(ref null noexn)` */
  noexn: 'nullexnref',
} as const satisfies Record<AbstractHeapType, string>;

/** Abstract heap types by their one-byte encoding. */
const ABSTRACT_HEAP_TYPES: Partial<Record<number, AbstractHeapType>> = {};
for (const [heap, code] of Object.entries(HEAP_TYPE_CODES)) {
  ABSTRACT_HEAP_TYPES[code] = heap as AbstractHeapType;
}

const NUM_TYPES: Partial<Record<number, NumType>> = {
  0x7f: 'i32',
  0x7e: 'i64',
  0x7d: 'f32',
  0x7c: 'f64',
  0x7b: 'v128',
};

/**
 * Shorthand reference types are shared objects: a module with a million `funcref` locals or
 * items must not allocate a million identical records. Callers must not mutate them.
 */
const SHORTHAND_REF_TYPES: Partial<Record<number, RefTypeInfo>> = Object.fromEntries(
  Object.entries(ABSTRACT_HEAP_TYPES).map(([code, heap]) => [
    code,
    Object.freeze({ heap: heap as AbstractHeapType, nullable: true }),
  ]),
);

/** Reads an s33 heap type: negative values are abstract types, others type indices. */
export function readHeapType(r: ByteReader): HeapTypeInfo {
  const start = r.pos;
  const value = r.s33();
  if (value >= 0) return value;
  const abstract = ABSTRACT_HEAP_TYPES[value + 0x80];
  if (abstract === undefined) r.fail(`malformed heap type 0x${(value + 0x80).toString(16)}`, start);
  return abstract;
}

/** Reads a reference type (shorthand or `0x63`/`0x64` followed by a heap type). */
export function readRefType(r: ByteReader): RefTypeInfo {
  const start = r.pos;
  const code = r.u8();
  const shorthand = SHORTHAND_REF_TYPES[code];
  if (shorthand) return shorthand;
  if (code === 0x63 || code === 0x64) return { heap: readHeapType(r), nullable: code === 0x63 };
  return r.fail(`malformed reference type 0x${code.toString(16)}`, start);
}

/** Reads a value type. */
export function readValType(r: ByteReader): ValTypeInfo {
  const start = r.pos;
  const code = r.u8();
  const num = NUM_TYPES[code];
  if (num !== undefined) return num;
  const shorthand = SHORTHAND_REF_TYPES[code];
  if (shorthand) return shorthand;
  if (code === 0x63 || code === 0x64) return { heap: readHeapType(r), nullable: code === 0x63 };
  return r.fail(`malformed value type 0x${code.toString(16)}`, start);
}

/** Reads a struct field's or array element's storage type (a value type or `i8`/`i16`). */
export function readStorageType(r: ByteReader): StorageType {
  if (r.pos < r.end) {
    const code = r.bytes[r.pos];
    if (code === 0x78 || code === 0x77) {
      r.pos++;
      return code === 0x78 ? 'i8' : 'i16';
    }
  }
  return readValType(r);
}

/** Reads a mutability byte: 0 const, 1 var. */
export function readMutability(r: ByteReader): boolean {
  const start = r.pos;
  const flag = r.u8();
  if (flag > 1) r.fail('malformed mutability', start);
  return flag === 1;
}

/**
 * How a table's or memory's limits were encoded, for callers that care (the feature scan): the
 * readers below set `wideBound` when a bound needed more than the u32 of WebAssembly 2.0.
 */
export interface LimitsEncoding {
  wideBound: boolean;
}

/**
 * Reads a limit bound. WebAssembly 3.0 (the memory64 proposal) encodes every bound as a u64,
 * also for 32-bit tables and memories; a value beyond 2^53 is rounded (it never validates).
 */
function readBound(r: ByteReader, encoding: LimitsEncoding | undefined): number {
  const start = r.pos;
  const value = r.u64();
  // A u32 takes at most 5 bytes and stays below 2^32; anything else only a 3.0 reader accepts.
  if (encoding !== undefined && (r.pos - start > 5 || value > 0xffffffffn))
    encoding.wideBound = true;
  return Number(value);
}

/** Reads a limits flag byte; the spec encodes it as a single byte, not a LEB. */
function readLimitsFlags(r: ByteReader, allowed: number): number {
  const start = r.pos;
  const flags = r.u8();
  if (flags & ~allowed) r.fail('malformed limits flags', start);
  return flags;
}

/**
 * Reads a table type: a reference type followed by limits (flags: max 0x01, shared 0x02,
 * 64-bit 0x04). `encoding`, when given, learns whether a bound needed more than a u32.
 */
export function readTableType(r: ByteReader, encoding?: LimitsEncoding): TableTypeInfo {
  const element = readRefType(r);
  const flags = readLimitsFlags(r, 0x07);
  const min = readBound(r, encoding);
  const type: TableTypeInfo = {
    element,
    min,
    is64: (flags & 0x04) !== 0,
    shared: (flags & 0x02) !== 0,
  };
  if (flags & 0x01) type.max = readBound(r, encoding);
  return type;
}

/**
 * Reads a memory type (flags: max 0x01, shared 0x02, 64-bit 0x04, custom page size 0x08).
 * `encoding`, when given, learns whether a bound needed more than a u32.
 */
export function readMemoryType(r: ByteReader, encoding?: LimitsEncoding): MemoryTypeInfo {
  const flags = readLimitsFlags(r, 0x0f);
  const min = readBound(r, encoding);
  const type: MemoryTypeInfo = { min, is64: (flags & 0x04) !== 0, shared: (flags & 0x02) !== 0 };
  if (flags & 0x01) type.max = readBound(r, encoding);
  if (flags & 0x08) {
    const start = r.pos;
    const log2 = r.u32();
    // Beyond 2^64 bytes no page size can be meant; reject rather than overflow later.
    if (log2 > 64) r.fail(`page size log2 ${log2} is out of range`, start);
    type.pageSizeLog2 = log2;
  }
  return type;
}

/** Reads a global type: value type and a flags byte (mutable 0x01, shared 0x02). */
export function readGlobalType(r: ByteReader): GlobalTypeInfo {
  const type = readValType(r);
  const start = r.pos;
  const flags = r.u8();
  if (flags > 3) r.fail('malformed mutability', start);
  return { type, mutable: (flags & 1) !== 0, shared: (flags & 2) !== 0 };
}

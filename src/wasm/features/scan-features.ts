/**
 * `scanFeatures`: which post-MVP proposals a module uses, where first and how often.
 *
 * One rule decides every case: a *use* of feature F is one occurrence of a construct that
 * proposal F introduced into the binary format, so that a module reports F when an engine
 * without F would reject it. `test/wasm/features/scan-features.test.ts` checks this against wabt.js and lists
 * where the two differ. Module-level constructs are found here; function bodies are walked by
 * `tallyCodeFeatures`.
 */
import { tallyCodeFeatures } from './code-features.ts';
import { walkConstExpr, type ConstExprUses } from '../code/index.ts';
import { decodeModule } from '../module/index.ts';
import {
  ByteReader,
  readGlobalType,
  readMemoryType,
  readStorageType,
  readTableType,
  readValType,
  type LimitsEncoding,
} from '../binary/index.ts';
import {
  FEATURES,
  FEATURE_INDEX,
  newFeatureTally,
  tallyFeature,
  type ConstExpr,
  type FeatureReport,
  type FeatureTally,
  type GlobalTypeInfo,
  type HeapTypeInfo,
  type MemoryTypeInfo,
  type ModuleInfo,
  type RefTypeInfo,
  type TableTypeInfo,
  type ValTypeInfo,
} from '../types.ts';
import { heapTypeMask, tallyMask, valTypeFeatures } from './type-features.ts';

const BULK_MEMORY = FEATURE_INDEX['bulk-memory'];
const EXCEPTIONS = FEATURE_INDEX.exceptions;
const FUNCTION_REFERENCES = FEATURE_INDEX['function-references'];
const GC = FEATURE_INDEX.gc;
const MEMORY64 = FEATURE_INDEX.memory64;
const MULTI_MEMORY = FEATURE_INDEX['multi-memory'];
const MULTI_VALUE = FEATURE_INDEX['multi-value'];
const MUTABLE_GLOBAL = FEATURE_INDEX['mutable-global'];
const REFERENCE_TYPES = FEATURE_INDEX['reference-types'];
const THREADS = FEATURE_INDEX.threads;
const CUSTOM_PAGE_SIZES = FEATURE_INDEX['custom-page-sizes'];

/**
 * Lists the proposals `input` uses, in `FEATURES` order, each with the byte offset of its first
 * use and the number of uses. A use is one occurrence of a construct the proposal introduced:
 *
 * - `gc`: a `rec` group or `sub` prefix (encodings only a GC engine reads), a struct or array
 *   type, an abstract GC heap type (`any`, `eq`, `i31`, `struct`, `array`, `none`, `nofunc`,
 *   `noextern`), a GC instruction in a constant expression, a constant `global.get` of a
 *   defined (not imported) global; plus GC instructions in code.
 * - `function-references`: a concrete (`(ref $t)`) or non-nullable reference type, a table
 *   with an initializer expression; plus `call_ref` and friends in code.
 * - `reference-types`: any reference value type (every later reference proposal builds on
 *   it), a table of anything but `funcref`, each table after the first, `ref.null`/`ref.func`
 *   in a constant expression, an element segment with expression items; plus `table.*`,
 *   `ref.*` and typed `select` in code, and a table index of `call_indirect`,
 *   `return_call_indirect`, `table.init` or `table.copy` written as anything but the one
 *   reserved byte 0x00 it was before (LLVM pads it to five bytes for relocation).
 * - `multi-value`: a function type with more than one result; in code, every block type
 *   given by type index (MVP block types were one byte), whatever the type.
 * - `mutable-global`: an imported or exported mutable global.
 * - `exceptions`: a tag (imported, exported or defined; both exception proposals share tags),
 *   an `exnref`/`noexn` type; plus `throw`/`throw_ref`/`try_table` in code.
 * - `memory64`: a 64-bit memory or table (table64 has no entry of its own), and a table or
 *   memory of either width whose limits need more than a u32 (over 5 bytes or 2^32 and up;
 *   memory64 made them u64), once per entry; in code, a memarg offset that needs more than
 *   a u32, for the same reason.
 * - `threads`: a shared memory, table or global (shared-everything has no entry of its own);
 *   plus atomics in code.
 * - `custom-page-sizes`: a memory with an explicit page size.
 * - `multi-memory`: each memory after the first (imports included), a data segment for a
 *   memory other than 0; in code, a memarg whose flags announce a memory index (even 0), and
 *   a memory index of `memory.size`/`grow`/`init`/`copy`/`fill` written as anything but the
 *   reserved byte 0x00 (one use per instruction).
 * - `extended-const`: `i32`/`i64` `add`/`sub`/`mul` in a constant expression.
 * - `bulk-memory`: a passive or declarative segment, a segment that names its table or
 *   memory explicitly (element flags 2 and 6, data flags 2, where MVP read an index), the
 *   data count section; plus `memory.copy`/`fill`/`init` and friends in code.
 * - `simd`: a `v128` value type or `v128.const` in a constant expression; plus SIMD code.
 * - Code only (see `tallyCodeFeatures`): `tail-call`, `relaxed-simd`, `sign-extension`,
 *   `saturating-float-to-int`, and `legacy-exceptions` (`try`/`catch`/`rethrow`/`delegate`).
 * - Never a use: the start section, `funcref` tables, function-index element segments,
 *   imported immutable globals in constant expressions: all MVP.
 *
 * Offsets: value types point at their own encoding (inside an import or segment: its entry);
 * tables, memories, globals, tags, imports, exports and segments at their entry; type forms
 * and `rec`/`sub` at their first byte; instructions (in code or constant expressions),
 * including uses found in their immediates, at their opcode; the data count at its section's
 * id byte.
 *
 * Accepts the bytes (decoded here) or an already decoded module; both give the same report.
 * Throws `WasmDecodeError` for malformed input.
 */
export function scanFeatures(input: Uint8Array | ModuleInfo): FeatureReport {
  const info = input instanceof Uint8Array ? decodeModule(input) : input;
  const tally = newFeatureTally();
  tallyModuleFeatures(info, tally);
  tallyCodeFeatures(info, tally);
  return reportOf(tally);
}

/** The report for a filled tally: the features with at least one use, in `FEATURES` order. */
function reportOf(tally: FeatureTally): FeatureReport {
  const used: FeatureReport['used'] = [];
  FEATURES.forEach((feature, i) => {
    if (tally.count[i] > 0)
      used.push({ feature, firstOffset: tally.first[i], count: tally.count[i] });
  });
  return { used };
}

/** Ids of the sections re-read here (the others are fully described by `ModuleInfo`). */
const SectionId = {
  type: 1,
  import: 2,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  dataCount: 12,
  tag: 13,
} as const;

/** Import and export kind bytes. */
const KIND_FUNC = 0x00;
const KIND_TABLE = 0x01;
const KIND_MEMORY = 0x02;
const KIND_GLOBAL = 0x03;
const KIND_TAG = 0x04;

/** Tallies everything outside function bodies. */
function tallyModuleFeatures(info: ModuleInfo, tally: FeatureTally): void {
  const scan = new ModuleScan(info, tally);
  for (const section of info.sections) {
    const payload = () => {
      const end = section.payloadOffset + section.size;
      const r = new ByteReader(info.bytes, section.payloadOffset, end);
      r.section = section.kind;
      return r;
    };
    switch (section.id) {
      case SectionId.type:
        scan.typeSection(payload());
        break;
      case SectionId.import:
        scan.importSection(payload());
        break;
      case SectionId.table:
        scan.tableSection(payload());
        break;
      case SectionId.memory:
        scan.memorySection(payload());
        break;
      case SectionId.global:
        scan.globalSection(payload());
        break;
      case SectionId.export:
        scan.exportSection(payload());
        break;
      case SectionId.dataCount:
        tallyFeature(tally, BULK_MEMORY, section.offset);
        break;
      case SectionId.tag:
        scan.tagSection(payload());
        break;
    }
  }
  scan.elemSegments();
  scan.dataSegments();
}

/**
 * The module-level walk. The decoded `ModuleInfo` does not keep the offset of every type,
 * table, memory or global, nor how limits were encoded, so those small sections are re-read
 * here to point at exact bytes.
 */
class ModuleScan implements ConstExprUses {
  /** Tables and memories seen so far, imports first, to spot the second of each. */
  private tables = 0;
  private memories = 0;
  /** Reused for every table and memory type read. */
  private readonly limits: LimitsEncoding = { wideBound: false };

  constructor(
    private readonly info: ModuleInfo,
    private readonly tally: FeatureTally,
  ) {}

  importSection(r: ByteReader): void {
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      const offset = r.pos;
      r.skip(r.u32());
      r.skip(r.u32());
      switch (r.u8()) {
        case KIND_FUNC:
          r.u32();
          break;
        case KIND_TABLE:
          this.limits.wideBound = false;
          this.tableType(readTableType(r, this.limits), offset, offset);
          break;
        case KIND_MEMORY:
          this.limits.wideBound = false;
          this.memoryType(readMemoryType(r, this.limits), offset);
          break;
        case KIND_GLOBAL: {
          const type = readGlobalType(r);
          this.globalType(type, offset);
          if (type.mutable) tallyFeature(this.tally, MUTABLE_GLOBAL, offset);
          break;
        }
        case KIND_TAG:
          tallyFeature(this.tally, EXCEPTIONS, offset);
          r.u8();
          r.u32();
          break;
        default:
          r.fail('malformed import kind', offset);
      }
    }
  }

  typeSection(r: ByteReader): void {
    const groups = r.u32();
    for (let g = 0; g < groups; g++) {
      if (peek(r) === 0x4e) {
        tallyFeature(this.tally, GC, r.pos);
        r.pos++;
        const count = r.u32();
        for (let i = 0; i < count; i++) this.subType(r);
      } else this.subType(r);
    }
  }

  private subType(r: ByteReader): void {
    const prefix = peek(r);
    if (prefix === 0x50 || prefix === 0x4f) {
      tallyFeature(this.tally, GC, r.pos);
      r.pos++;
      const supertypes = r.u32();
      for (let i = 0; i < supertypes; i++) r.u32();
    }
    const formOffset = r.pos;
    const form = r.u8();
    if (form === 0x60) {
      const params = r.u32();
      for (let i = 0; i < params; i++) this.valType(r);
      const results = r.u32();
      if (results > 1) tallyFeature(this.tally, MULTI_VALUE, formOffset);
      for (let i = 0; i < results; i++) this.valType(r);
    } else if (form === 0x5f || form === 0x5e) {
      tallyFeature(this.tally, GC, formOffset);
      const fields = form === 0x5f ? r.u32() : 1;
      for (let i = 0; i < fields; i++) {
        const at = r.pos;
        const storage = readStorageType(r);
        if (storage !== 'i8' && storage !== 'i16') this.tallyValType(storage, at);
        r.u8();
      }
    } else if (form === 0x5d) {
      r.u32(); // stack switching's `cont` is not a reported proposal
    } else r.fail(`malformed type form 0x${form.toString(16)}`, formOffset);
  }

  private valType(r: ByteReader): void {
    const at = r.pos;
    this.tallyValType(readValType(r), at);
  }

  private tallyValType(type: ValTypeInfo, offset: number): void {
    for (const feature of valTypeFeatures(type)) tallyFeature(this.tally, feature, offset);
  }

  tableSection(r: ByteReader): void {
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      const entryOffset = r.pos;
      const hasInit = peek(r) === 0x40;
      if (hasInit) {
        tallyFeature(this.tally, FUNCTION_REFERENCES, entryOffset);
        r.pos += 2;
      }
      const typeOffset = r.pos;
      this.limits.wideBound = false;
      this.tableType(readTableType(r, this.limits), typeOffset, entryOffset);
      if (hasInit) this.constExpr(r);
    }
  }

  /**
   * A table's element type (a `funcref` table is MVP), limits (64-bit, or a bound only a u64
   * holds, once per table), and whether it is not the first. Reads `this.limits`.
   */
  private tableType(type: TableTypeInfo, typeOffset: number, entryOffset: number): void {
    if (!isFuncref(type.element)) this.tallyValType(type.element, typeOffset);
    if (type.is64 || this.limits.wideBound) tallyFeature(this.tally, MEMORY64, entryOffset);
    if (type.shared) tallyFeature(this.tally, THREADS, entryOffset);
    if (this.tables++ > 0) tallyFeature(this.tally, REFERENCE_TYPES, entryOffset);
  }

  memorySection(r: ByteReader): void {
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      const offset = r.pos;
      this.limits.wideBound = false;
      this.memoryType(readMemoryType(r, this.limits), offset);
    }
  }

  /** A memory's limits (as for tables) and page size, and whether it is not the first. */
  private memoryType(type: MemoryTypeInfo, offset: number): void {
    if (type.is64 || this.limits.wideBound) tallyFeature(this.tally, MEMORY64, offset);
    if (type.shared) tallyFeature(this.tally, THREADS, offset);
    if (type.pageSizeLog2 !== undefined) tallyFeature(this.tally, CUSTOM_PAGE_SIZES, offset);
    if (this.memories++ > 0) tallyFeature(this.tally, MULTI_MEMORY, offset);
  }

  globalSection(r: ByteReader): void {
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      const offset = r.pos;
      this.globalType(readGlobalType(r), offset);
      this.constExpr(r);
    }
  }

  private globalType(type: GlobalTypeInfo, offset: number): void {
    this.tallyValType(type.type, offset);
    if (type.shared) tallyFeature(this.tally, THREADS, offset);
  }

  tagSection(r: ByteReader): void {
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      tallyFeature(this.tally, EXCEPTIONS, r.pos);
      r.u8();
      r.u32();
    }
  }

  /**
   * Reads the export section's bytes rather than `decodeExports`: tens of thousands of export
   * objects and names only to find the few globals and tags.
   */
  exportSection(r: ByteReader): void {
    const globalTypes = globalIndexSpace(this.info);
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      const offset = r.pos;
      r.skip(r.u32());
      const kind = r.u8();
      const index = r.u32();
      if (kind === KIND_TAG) tallyFeature(this.tally, EXCEPTIONS, offset);
      else if (kind === KIND_GLOBAL && globalTypes[index]?.mutable)
        tallyFeature(this.tally, MUTABLE_GLOBAL, offset);
    }
  }

  elemSegments(): void {
    const { info, tally } = this;
    for (const segment of info.elems) {
      // Flags with bit 0 (passive, declarative) or bit 1 (an explicit table index, which MVP
      // would read as table 2 or 6): before bulk memory the first field was a table index.
      if (segment.flags & 3) tallyFeature(tally, BULK_MEMORY, segment.offset);
      if (segment.offsetExpr) this.constExprAt(segment.offsetExpr);
      if (!isFuncref(segment.elementType)) this.tallyValType(segment.elementType, segment.offset);
      if (segment.itemKind === 'funcs') continue;
      tallyFeature(tally, REFERENCE_TYPES, segment.offset);
      const r = new ByteReader(info.bytes, segment.itemsOffset, segment.itemsEnd);
      r.section = 'elem';
      for (let i = 0; i < segment.count; i++) this.constExpr(r);
    }
  }

  dataSegments(): void {
    for (const segment of this.info.datas) {
      // Passive (1) and explicit-memory (2) flags; MVP read a memory index there.
      if (segment.flags !== 0) tallyFeature(this.tally, BULK_MEMORY, segment.offset);
      if (segment.memoryIndex !== 0) tallyFeature(this.tally, MULTI_MEMORY, segment.offset);
      if (segment.offsetExpr) this.constExprAt(segment.offsetExpr);
    }
  }

  private constExprAt(expr: ConstExpr): void {
    const r = new ByteReader(this.info.bytes, expr.offset, expr.end);
    r.section = 'const expr';
    walkConstExpr(r, this);
  }

  /** Walks one constant expression up to and including its `end`. */
  private constExpr(r: ByteReader): void {
    walkConstExpr(r, this);
  }

  // ConstExprUses: what the constant-expression walker reports.

  feature(feature: number, offset: number): void {
    tallyFeature(this.tally, feature, offset);
  }

  globalGet(index: number, offset: number): void {
    // MVP constant expressions may only read imported globals; GC lifted that.
    if (index >= this.info.importedGlobals) tallyFeature(this.tally, GC, offset);
  }

  refNull(heap: HeapTypeInfo, offset: number): void {
    // reference types itself is the instruction's own feature
    tallyMask(this.tally, heapTypeMask(heap), offset);
  }
}

function isFuncref(type: RefTypeInfo): boolean {
  return type.heap === 'func' && type.nullable;
}

/** The byte at the cursor, or -1 at the end of the range (never a byte of the next section). */
function peek(r: ByteReader): number {
  return r.pos < r.end ? r.bytes[r.pos] : -1;
}

/** The type of every global in index-space order: imports first, then definitions. */
function globalIndexSpace(info: ModuleInfo): GlobalTypeInfo[] {
  const types: GlobalTypeInfo[] = [];
  for (const entry of info.imports) if (entry.desc.kind === 'global') types.push(entry.desc.type);
  for (const global of info.globals) types.push(global.type);
  return types;
}

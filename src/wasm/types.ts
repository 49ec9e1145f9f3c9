/**
 * Plain-data description of a decoded module. Everything here is produced by `decodeModule`
 * and is safe to structured-clone (except `bytes`, which is the caller's buffer).
 */

/** Numeric and vector value types. */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

/** Abstract heap types, named as in the text format. */
export type AbstractHeapType =
  | 'func'
  | 'extern'
  | 'any'
  | 'eq'
  | 'i31'
  | 'struct'
  | 'array'
  | 'exn'
  | 'none'
  | 'nofunc'
  | 'noextern'
  | 'noexn';

/** A heap type: abstract, or a type index (a concrete type). */
export type HeapTypeInfo = AbstractHeapType | number;

/** A reference type. `funcref` is `{ heap: 'func', nullable: true }`. */
export interface RefTypeInfo {
  heap: HeapTypeInfo;
  nullable: boolean;
}

/** A value type. */
export type ValTypeInfo = NumType | RefTypeInfo;

/** A field's storage type (GC): a value type or a packed type. */
export type StorageType = ValTypeInfo | 'i8' | 'i16';

/** A struct field or array element. */
export interface FieldType {
  type: StorageType;
  mutable: boolean;
}

/** `(func (param …) (result …))` */
export interface FuncTypeInfo {
  kind: 'func';
  params: ValTypeInfo[];
  results: ValTypeInfo[];
}

/** `(struct (field …)*)` */
export interface StructTypeInfo {
  kind: 'struct';
  fields: FieldType[];
}

/** `(array (field …))` */
export interface ArrayTypeInfo {
  kind: 'array';
  element: FieldType;
}

/** `(cont $ft)` (stack switching): described, not rejected. */
export interface ContTypeInfo {
  kind: 'cont';
  funcTypeIndex: number;
}

/** A composite type. */
export type CompositeType = FuncTypeInfo | StructTypeInfo | ArrayTypeInfo | ContTypeInfo;

/** One entry of the type index space. */
export interface SubTypeInfo {
  composite: CompositeType;
  /** False only for `(sub $t …)` written without `final`. */
  final: boolean;
  /** Declared supertypes (type indices). */
  supertypes: number[];
  /** True when the binary used the `sub`/`sub final` prefix (0x50/0x4f). */
  explicitSub: boolean;
  /** Index into `ModuleInfo.recGroups` of the group holding this type. */
  recGroup: number;
}

/** A recursion group: `count` consecutive type indices starting at `firstType`. */
export interface RecGroupInfo {
  firstType: number;
  count: number;
  /** True when written as `(rec …)` (0x4e), false for a lone sub type. */
  explicit: boolean;
}

/** Table or memory limits. 64-bit limits beyond 2^53 lose precision (they never validate). */
export interface Limits {
  /** The initial size: elements of a table, pages of a memory. */
  min: number;
  /** The largest size it may grow to; absent when unbounded. */
  max?: number;
}

/**
 * A table's type: its element reference type and limits, in elements. `min`/`max` count
 * elements; `max` is absent when the table may grow without bound.
 */
export interface TableTypeInfo extends Limits {
  /** The reference type of the elements (`funcref` is `{ heap: 'func', nullable: true }`). */
  element: RefTypeInfo;
  /** True for a 64-bit table (memory64's `i64` address type, limits flag 0x04). */
  is64: boolean;
  /** True for a shared table (shared-everything threads, limits flag 0x02). */
  shared: boolean;
}

/**
 * A memory's type: limits in pages (64 KiB, or `2 ** pageSizeLog2` bytes with custom page
 * sizes). `max` is absent when the memory may grow up to the engine's limit.
 */
export interface MemoryTypeInfo extends Limits {
  /** True for a 64-bit memory (memory64's `i64` address type, limits flag 0x04). */
  is64: boolean;
  /** True for a shared memory (threads, limits flag 0x02); the format then requires a `max`. */
  shared: boolean;
  /** log2 of the page size when the custom-page-sizes proposal is used; otherwise undefined (64 KiB). */
  pageSizeLog2?: number;
}

/** A global's type: its value type and whether `global.set` may change it. */
export interface GlobalTypeInfo {
  type: ValTypeInfo;
  mutable: boolean;
  /** True for a shared global (shared-everything threads, flag 0x02). */
  shared: boolean;
}

/** An exception tag's type (exception handling): the function type of its payload. */
export interface TagTypeInfo {
  /** Always 0 (exception) today; any other value is malformed. */
  attribute: number;
  /** Index into `ModuleInfo.types` of a function type: its params are the payload, no results. */
  typeIndex: number;
}

/**
 * The byte range of a constant expression in `ModuleInfo.bytes`, including its final `end`
 * opcode: `offset` is its first instruction, `end` the position just after `end`. Decode it
 * with `decodeConstExpr`, print it with `printConstExpr`.
 */
export interface ConstExpr {
  offset: number;
  end: number;
}

/** What an import or export is: the five kinds of external value (`tag`: exception handling). */
export type ExternalKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

/**
 * What an import brings in, by kind: a function of a type in `ModuleInfo.types`, or a table,
 * memory, global or tag of the given type.
 */
export type ImportDesc =
  | { kind: 'func'; typeIndex: number }
  | { kind: 'table'; type: TableTypeInfo }
  | { kind: 'memory'; type: MemoryTypeInfo }
  | { kind: 'global'; type: GlobalTypeInfo }
  | { kind: 'tag'; type: TagTypeInfo };

/**
 * One entry of the import section. Imports come first in their index space: the `n`-th
 * function import is function `n`, and defined functions start at `ModuleInfo.importedFuncs`
 * (likewise for tables, memories, globals and tags).
 */
export interface ImportInfo {
  /** The first part of the import's name (`env` in `(import "env" "f" …)`). */
  module: string;
  /** The second part of the import's name (`f` in `(import "env" "f" …)`). */
  name: string;
  desc: ImportDesc;
  /** Offset in `ModuleInfo.bytes` of the import entry (where `module` starts). */
  offset: number;
}

/** One entry of the export section: a name for an item of one index space. */
export interface ExportInfo {
  name: string;
  kind: ExternalKind;
  /** Index in the index space of `kind`, imports included (function 0 is the first import). */
  index: number;
  /** Offset in `ModuleInfo.bytes` of the export entry (where `name` starts). */
  offset: number;
}

/** A table the module defines (not imported). */
export interface TableInfo {
  type: TableTypeInfo;
  /** Present for the `0x40 0x00` form (table with an initial expression). */
  init?: ConstExpr;
}

/** A global the module defines (not imported), with its initial value's expression. */
export interface GlobalInfo {
  type: GlobalTypeInfo;
  init: ConstExpr;
}

/**
 * How a segment is used: `active` segments are copied into a table or memory at
 * instantiation, `passive` ones only by `table.init`/`memory.init`, and `declarative` element
 * segments only declare functions that `ref.func` may name.
 */
export type SegmentMode = 'active' | 'passive' | 'declarative';

/** One element segment: references to put in a table, as function indices or expressions. */
export interface ElemSegmentInfo {
  mode: SegmentMode;
  /**
   * The encoding flag (0–7), so a printer can reproduce the original form. Bit 0: not
   * active; bit 1: an explicit table index (active) or declarative; bit 2: expression items.
   */
  flags: number;
  /** The table an active segment fills (0 when the encoding has no explicit index). */
  tableIndex: number;
  /** Active segments only: where in the table the items go. */
  offsetExpr?: ConstExpr;
  /** The reference type of the items (`funcref` for function-index items). */
  elementType: RefTypeInfo;
  /** `'funcs'`: items are function indices; `'exprs'`: items are constant expressions. */
  itemKind: 'funcs' | 'exprs';
  /** How many items the segment has. */
  count: number;
  /** Byte range of the items (decode lazily with `decodeElemItems`). */
  itemsOffset: number;
  itemsEnd: number;
  /** Offset in `ModuleInfo.bytes` of the segment (its flags). */
  offset: number;
}

/** One data segment: bytes to put in a memory. Its payload stays in `ModuleInfo.bytes`. */
export interface DataSegmentInfo {
  mode: 'active' | 'passive';
  /** The encoding flag: 0 active in memory 0, 1 passive, 2 active with an explicit memory. */
  flags: number;
  /** The memory an active segment fills (0 for flags 0 and 1). */
  memoryIndex: number;
  /** Active segments only: where in the memory the bytes go. */
  offsetExpr?: ConstExpr;
  /** Offset in `ModuleInfo.bytes` of the payload; `size` bytes long. */
  dataOffset: number;
  size: number;
  /** Offset in `ModuleInfo.bytes` of the segment (its flags). */
  offset: number;
}

/** A defined function: its type and where its body is (decoded on demand). */
export interface FunctionInfo {
  typeIndex: number;
  /** Offset of the body's size LEB. */
  bodyOffset: number;
  /** Offset just after the size LEB (where the locals start). */
  codeOffset: number;
  /** Absolute end of the body. */
  codeEnd: number;
}

/**
 * The defined functions as typed arrays: `typeIndices[i]` and, at `bodies[3 * i]`, the
 * `bodyOffset`, `codeOffset` and `codeEnd` of function `importedFuncs + i`.
 *
 * Bodies are located incrementally: only the first `located` entries of `bodies` are filled,
 * and `nextBody` is where the next body's size prefix starts. Walking all size prefixes of a
 * 30 MB code section touches a cache line per function, which would make `decodeModule` cost
 * as much as the rest of the module together; `definedFunction` walks only as far as it must.
 */
export interface FunctionLayout {
  typeIndices: Uint32Array;
  bodies: Uint32Array;
  located: number;
  nextBody: number;
  /** End of the code section's payload. */
  codeSectionEnd: number;
}

/** One section of the module, in the order of the binary (custom sections included). */
export interface SectionInfo {
  /** The section id byte: 0 custom, 1 type, 2 import, … 12 data count, 13 tag. */
  id: number;
  /** `type`, `import`, … or for custom sections `custom`. */
  kind: string;
  /** Custom sections: their name. Otherwise the same as `kind`. */
  name: string;
  /** Offset of the section id byte. */
  offset: number;
  /** Offset of the payload. */
  payloadOffset: number;
  /** Payload size in bytes. */
  size: number;
}

/** A map from index to name, as the name section stores it. */
export type NameMap = Map<number, string>;
/** A map from outer index to (inner index → name). */
export type IndirectNameMap = Map<number, NameMap>;

/** Everything the `name` custom section can say (each part optional). */
export interface NameSectionInfo {
  module?: string;
  functions: NameMap;
  locals: IndirectNameMap;
  labels: IndirectNameMap;
  types: NameMap;
  tables: NameMap;
  memories: NameMap;
  globals: NameMap;
  elems: NameMap;
  datas: NameMap;
  fields: IndirectNameMap;
  tags: NameMap;
  /** Set when the section was malformed; the parts read before the problem are kept. */
  error?: string;
}

/** The `producers` custom section: the languages, tools and SDKs that made the module. */
export interface ProducersInfo {
  /** field name (`language`, `processed-by`, `sdk`) → list of (name, version). */
  fields: Map<string, { name: string; version: string }[]>;
}

/** One entry of the `target_features` custom section (what LLVM compiled the module for). */
export interface TargetFeatureInfo {
  /** `+` used, `-` must not be used (disallowed), `=` required of every linked object. */
  prefix: string;
  /** The feature as LLVM names it (`bulk-memory`, `simd128`, `atomics`, …). */
  name: string;
}

/**
 * The `dylink.0` custom section (or the legacy `dylink`) of a dynamic library or side module,
 * as Emscripten's dynamic linking reads it.
 */
export interface DylinkInfo {
  /** Bytes of linear memory the module needs for its static data. */
  memorySize: number;
  /** Alignment of that memory, as a power of 2 (`3` means 8 bytes). */
  memoryAlignment: number;
  /** Table entries the module needs. */
  tableSize: number;
  /** Alignment of those entries, as a power of 2. */
  tableAlignment: number;
  /** Names of the dynamic libraries this one needs loaded first. */
  neededDynlibs: string[];
  /** Symbol flags of exports (`WASM_SYM_*`, e.g. TLS or weak binding). */
  exportInfo: { name: string; flags: number }[];
  /** Symbol flags of imports (`WASM_SYM_*`, e.g. weak binding). */
  importInfo: { module: string; field: string; flags: number }[];
}

/** A custom section: its name and where it is (the payload is not copied). */
export interface CustomSectionInfo {
  name: string;
  /** Offset in `ModuleInfo.bytes` of the section id byte. */
  offset: number;
  /** Offset of the payload after the name; `size` bytes long. */
  payloadOffset: number;
  size: number;
}

/**
 * Everything `decodeModule` read from a module, as plain data: sections, types, imports and
 * exports, the index spaces, segments, custom sections and names. Function bodies are not
 * decoded here: `decodeFunction`, `printFunction` and `scanFeatures` read them on demand.
 *
 * Offsets are byte positions in `bytes`. Indices follow the binary's index spaces: imports
 * first, then the module's own definitions (see `importedFuncs` and its siblings).
 *
 * Moving it to another context (`postMessage`, `structuredClone`) copies everything it holds,
 * `bytes` included (transfer the buffer to avoid that copy). Functions and exports are kept
 * as typed arrays (`functionLayout`, `exportOffsets`), so they clone as a few buffers, not as
 * an object per entry. Send `bytes` and decode in the receiving context, or send only what it
 * shows, when the module is large.
 */
export interface ModuleInfo {
  /** The module bytes (the caller's buffer; not copied). */
  bytes: Uint8Array;
  /** The binary format version: always 1 (a core module; components are refused). */
  version: number;
  /** Every section in the order of the binary, custom sections included. */
  sections: SectionInfo[];
  /** The type index space, one entry per type (recursion groups flattened). */
  types: SubTypeInfo[];
  /** The recursion groups (GC) the types form, in order; one per type without `rec`. */
  recGroups: RecGroupInfo[];
  /** The imports, in section order. */
  imports: ImportInfo[];
  /**
   * Counts of imported entities, i.e. where each index space's defined entries start:
   * function `importedFuncs` is the first defined one, table `importedTables` is `tables[0]`, and
   * so on.
   */
  importedFuncs: number;
  /** Imported tables: where the defined `tables` start in the table index space. */
  importedTables: number;
  /** Imported memories: where the defined `memories` start in the memory index space. */
  importedMemories: number;
  /** Imported globals: where the defined `globals` start in the global index space. */
  importedGlobals: number;
  /** Imported tags: where the defined `tags` start in the tag index space. */
  importedTags: number;
  /**
   * The defined functions, compactly (typed arrays, no object per function). Read them with
   * `definedFunction`, `definedFunctions` and `definedFunctionCount`.
   */
  functionLayout: FunctionLayout;
  /** Defined tables (index space position = importedTables + i). */
  tables: TableInfo[];
  /** Defined memories (index space position = importedMemories + i). */
  memories: MemoryTypeInfo[];
  /** Defined globals (index space position = importedGlobals + i). */
  globals: GlobalInfo[];
  /**
   * Where each export entry starts, in order (checked while decoding). Read the entries with
   * `decodeExports` and `exportCount`: modules with 65,000 exports are real, and a list of
   * objects would cost more than the bytes they come from, also to `structuredClone`.
   */
  exportOffsets: Uint32Array;
  /** The start function's index, when the module has a start section. */
  start?: number;
  /** The element segments, in section order (their items are decoded by `decodeElemItems`). */
  elems: ElemSegmentInfo[];
  /** The data segments, in section order (payloads stay in `bytes`). */
  datas: DataSegmentInfo[];
  /** The data count section's value, when present (bulk memory needs it for `memory.init`). */
  dataCount?: number;
  /** Defined tags (index space position = importedTags + i). */
  tags: TagTypeInfo[];
  /** What the `name` section says; empty maps when the module has none. */
  names: NameSectionInfo;
  /** The `producers` custom section, when present and well-formed. */
  producers?: ProducersInfo;
  /** The `target_features` custom section, when present and well-formed. */
  targetFeatures?: TargetFeatureInfo[];
  /** The `sourceMappingURL` custom section: where the module's source map is. */
  sourceMappingURL?: string;
  /** Hex string of the `build_id` section payload. */
  buildId?: string;
  /** The `dylink.0` (or legacy `dylink`) custom section, when present and well-formed. */
  dylink?: DylinkInfo;
  /** `.debug_*` sections (DWARF), listed with sizes. */
  debugSections: CustomSectionInfo[];
  /** Every custom section, in order (including the ones above). */
  customSections: CustomSectionInfo[];
}

/** Proposals `scanFeatures` can report, in report order. */
export const FEATURES = [
  'bulk-memory',
  'exceptions',
  'legacy-exceptions',
  'extended-const',
  'function-references',
  'gc',
  'memory64',
  'multi-memory',
  'multi-value',
  'mutable-global',
  'reference-types',
  'relaxed-simd',
  'saturating-float-to-int',
  'sign-extension',
  'simd',
  'tail-call',
  'threads',
  'custom-page-sizes',
] as const;

/** A proposal name (see `FEATURES`). */
export type Feature = (typeof FEATURES)[number];

/** One feature a module uses. */
export interface FeatureUse {
  feature: Feature;
  /** Byte offset of the first use found. */
  firstOffset: number;
  /** How many uses were found. */
  count: number;
}

/** What `scanFeatures` returns: the features used, in `FEATURES` order. */
export interface FeatureReport {
  used: FeatureUse[];
}

/** Position of each feature in `FEATURES`, for compact per-feature arrays. */
export const FEATURE_INDEX = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<
  Feature,
  number
>;

/**
 * Mutable per-feature counters filled while walking a module: `count[i]` uses of `FEATURES[i]`
 * and `first[i]` the smallest offset seen (Infinity when unused). Typed arrays keep the hot
 * loops free of allocation.
 */
export interface FeatureTally {
  count: Uint32Array;
  first: Float64Array;
}

/** A fresh, empty tally. */
export function newFeatureTally(): FeatureTally {
  return {
    count: new Uint32Array(FEATURES.length),
    first: new Float64Array(FEATURES.length).fill(Infinity),
  };
}

/** Records one use of feature index `feature` at `offset`. */
export function tallyFeature(tally: FeatureTally, feature: number, offset: number): void {
  tally.count[feature]++;
  if (offset < tally.first[feature]) tally.first[feature] = offset;
}

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
  min: number;
  max?: number;
}

export interface TableTypeInfo extends Limits {
  element: RefTypeInfo;
  is64: boolean;
  shared: boolean;
}

export interface MemoryTypeInfo extends Limits {
  is64: boolean;
  shared: boolean;
  /** log2 of the page size when the custom-page-sizes proposal is used; otherwise undefined (64 KiB). */
  pageSizeLog2?: number;
}

export interface GlobalTypeInfo {
  type: ValTypeInfo;
  mutable: boolean;
  shared: boolean;
}

export interface TagTypeInfo {
  /** Always 0 (exception) today. */
  attribute: number;
  typeIndex: number;
}

/** The byte range of a constant expression, including its final `end` opcode. */
export interface ConstExpr {
  offset: number;
  end: number;
}

export type ExternalKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export type ImportDesc =
  | { kind: 'func'; typeIndex: number }
  | { kind: 'table'; type: TableTypeInfo }
  | { kind: 'memory'; type: MemoryTypeInfo }
  | { kind: 'global'; type: GlobalTypeInfo }
  | { kind: 'tag'; type: TagTypeInfo };

export interface ImportInfo {
  module: string;
  name: string;
  desc: ImportDesc;
  /** Offset of the import entry. */
  offset: number;
}

export interface ExportInfo {
  name: string;
  kind: ExternalKind;
  index: number;
  offset: number;
}

export interface TableInfo {
  type: TableTypeInfo;
  /** Present for the `0x40 0x00` form (table with an initial expression). */
  init?: ConstExpr;
}

export interface GlobalInfo {
  type: GlobalTypeInfo;
  init: ConstExpr;
}

export type SegmentMode = 'active' | 'passive' | 'declarative';

export interface ElemSegmentInfo {
  mode: SegmentMode;
  /** The encoding flag (0–7), so a printer can reproduce the original form. */
  flags: number;
  tableIndex: number;
  /** Active segments only. */
  offsetExpr?: ConstExpr;
  elementType: RefTypeInfo;
  /** `'funcs'`: items are function indices; `'exprs'`: items are constant expressions. */
  itemKind: 'funcs' | 'exprs';
  count: number;
  /** Byte range of the items (decode lazily with `decodeElemItems`). */
  itemsOffset: number;
  itemsEnd: number;
  offset: number;
}

export interface DataSegmentInfo {
  mode: 'active' | 'passive';
  flags: number;
  memoryIndex: number;
  offsetExpr?: ConstExpr;
  /** Byte range of the payload. */
  dataOffset: number;
  size: number;
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

export interface SectionInfo {
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

export interface ProducersInfo {
  /** field name (`language`, `processed-by`, `sdk`) → list of (name, version). */
  fields: Map<string, { name: string; version: string }[]>;
}

export interface TargetFeatureInfo {
  /** `+`, `-` or `=` */
  prefix: string;
  name: string;
}

export interface DylinkInfo {
  memorySize: number;
  memoryAlignment: number;
  tableSize: number;
  tableAlignment: number;
  neededDynlibs: string[];
  exportInfo: { name: string; flags: number }[];
  importInfo: { module: string; field: string; flags: number }[];
}

export interface CustomSectionInfo {
  name: string;
  offset: number;
  payloadOffset: number;
  size: number;
}

export interface ModuleInfo {
  /** The module bytes (the caller's buffer; not copied). */
  bytes: Uint8Array;
  version: number;
  sections: SectionInfo[];
  types: SubTypeInfo[];
  recGroups: RecGroupInfo[];
  imports: ImportInfo[];
  /** Counts of imported entities, i.e. where each index space's defined entries start. */
  importedFuncs: number;
  importedTables: number;
  importedMemories: number;
  importedGlobals: number;
  importedTags: number;
  /**
   * The defined functions, compactly (typed arrays, no object per function). Read them with
   * `definedFunction`, `definedFunctions` and `definedFunctionCount`.
   */
  functionLayout: FunctionLayout;
  tables: TableInfo[];
  memories: MemoryTypeInfo[];
  globals: GlobalInfo[];
  /**
   * Where each export entry starts, in order (checked while decoding). Read the entries with
   * `decodeExports` and `exportCount`: modules with 65,000 exports are real, and a list of
   * objects would cost more than the bytes they come from, also to `structuredClone`.
   */
  exportOffsets: Uint32Array;
  start?: number;
  elems: ElemSegmentInfo[];
  datas: DataSegmentInfo[];
  dataCount?: number;
  tags: TagTypeInfo[];
  names: NameSectionInfo;
  producers?: ProducersInfo;
  targetFeatures?: TargetFeatureInfo[];
  sourceMappingURL?: string;
  /** Hex string of the `build_id` section payload. */
  buildId?: string;
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

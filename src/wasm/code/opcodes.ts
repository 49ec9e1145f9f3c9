/**
 * The instruction set of WebAssembly 3.0 (plus legacy exception handling and threads) as one
 * table: for every opcode its text name as wabt prints it, the shape of its immediates, the
 * proposal it belongs to, its part in the block structure, whether it may stand in a constant
 * expression and, for memory accesses, the natural alignment.
 *
 * Every walker reads this table instead of switching on opcodes of its own (as wasmparser's
 * `for_each_operator!` feeds its reader, validator and visitors): the instruction decoder, the
 * constant-expression walker, the feature scan's body walker and the printer. Lookups are typed
 * arrays indexed by opcode (one set per prefix byte), so no walker hashes strings or allocates
 * on its hot path.
 */
import { FEATURE_INDEX, type Feature } from '../types.ts';

/** Shapes of immediates. Numbers rather than strings so they fit a `Uint8Array`. */
export const Imm = {
  None: 0,
  /** Block type: `block`, `loop`, `if`, legacy `try`. */
  Block: 1,
  /** One label index: `br`, `br_if`, `br_on_null`, `br_on_non_null`, `rethrow`, `delegate`. */
  Label: 2,
  BrTable: 3,
  /** Function index: `call`, `return_call`, `ref.func`. */
  Func: 4,
  /** Type index then table index. */
  CallIndirect: 5,
  /** One type index: `call_ref`, `struct.new`, `array.get`, … */
  Type: 6,
  Local: 7,
  Global: 8,
  Table: 9,
  Memory: 10,
  MemArg: 11,
  MemArgLane: 12,
  I32: 13,
  I64: 14,
  F32: 15,
  F64: 16,
  V128: 17,
  Shuffle: 18,
  Lane: 19,
  /** Typed `select`: a vector of value types. */
  SelectTypes: 20,
  /** `ref.null`: a heap type. */
  HeapType: 21,
  /** `ref.test`/`ref.cast`: a heap type; nullability comes from the opcode. */
  RefType: 22,
  Tag: 23,
  TryTable: 24,
  /** Type index and field index: `struct.get*`, `struct.set`. */
  TypeField: 25,
  /** Type index and element count: `array.new_fixed`. */
  TypeCount: 26,
  /** Type index and data segment: `array.new_data`, `array.init_data`. */
  TypeData: 27,
  /** Type index and element segment: `array.new_elem`, `array.init_elem`. */
  TypeElem: 28,
  /** Two type indices: `array.copy`. */
  TypeType: 29,
  /** Data segment then memory: `memory.init`. */
  MemoryInit: 30,
  /** Destination and source memories: `memory.copy`. */
  MemoryCopy: 31,
  /** Element segment then table: `table.init`. */
  TableInit: 32,
  /** Destination and source tables: `table.copy`. */
  TableCopy: 33,
  Data: 34,
  Elem: 35,
  /** Flags, label and two heap types: `br_on_cast`, `br_on_cast_fail`. */
  BrOnCast: 36,
  /** A reserved zero byte: `atomic.fence`. */
  ZeroByte: 37,
} as const;

/** One of the `Imm` values. */
export type ImmKind = (typeof Imm)[keyof typeof Imm];

/**
 * Immediates whose indices were reserved 0x00 bytes until a proposal made them indices, with
 * that proposal: written any other way (another index, or a zero padded to several bytes as
 * linkers do) they need it. The memarg's memory index (multi-memory, flagged by bit 6 of the
 * alignment) and its u64 offset (memory64) change the encoding in other ways; see
 * `scanFeatures`.
 */
export const ONCE_RESERVED_INDEX: Partial<Record<ImmKind, Feature>> = {
  /** `call_indirect`, `return_call_indirect`: the table. */
  [Imm.CallIndirect]: 'reference-types',
  /** `memory.size`, `memory.grow`, `memory.fill`: the memory. */
  [Imm.Memory]: 'multi-memory',
  /** `memory.init`: the memory (bulk memory reserved the byte). */
  [Imm.MemoryInit]: 'multi-memory',
  /** `memory.copy`: both memories. */
  [Imm.MemoryCopy]: 'multi-memory',
  /** `table.init`: the table (bulk memory reserved the byte until reference types). */
  [Imm.TableInit]: 'reference-types',
  /** `table.copy`: both tables. */
  [Imm.TableCopy]: 'reference-types',
};

/** An instruction's part in the block structure. */
export const Control = {
  None: 0,
  /** Opens a block that an `end` closes: `block`, `loop`, `if`, `try`, `try_table`. */
  Open: 1,
  /** Starts another arm of the open block: `else`, `catch`, `catch_all`. */
  Arm: 2,
  /** Closes the innermost block, or the function body: `end`. */
  End: 3,
  /** Closes a `try` block, but never a function body: `delegate`. */
  Delegate: 4,
} as const;

/** One of the `Control` values. */
export type ControlKind = (typeof Control)[keyof typeof Control];

/** The prefix bytes of multi-byte opcodes. */
export const PREFIX_GC = 0xfb;
/** Saturating conversions, bulk memory and table instructions. */
export const PREFIX_MISC = 0xfc;
/** SIMD and relaxed SIMD. */
export const PREFIX_SIMD = 0xfd;
/** Threads (atomics). */
export const PREFIX_ATOMIC = 0xfe;

/** One instruction of the table. */
export interface OpcodeInfo {
  /** 0 for single-byte opcodes, else the prefix byte. */
  prefix: number;
  opcode: number;
  /** wabt's text name. */
  name: string;
  imm: ImmKind;
  /** The proposal that introduced it; null for the MVP. */
  feature: Feature | null;
  /** log2 of the natural alignment, for memory accesses (else 0). */
  naturalAlignLog2: number;
  /** Its part in the block structure. */
  control: ControlKind;
  /** A second proposal it needs besides `feature` (`return_call_ref`: function references). */
  alsoNeeds: Feature | null;
  /** Whether a constant expression may hold it (see `markConstExpr` in this file). */
  inConstExpr: boolean;
  /**
   * The proposal it needs inside a constant expression, where that differs from `feature`
   * (`i32.add`: extended-const); immediates can add more (`global.get`, `ref.null`).
   */
  constFeature: Feature | null;
}

/** Per-prefix lookup arrays, indexed by the (sub)opcode. */
export interface OpcodeSpace {
  /** Text names; undefined for unassigned opcodes. */
  readonly names: (string | undefined)[];
  /** Immediate kind of each opcode; 255 for unassigned. */
  readonly imm: Uint8Array;
  /** Feature index (`FEATURE_INDEX`) of each opcode; -1 for MVP or unassigned. */
  readonly feature: Int8Array;
  /** log2 natural alignment of memory accesses. */
  readonly alignLog2: Uint8Array;
  /** `Control` value of each opcode. */
  readonly control: Uint8Array;
  /** Feature index of a second proposal the opcode needs; -1 for none. */
  readonly alsoNeeds: Int8Array;
  /** 1 for opcodes a constant expression may hold. */
  readonly inConstExpr: Uint8Array;
  /** Feature index the opcode needs in a constant expression; -1 for none. */
  readonly constFeature: Int8Array;
}

/** `imm` value marking an unassigned opcode. */
export const IMM_INVALID = 255;

function newSpace(size: number): OpcodeSpace {
  return {
    names: new Array<string | undefined>(size).fill(undefined),
    imm: new Uint8Array(size).fill(IMM_INVALID),
    feature: new Int8Array(size).fill(-1),
    alignLog2: new Uint8Array(size),
    control: new Uint8Array(size),
    alsoNeeds: new Int8Array(size).fill(-1),
    inConstExpr: new Uint8Array(size),
    constFeature: new Int8Array(size).fill(-1),
  };
}

/** Single-byte opcodes. */
export const SINGLE_BYTE = newSpace(256);
/** 0xFB prefix (GC). */
export const GC_SPACE = newSpace(32);
/** 0xFC prefix. */
export const MISC_SPACE = newSpace(32);
/** 0xFD prefix (SIMD, relaxed SIMD up to 0x113). */
export const SIMD_SPACE = newSpace(0x114);
/** 0xFE prefix (atomics). */
export const ATOMIC_SPACE = newSpace(0x4f);

/** Every instruction, in table order. */
export const OPCODES: OpcodeInfo[] = [];

/** The lookup arrays for a prefix (0 for single-byte opcodes), or undefined. */
export function opcodeSpace(prefix: number): OpcodeSpace | undefined {
  switch (prefix) {
    case 0:
      return SINGLE_BYTE;
    case PREFIX_GC:
      return GC_SPACE;
    case PREFIX_MISC:
      return MISC_SPACE;
    case PREFIX_SIMD:
      return SIMD_SPACE;
    case PREFIX_ATOMIC:
      return ATOMIC_SPACE;
    default:
      return undefined;
  }
}

/** The table entry of an instruction, or undefined when the opcode is unassigned. */
export function lookupOpcode(prefix: number, opcode: number): OpcodeInfo | undefined {
  return OPCODE_BY_KEY.get(prefix * 0x10000 + opcode);
}

const OPCODE_BY_KEY = new Map<number, OpcodeInfo>();

function def(
  prefix: number,
  opcode: number,
  name: string,
  imm: ImmKind,
  feature: Feature | null,
  naturalAlignLog2 = 0,
): void {
  const space = opcodeSpace(prefix)!;
  space.names[opcode] = name;
  space.imm[opcode] = imm;
  space.feature[opcode] = feature === null ? -1 : FEATURE_INDEX[feature];
  space.alignLog2[opcode] = naturalAlignLog2;
  // Every block opener, and nothing else, carries a block type.
  const control = imm === Imm.Block || imm === Imm.TryTable ? Control.Open : Control.None;
  space.control[opcode] = control;
  const info: OpcodeInfo = {
    prefix,
    opcode,
    name,
    imm,
    feature,
    naturalAlignLog2,
    control,
    alsoNeeds: null,
    inConstExpr: false,
    constFeature: null,
  };
  OPCODES.push(info);
  OPCODE_BY_KEY.set(prefix * 0x10000 + opcode, info);
}

/** Sets the block-structure role of a single-byte opcode that does not open a block. */
function markControl(opcode: number, control: ControlKind): void {
  SINGLE_BYTE.control[opcode] = control;
  lookupOpcode(0, opcode)!.control = control;
}

/** Records a second proposal an instruction needs besides its own. */
function markAlsoNeeds(prefix: number, opcode: number, feature: Feature): void {
  opcodeSpace(prefix)!.alsoNeeds[opcode] = FEATURE_INDEX[feature];
  lookupOpcode(prefix, opcode)!.alsoNeeds = feature;
}

/**
 * Lets constant expressions hold the instructions `first` to `last`, each needing `feature`
 * there (null: nothing beyond what its immediates say).
 */
function markConstExpr(prefix: number, first: number, last: number, feature: Feature | null): void {
  const space = opcodeSpace(prefix)!;
  for (let opcode = first; opcode <= last; opcode++) {
    const info = lookupOpcode(prefix, opcode)!;
    space.inConstExpr[opcode] = 1;
    space.constFeature[opcode] = feature === null ? -1 : FEATURE_INDEX[feature];
    info.inConstExpr = true;
    info.constFeature = feature;
  }
}

/** Defines consecutive immediate-free opcodes starting at `first`. */
function defRun(
  prefix: number,
  first: number,
  names: string,
  feature: Feature | null,
  imm: ImmKind = Imm.None,
): void {
  names
    .trim()
    .split(/\s+/)
    .forEach((name, i) => {
      if (name !== '-') def(prefix, first + i, name, imm, feature);
    });
}

// --- single-byte: control ---
def(0, 0x00, 'unreachable', Imm.None, null);
def(0, 0x01, 'nop', Imm.None, null);
def(0, 0x02, 'block', Imm.Block, null);
def(0, 0x03, 'loop', Imm.Block, null);
def(0, 0x04, 'if', Imm.Block, null);
def(0, 0x05, 'else', Imm.None, null);
def(0, 0x06, 'try', Imm.Block, 'legacy-exceptions');
def(0, 0x07, 'catch', Imm.Tag, 'legacy-exceptions');
def(0, 0x08, 'throw', Imm.Tag, 'exceptions');
def(0, 0x09, 'rethrow', Imm.Label, 'legacy-exceptions');
def(0, 0x0a, 'throw_ref', Imm.None, 'exceptions');
def(0, 0x0b, 'end', Imm.None, null);
def(0, 0x0c, 'br', Imm.Label, null);
def(0, 0x0d, 'br_if', Imm.Label, null);
def(0, 0x0e, 'br_table', Imm.BrTable, null);
def(0, 0x0f, 'return', Imm.None, null);
def(0, 0x10, 'call', Imm.Func, null);
def(0, 0x11, 'call_indirect', Imm.CallIndirect, null);
def(0, 0x12, 'return_call', Imm.Func, 'tail-call');
def(0, 0x13, 'return_call_indirect', Imm.CallIndirect, 'tail-call');
def(0, 0x14, 'call_ref', Imm.Type, 'function-references');
def(0, 0x15, 'return_call_ref', Imm.Type, 'tail-call');
def(0, 0x18, 'delegate', Imm.Label, 'legacy-exceptions');
def(0, 0x19, 'catch_all', Imm.None, 'legacy-exceptions');
def(0, 0x1a, 'drop', Imm.None, null);
def(0, 0x1b, 'select', Imm.None, null);
def(0, 0x1c, 'select', Imm.SelectTypes, 'reference-types');
def(0, 0x1f, 'try_table', Imm.TryTable, 'exceptions');
// --- variables ---
def(0, 0x20, 'local.get', Imm.Local, null);
def(0, 0x21, 'local.set', Imm.Local, null);
def(0, 0x22, 'local.tee', Imm.Local, null);
def(0, 0x23, 'global.get', Imm.Global, null);
def(0, 0x24, 'global.set', Imm.Global, null);
def(0, 0x25, 'table.get', Imm.Table, 'reference-types');
def(0, 0x26, 'table.set', Imm.Table, 'reference-types');
// --- memory ---
const LOADS_STORES: [string, number][] = [
  ['i32.load', 2],
  ['i64.load', 3],
  ['f32.load', 2],
  ['f64.load', 3],
  ['i32.load8_s', 0],
  ['i32.load8_u', 0],
  ['i32.load16_s', 1],
  ['i32.load16_u', 1],
  ['i64.load8_s', 0],
  ['i64.load8_u', 0],
  ['i64.load16_s', 1],
  ['i64.load16_u', 1],
  ['i64.load32_s', 2],
  ['i64.load32_u', 2],
  ['i32.store', 2],
  ['i64.store', 3],
  ['f32.store', 2],
  ['f64.store', 3],
  ['i32.store8', 0],
  ['i32.store16', 1],
  ['i64.store8', 0],
  ['i64.store16', 1],
  ['i64.store32', 2],
];
LOADS_STORES.forEach(([name, align], i) => def(0, 0x28 + i, name, Imm.MemArg, null, align));
def(0, 0x3f, 'memory.size', Imm.Memory, null);
def(0, 0x40, 'memory.grow', Imm.Memory, null);
def(0, 0x41, 'i32.const', Imm.I32, null);
def(0, 0x42, 'i64.const', Imm.I64, null);
def(0, 0x43, 'f32.const', Imm.F32, null);
def(0, 0x44, 'f64.const', Imm.F64, null);
// --- numeric (0x45–0xbf) ---
const INT_COMPARE = 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u';
const FLOAT_COMPARE = 'eq ne lt gt le ge';
const INT_UNARY_BINARY =
  'clz ctz popcnt add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr';
const FLOAT_UNARY_BINARY = 'abs neg ceil floor trunc nearest sqrt add sub mul div min max copysign';
const prefixed = (type: string, ops: string) =>
  ops
    .split(' ')
    .map((op) => `${type}.${op}`)
    .join(' ');
defRun(0, 0x45, `i32.eqz ${prefixed('i32', INT_COMPARE)}`, null);
defRun(0, 0x50, `i64.eqz ${prefixed('i64', INT_COMPARE)}`, null);
defRun(0, 0x5b, prefixed('f32', FLOAT_COMPARE), null);
defRun(0, 0x61, prefixed('f64', FLOAT_COMPARE), null);
defRun(0, 0x67, prefixed('i32', INT_UNARY_BINARY), null);
defRun(0, 0x79, prefixed('i64', INT_UNARY_BINARY), null);
defRun(0, 0x8b, prefixed('f32', FLOAT_UNARY_BINARY), null);
defRun(0, 0x99, prefixed('f64', FLOAT_UNARY_BINARY), null);
defRun(
  0,
  0xa7,
  `i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
   i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s
   i64.trunc_f64_u f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u
   f32.demote_f64 f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u
   f64.promote_f32 i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32
   f64.reinterpret_i64`,
  null,
);
defRun(
  0,
  0xc0,
  'i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s',
  'sign-extension',
);
// --- references ---
def(0, 0xd0, 'ref.null', Imm.HeapType, 'reference-types');
def(0, 0xd1, 'ref.is_null', Imm.None, 'reference-types');
def(0, 0xd2, 'ref.func', Imm.Func, 'reference-types');
def(0, 0xd3, 'ref.eq', Imm.None, 'gc');
def(0, 0xd4, 'ref.as_non_null', Imm.None, 'function-references');
def(0, 0xd5, 'br_on_null', Imm.Label, 'function-references');
def(0, 0xd6, 'br_on_non_null', Imm.Label, 'function-references');
// --- block structure beyond the openers ---
markControl(0x05, Control.Arm); // else
markControl(0x07, Control.Arm); // catch
markControl(0x19, Control.Arm); // catch_all
markControl(0x0b, Control.End);
markControl(0x18, Control.Delegate);
// --- instructions that need a second proposal ---
markAlsoNeeds(0, 0x15, 'function-references'); // return_call_ref: a tail call through a typed reference

// --- 0xFB: GC ---
const G = PREFIX_GC;
def(G, 0, 'struct.new', Imm.Type, 'gc');
def(G, 1, 'struct.new_default', Imm.Type, 'gc');
def(G, 2, 'struct.get', Imm.TypeField, 'gc');
def(G, 3, 'struct.get_s', Imm.TypeField, 'gc');
def(G, 4, 'struct.get_u', Imm.TypeField, 'gc');
def(G, 5, 'struct.set', Imm.TypeField, 'gc');
def(G, 6, 'array.new', Imm.Type, 'gc');
def(G, 7, 'array.new_default', Imm.Type, 'gc');
def(G, 8, 'array.new_fixed', Imm.TypeCount, 'gc');
def(G, 9, 'array.new_data', Imm.TypeData, 'gc');
def(G, 10, 'array.new_elem', Imm.TypeElem, 'gc');
def(G, 11, 'array.get', Imm.Type, 'gc');
def(G, 12, 'array.get_s', Imm.Type, 'gc');
def(G, 13, 'array.get_u', Imm.Type, 'gc');
def(G, 14, 'array.set', Imm.Type, 'gc');
def(G, 15, 'array.len', Imm.None, 'gc');
def(G, 16, 'array.fill', Imm.Type, 'gc');
def(G, 17, 'array.copy', Imm.TypeType, 'gc');
def(G, 18, 'array.init_data', Imm.TypeData, 'gc');
def(G, 19, 'array.init_elem', Imm.TypeElem, 'gc');
def(G, 20, 'ref.test', Imm.RefType, 'gc');
def(G, 21, 'ref.test', Imm.RefType, 'gc');
def(G, 22, 'ref.cast', Imm.RefType, 'gc');
def(G, 23, 'ref.cast', Imm.RefType, 'gc');
def(G, 24, 'br_on_cast', Imm.BrOnCast, 'gc');
def(G, 25, 'br_on_cast_fail', Imm.BrOnCast, 'gc');
defRun(G, 26, 'any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u', 'gc');

// --- 0xFC: saturating conversions, bulk memory, tables ---
const M = PREFIX_MISC;
defRun(
  M,
  0,
  `i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
   i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u`,
  'saturating-float-to-int',
);
def(M, 8, 'memory.init', Imm.MemoryInit, 'bulk-memory');
def(M, 9, 'data.drop', Imm.Data, 'bulk-memory');
def(M, 10, 'memory.copy', Imm.MemoryCopy, 'bulk-memory');
def(M, 11, 'memory.fill', Imm.Memory, 'bulk-memory');
def(M, 12, 'table.init', Imm.TableInit, 'bulk-memory');
def(M, 13, 'elem.drop', Imm.Elem, 'bulk-memory');
def(M, 14, 'table.copy', Imm.TableCopy, 'bulk-memory');
def(M, 15, 'table.grow', Imm.Table, 'reference-types');
def(M, 16, 'table.size', Imm.Table, 'reference-types');
def(M, 17, 'table.fill', Imm.Table, 'reference-types');

// --- 0xFD: SIMD ---
const S = PREFIX_SIMD;
const SIMD_LOADS: [string, number][] = [
  ['v128.load', 4],
  ['v128.load8x8_s', 3],
  ['v128.load8x8_u', 3],
  ['v128.load16x4_s', 3],
  ['v128.load16x4_u', 3],
  ['v128.load32x2_s', 3],
  ['v128.load32x2_u', 3],
  ['v128.load8_splat', 0],
  ['v128.load16_splat', 1],
  ['v128.load32_splat', 2],
  ['v128.load64_splat', 3],
  ['v128.store', 4],
];
SIMD_LOADS.forEach(([name, align], i) => def(S, i, name, Imm.MemArg, 'simd', align));
def(S, 0x0c, 'v128.const', Imm.V128, 'simd');
def(S, 0x0d, 'i8x16.shuffle', Imm.Shuffle, 'simd');
defRun(S, 0x0e, 'i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat', 'simd');
defRun(S, 0x13, 'f32x4.splat f64x2.splat', 'simd');
defRun(
  S,
  0x15,
  `i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane i16x8.extract_lane_s
   i16x8.extract_lane_u i16x8.replace_lane i32x4.extract_lane i32x4.replace_lane
   i64x2.extract_lane i64x2.replace_lane f32x4.extract_lane f32x4.replace_lane
   f64x2.extract_lane f64x2.replace_lane`,
  'simd',
  Imm.Lane,
);
defRun(S, 0x23, prefixed('i8x16', INT_COMPARE), 'simd');
defRun(S, 0x2d, prefixed('i16x8', INT_COMPARE), 'simd');
defRun(S, 0x37, prefixed('i32x4', INT_COMPARE), 'simd');
defRun(S, 0x41, prefixed('f32x4', FLOAT_COMPARE), 'simd');
defRun(S, 0x47, prefixed('f64x2', FLOAT_COMPARE), 'simd');
defRun(
  S,
  0x4d,
  'v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true',
  'simd',
);
const SIMD_LANE_ACCESS: [string, number][] = [
  ['v128.load8_lane', 0],
  ['v128.load16_lane', 1],
  ['v128.load32_lane', 2],
  ['v128.load64_lane', 3],
  ['v128.store8_lane', 0],
  ['v128.store16_lane', 1],
  ['v128.store32_lane', 2],
  ['v128.store64_lane', 3],
];
SIMD_LANE_ACCESS.forEach(([name, align], i) =>
  def(S, 0x54 + i, name, Imm.MemArgLane, 'simd', align),
);
def(S, 0x5c, 'v128.load32_zero', Imm.MemArg, 'simd', 2);
def(S, 0x5d, 'v128.load64_zero', Imm.MemArg, 'simd', 3);
defRun(
  S,
  0x5e,
  `f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
   i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true i8x16.bitmask i8x16.narrow_i16x8_s
   i8x16.narrow_i16x8_u f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest i8x16.shl i8x16.shr_s
   i8x16.shr_u i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s
   i8x16.sub_sat_u f64x2.ceil f64x2.floor i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u
   f64x2.trunc i8x16.avgr_u i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u
   i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u`,
  'simd',
);
defRun(
  S,
  0x80,
  `i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask i16x8.narrow_i32x4_s
   i16x8.narrow_i32x4_u i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s
   i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u i16x8.shl i16x8.shr_s i16x8.shr_u
   i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u
   f64x2.nearest i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u - i16x8.avgr_u
   i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u
   i16x8.extmul_high_i8x16_u`,
  'simd',
);
defRun(
  S,
  0xa0,
  `i32x4.abs i32x4.neg - i32x4.all_true i32x4.bitmask - - i32x4.extend_low_i16x8_s
   i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u i32x4.shl
   i32x4.shr_s i32x4.shr_u i32x4.add - - i32x4.sub - - - i32x4.mul i32x4.min_s i32x4.min_u
   i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s - i32x4.extmul_low_i16x8_s
   i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u`,
  'simd',
);
defRun(
  S,
  0xc0,
  `i64x2.abs i64x2.neg - i64x2.all_true i64x2.bitmask - - i64x2.extend_low_i32x4_s
   i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u i64x2.shl
   i64x2.shr_s i64x2.shr_u i64x2.add - - i64x2.sub - - - i64x2.mul i64x2.eq i64x2.ne
   i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s i64x2.extmul_low_i32x4_s
   i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u`,
  'simd',
);
defRun(
  S,
  0xe0,
  `f32x4.abs f32x4.neg - f32x4.sqrt f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min
   f32x4.max f32x4.pmin f32x4.pmax f64x2.abs f64x2.neg - f64x2.sqrt f64x2.add f64x2.sub
   f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax i32x4.trunc_sat_f32x4_s
   i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u
   i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero f64x2.convert_low_i32x4_s
   f64x2.convert_low_i32x4_u`,
  'simd',
);
defRun(
  S,
  0x100,
  `i8x16.relaxed_swizzle i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u
   i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero f32x4.relaxed_madd
   f32x4.relaxed_nmadd f64x2.relaxed_madd f64x2.relaxed_nmadd i8x16.relaxed_laneselect
   i16x8.relaxed_laneselect i32x4.relaxed_laneselect i64x2.relaxed_laneselect
   f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min f64x2.relaxed_max
   i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s
   i32x4.relaxed_dot_i8x16_i7x16_add_s`,
  'relaxed-simd',
);

// --- 0xFE: threads ---
const A = PREFIX_ATOMIC;
def(A, 0x00, 'memory.atomic.notify', Imm.MemArg, 'threads', 2);
def(A, 0x01, 'memory.atomic.wait32', Imm.MemArg, 'threads', 2);
def(A, 0x02, 'memory.atomic.wait64', Imm.MemArg, 'threads', 3);
def(A, 0x03, 'atomic.fence', Imm.ZeroByte, 'threads');
const ATOMIC_ACCESS: [string, number][] = [
  ['i32.atomic.load', 2],
  ['i64.atomic.load', 3],
  ['i32.atomic.load8_u', 0],
  ['i32.atomic.load16_u', 1],
  ['i64.atomic.load8_u', 0],
  ['i64.atomic.load16_u', 1],
  ['i64.atomic.load32_u', 2],
  ['i32.atomic.store', 2],
  ['i64.atomic.store', 3],
  ['i32.atomic.store8', 0],
  ['i32.atomic.store16', 1],
  ['i64.atomic.store8', 0],
  ['i64.atomic.store16', 1],
  ['i64.atomic.store32', 2],
];
ATOMIC_ACCESS.forEach(([name, align], i) => def(A, 0x10 + i, name, Imm.MemArg, 'threads', align));
const RMW_WIDTHS: [string, string, number][] = [
  ['i32.atomic.rmw', '', 2],
  ['i64.atomic.rmw', '', 3],
  ['i32.atomic.rmw8', '_u', 0],
  ['i32.atomic.rmw16', '_u', 1],
  ['i64.atomic.rmw8', '_u', 0],
  ['i64.atomic.rmw16', '_u', 1],
  ['i64.atomic.rmw32', '_u', 2],
];
['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'].forEach((op, group) =>
  RMW_WIDTHS.forEach(([base, suffix, align], i) =>
    def(A, 0x1e + group * 7 + i, `${base}.${op}${suffix}`, Imm.MemArg, 'threads', align),
  ),
);

// --- constant expressions ---
// The constant instructions of WebAssembly 3.0 with extended-const, with the proposal each
// needs there. `global.get` is MVP for imported globals and GC for defined ones, `ref.null`
// needs what its heap type needs: the constant-expression walker reads that from immediates.
markConstExpr(0, 0x41, 0x44, null); // i32/i64/f32/f64.const
markConstExpr(0, 0x23, 0x23, null); // global.get
markConstExpr(0, 0xd0, 0xd0, 'reference-types'); // ref.null
markConstExpr(0, 0xd2, 0xd2, 'reference-types'); // ref.func
markConstExpr(0, 0x6a, 0x6c, 'extended-const'); // i32.add, i32.sub, i32.mul
markConstExpr(0, 0x7c, 0x7e, 'extended-const'); // i64.add, i64.sub, i64.mul
markConstExpr(S, 0x0c, 0x0c, 'simd'); // v128.const
markConstExpr(G, 0, 1, 'gc'); // struct.new, struct.new_default
markConstExpr(G, 6, 8, 'gc'); // array.new, array.new_default, array.new_fixed
markConstExpr(G, 26, 28, 'gc'); // any.convert_extern, extern.convert_any, ref.i31
// Well formed but not constant, so invalid rather than malformed: the decoder reads them, as
// the spec suite's `assert_invalid` modules hold them (`(global i32 (nop))`, `(local.get 0)`,
// `(i32.ctz …)`, GC drafts' `array.new_data`), and validation is not the decoder's job.
markConstExpr(0, 0x00, 0x01, null); // unreachable, nop
markConstExpr(0, 0x1a, 0x1b, null); // drop, select
markConstExpr(0, 0x20, 0x22, null); // local.get, local.set, local.tee
markConstExpr(0, 0x24, 0x24, null); // global.set
markConstExpr(0, 0x45, 0x69, null); // numeric operators before i32.add
markConstExpr(0, 0x6d, 0x7b, null); // … between the extended-const ones
markConstExpr(0, 0x7f, 0xc4, null); // … and after them (sign extension included)
markConstExpr(0, 0xd1, 0xd1, null); // ref.is_null
markConstExpr(0, 0xd3, 0xd3, null); // ref.eq
markConstExpr(G, 9, 10, 'gc'); // array.new_data, array.new_elem

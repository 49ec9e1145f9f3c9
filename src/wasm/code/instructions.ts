/**
 * On-demand decoding of instruction sequences: one function body, one constant expression, or
 * any byte range. Modules of tens of megabytes are never decoded whole; the panel asks for the
 * function it shows.
 */
import { definedFunction, definedFunctionCount } from './function-table.ts';
import { WasmDecodeError, ByteReader, readHeapType, readValType } from '../binary/index.ts';
import {
  Control,
  IMM_INVALID,
  Imm,
  PREFIX_ATOMIC,
  PREFIX_GC,
  SINGLE_BYTE,
  opcodeSpace,
} from './opcodes.ts';
import type { ConstExpr, HeapTypeInfo, ModuleInfo, RefTypeInfo, ValTypeInfo } from '../types.ts';

/**
 * A block's type: `'empty'` (no parameters, no results), one result type, or a type index
 * (the parameters and results of that function type; multi-value).
 */
export type BlockType =
  | 'empty'
  | ValTypeInfo
  | {
      /** Index of the block's function type in the type section. */
      typeIndex: number;
    };

/** A memory access immediate. */
export interface MemArg {
  /** log2 of the alignment hint as encoded. */
  alignLog2: number;
  /** Static offset; a bigint only when it exceeds 2^53 (memory64). */
  offset: number | bigint;
  /** The memory accessed: 0 unless the flags name another (multi-memory). */
  memory: number;
}

/** One catch clause of `try_table`. */
export interface CatchClause {
  /** Which exceptions it catches (`catch_all*`: every one) and whether it pushes an `exnref` (`*_ref`). */
  kind: 'catch' | 'catch_ref' | 'catch_all' | 'catch_all_ref';
  /** Tag index; -1 for `catch_all`/`catch_all_ref`. */
  tag: number;
  /** Relative depth of the label it branches to. */
  label: number;
}

/**
 * The immediates of an instruction, discriminated by `kind`. Indices are the module's index
 * spaces (imports first); labels are relative depths, as encoded.
 */
export type Immediate =
  | {
      /** No immediates. */
      kind: 'none';
    }
  | {
      /** `block`, `loop`, `if`, `try`. */
      kind: 'block';
      /** The block's type. */
      type: BlockType;
    }
  | {
      /** `br`, `br_if`, `br_on_null`, `br_on_non_null`, `rethrow`, `delegate`. */
      kind: 'label';
      /** Relative depth of the target label. */
      label: number;
    }
  | {
      /** `br_table`. */
      kind: 'brTable';
      /** Relative depths of the targets, by operand value. */
      labels: number[];
      /** Relative depth of the target for any other value. */
      defaultLabel: number;
    }
  | {
      /** `call`, `return_call`, `ref.func`. */
      kind: 'func';
      /** Function index. */
      func: number;
    }
  | {
      /** `call_indirect`, `return_call_indirect`. */
      kind: 'callIndirect';
      /** Index of the expected function type. */
      type: number;
      /** Table index. */
      table: number;
    }
  | {
      /** `call_ref`, `return_call_ref`, and GC instructions naming one type. */
      kind: 'type';
      /** Type index. */
      type: number;
    }
  | {
      /** `local.get`, `local.set`, `local.tee`. */
      kind: 'local';
      /** Local index (parameters first). */
      local: number;
    }
  | {
      /** `global.get`, `global.set`. */
      kind: 'global';
      /** Global index. */
      global: number;
    }
  | {
      /** `table.get`, `table.set`, `table.grow`, `table.size`, `table.fill`. */
      kind: 'table';
      /** Table index. */
      table: number;
    }
  | {
      /** `memory.size`, `memory.grow`, `memory.fill`. */
      kind: 'memory';
      /** Memory index. */
      memory: number;
    }
  | {
      /** Loads, stores and atomics. */
      kind: 'memarg';
      /** Alignment, memory and offset. */
      memarg: MemArg;
    }
  | {
      /** `v128.load*_lane`, `v128.store*_lane`. */
      kind: 'memargLane';
      /** Alignment, memory and offset. */
      memarg: MemArg;
      /** Lane index. */
      lane: number;
    }
  | {
      /** `i32.const`. */
      kind: 'i32';
      /** The constant, signed. */
      value: number;
    }
  | {
      /** `i64.const`. */
      kind: 'i64';
      /** The constant, signed. */
      value: bigint;
    }
  | {
      /** `f32.const`. */
      kind: 'f32';
      /** Raw IEEE bits, so NaN payloads survive. */
      bits: number;
    }
  | {
      /** `f64.const`. */
      kind: 'f64';
      /** Raw IEEE bits, so NaN payloads survive. */
      bits: bigint;
    }
  | {
      /** `v128.const`. */
      kind: 'v128';
      /** The 16 bytes, little-endian. */
      bytes: Uint8Array;
    }
  | {
      /** `i8x16.shuffle`. */
      kind: 'shuffle';
      /** The 16 lane indices. */
      lanes: Uint8Array;
    }
  | {
      /** `*.extract_lane`, `*.replace_lane`. */
      kind: 'lane';
      /** Lane index. */
      lane: number;
    }
  | {
      /** Typed `select`. */
      kind: 'select';
      /** The operand types (one, in valid code). */
      types: ValTypeInfo[];
    }
  | {
      /** `ref.null`. */
      kind: 'heapType';
      /** The null reference's heap type. */
      heap: HeapTypeInfo;
    }
  | {
      /** `ref.test`, `ref.cast`. */
      kind: 'refType';
      /** The type tested or cast to (its nullability comes from the opcode). */
      type: RefTypeInfo;
    }
  | {
      /** `throw`, legacy `catch`. */
      kind: 'tag';
      /** Tag index. */
      tag: number;
    }
  | {
      /** `try_table`. */
      kind: 'tryTable';
      /** The block's type. */
      type: BlockType;
      /** The catch clauses, in order. */
      catches: CatchClause[];
    }
  | {
      /** `struct.get*`, `struct.set`. */
      kind: 'typeField';
      /** Struct type index. */
      type: number;
      /** Field index. */
      field: number;
    }
  | {
      /** `array.new_fixed`. */
      kind: 'typeCount';
      /** Array type index. */
      type: number;
      /** Number of operands taken. */
      count: number;
    }
  | {
      /** `array.new_data`, `array.init_data`. */
      kind: 'typeData';
      /** Array type index. */
      type: number;
      /** Data segment index. */
      data: number;
    }
  | {
      /** `array.new_elem`, `array.init_elem`. */
      kind: 'typeElem';
      /** Array type index. */
      type: number;
      /** Element segment index. */
      elem: number;
    }
  | {
      /** `array.copy`. */
      kind: 'typeType';
      /** Destination array type index. */
      dstType: number;
      /** Source array type index. */
      srcType: number;
    }
  | {
      /** `memory.init`. */
      kind: 'memoryInit';
      /** Data segment index. */
      data: number;
      /** Memory index. */
      memory: number;
    }
  | {
      /** `memory.copy`. */
      kind: 'memoryCopy';
      /** Destination memory index. */
      dstMemory: number;
      /** Source memory index. */
      srcMemory: number;
    }
  | {
      /** `table.init`. */
      kind: 'tableInit';
      /** Element segment index. */
      elem: number;
      /** Table index. */
      table: number;
    }
  | {
      /** `table.copy`. */
      kind: 'tableCopy';
      /** Destination table index. */
      dstTable: number;
      /** Source table index. */
      srcTable: number;
    }
  | {
      /** `data.drop`. */
      kind: 'data';
      /** Data segment index. */
      data: number;
    }
  | {
      /** `elem.drop`. */
      kind: 'elem';
      /** Element segment index. */
      elem: number;
    }
  | {
      /** `br_on_cast`, `br_on_cast_fail`. */
      kind: 'brOnCast';
      /** Relative depth of the target label. */
      label: number;
      /** The operand's type. */
      from: RefTypeInfo;
      /** The type cast to. */
      to: RefTypeInfo;
    };

/** One decoded instruction. */
export interface Instruction {
  /** Absolute offset of the first opcode byte. */
  offset: number;
  /** Absolute offset just past the immediates. */
  end: number;
  /** wabt's text name. */
  name: string;
  /** 0 for single-byte opcodes, else the prefix byte (0xfb–0xfe). */
  prefix: number;
  /** The opcode: the byte itself, or after a prefix the LEB128 sub-opcode. */
  opcode: number;
  /** The immediates. */
  imm: Immediate;
}

/** A run of locals of one type, as declared. */
export interface LocalDecl {
  /** How many locals the run declares. */
  count: number;
  /** Their type. */
  type: ValTypeInfo;
}

/** A decoded function body. */
export interface DecodedFunction {
  /** Index in the function index space (imports first). */
  funcIndex: number;
  /** Index of its function type. */
  typeIndex: number;
  /** The local declarations, as encoded (parameters are not among them). */
  locals: LocalDecl[];
  /** Every instruction, the final `end` included. */
  instructions: Instruction[];
}

/** More locals than this are rejected, as wabt and V8 do. */
export const MAX_LOCALS = 50_000;

const NO_IMMEDIATE: Immediate = Object.freeze({ kind: 'none' });
const EMPTY_BLOCK: Immediate = Object.freeze({ kind: 'block', type: 'empty' });

const SINGLE_CONTROL = SINGLE_BYTE.control;
// Plain numbers for the per-instruction checks, rather than property reads of `Control`.
const CONTROL_NONE: number = Control.None;
const CONTROL_OPEN: number = Control.Open;
const CONTROL_END: number = Control.End;
const CONTROL_DELEGATE: number = Control.Delegate;

/**
 * Decodes the body of function `funcIndex` (function index space, imports first): its local
 * declarations and every instruction with its offsets and immediates, the final `end`
 * included. Only that body is read. Throws `RangeError` for an index that is imported or out
 * of range, `WasmDecodeError` for malformed bytes (with the offset).
 *
 * @example
 * const { instructions } = decodeFunction(info, info.importedFuncs);
 * instructions.map((i) => `${i.offset.toString(16)} ${i.name}`);
 */
export function decodeFunction(info: ModuleInfo, funcIndex: number): DecodedFunction {
  const func = definedFunction(info, funcIndex);
  if (func === undefined) {
    const total = info.importedFuncs + definedFunctionCount(info);
    const why =
      funcIndex >= 0 && funcIndex < info.importedFuncs
        ? 'is imported and has no body'
        : 'is out of range';
    throw new RangeError(`function ${funcIndex} ${why} (the module has ${total} functions)`);
  }
  const r = new ByteReader(info.bytes, func.codeOffset, func.codeEnd);
  r.section = 'code';
  const locals = readLocalDecls(r);
  const instructions = readBody(r, 'code');
  if (info.dataCount === undefined) requireNoDataIndices(instructions);
  return { funcIndex, typeIndex: func.typeIndex, locals, instructions };
}

/**
 * `memory.init` and `data.drop` name data segments before the data section is read, so the
 * binary format makes them malformed (not merely invalid) without a data count section.
 */
function requireNoDataIndices(instructions: Instruction[]): void {
  for (const instr of instructions) {
    if (instr.imm.kind === 'data' || instr.imm.kind === 'memoryInit')
      throw new WasmDecodeError(
        `data count section required by ${instr.name}`,
        instr.offset,
        'code',
      );
  }
}

/** Reads a body's local declarations, enforcing `MAX_LOCALS` before allocating anything big. */
export function readLocalDecls(r: ByteReader): LocalDecl[] {
  // Each declaration takes at least two bytes (count and type).
  const groups = r.count('local declaration', 2);
  const locals: LocalDecl[] = [];
  let total = 0;
  for (let i = 0; i < groups; i++) {
    const countOffset = r.pos;
    const count = r.u32();
    total += count;
    if (total > MAX_LOCALS)
      r.fail(`too many locals: ${total} (at most ${MAX_LOCALS})`, countOffset);
    locals.push({ count, type: readValType(r) });
  }
  return locals;
}

/** Decodes a function body's instructions up to and including its final `end`. */
function readBody(r: ByteReader, section: string): Instruction[] {
  const out: Instruction[] = [];
  let depth = 1;
  while (r.pos < r.end) {
    const instr = readInstruction(r);
    out.push(instr);
    const control = instr.prefix === 0 ? SINGLE_CONTROL[instr.opcode] : CONTROL_NONE;
    if (control === CONTROL_END || control === CONTROL_DELEGATE) {
      depth--;
      if (depth === 0) {
        if (control === CONTROL_DELEGATE)
          throw new WasmDecodeError(
            'delegate cannot close the function body',
            instr.offset,
            section,
          );
        if (r.pos !== r.end)
          throw new WasmDecodeError(
            'operators remaining after the end of the function',
            r.pos,
            section,
          );
        return out;
      }
    } else if (control === CONTROL_OPEN) depth++;
  }
  throw new WasmDecodeError(
    depth === 1
      ? 'function body must end with an end opcode'
      : `${depth} blocks are not closed by end`,
    r.end,
    section,
  );
}

/**
 * Decodes the instructions of a constant expression `decodeModule` located (a global's
 * initializer, a segment's offset, an element item), its final `end` included. Throws
 * `WasmDecodeError` for malformed bytes, which a range from `decodeModule` does not have.
 */
export function decodeConstExpr(info: ModuleInfo, expr: ConstExpr): Instruction[] {
  return decodeInstructions(info.bytes, expr.offset, expr.end);
}

/**
 * Decodes every instruction in `[start, end)` of `bytes` (absolute offsets). Block structure is
 * not required to balance: the range may be any slice of code.
 */
export function decodeInstructions(
  bytes: Uint8Array,
  start: number,
  end: number,
  section?: string,
): Instruction[] {
  const r = new ByteReader(bytes, start, end);
  r.section = section;
  const out: Instruction[] = [];
  while (r.pos < r.end) out.push(readInstruction(r));
  return out;
}

/** Reads one instruction at `r.pos`. */
export function readInstruction(r: ByteReader): Instruction {
  const offset = r.pos;
  const first = r.u8();
  let prefix = 0;
  let opcode = first;
  let imm: number;
  let name: string | undefined;
  if (first >= PREFIX_GC && first <= PREFIX_ATOMIC) {
    prefix = first;
    opcode = r.u32();
    const space = opcodeSpace(prefix)!;
    imm = opcode < space.imm.length ? space.imm[opcode] : IMM_INVALID;
    name = space.names[opcode];
  } else {
    imm = SINGLE_BYTE.imm[first];
    name = SINGLE_BYTE.names[first];
  }
  if (imm === IMM_INVALID || name === undefined) {
    const code = prefix === 0 ? `0x${first.toString(16)}` : `0x${prefix.toString(16)} ${opcode}`;
    r.fail(`illegal opcode ${code}`, offset);
  }
  const immediate = readImmediate(r, imm, prefix, opcode);
  return { offset, end: r.pos, name, prefix, opcode, imm: immediate };
}

function readImmediate(r: ByteReader, kind: number, prefix: number, opcode: number): Immediate {
  switch (kind) {
    case Imm.None:
      return NO_IMMEDIATE;
    case Imm.Block: {
      const type = readBlockType(r);
      return type === 'empty' ? EMPTY_BLOCK : { kind: 'block', type };
    }
    case Imm.Label:
      return { kind: 'label', label: r.u32() };
    case Imm.BrTable: {
      const n = r.count('br_table target', 1);
      const labels = new Array<number>(n);
      for (let i = 0; i < n; i++) labels[i] = r.u32();
      return { kind: 'brTable', labels, defaultLabel: r.u32() };
    }
    case Imm.Func:
      return { kind: 'func', func: r.u32() };
    case Imm.CallIndirect: {
      const type = r.u32();
      return { kind: 'callIndirect', type, table: r.u32() };
    }
    case Imm.Type:
      return { kind: 'type', type: r.u32() };
    case Imm.Local:
      return { kind: 'local', local: r.u32() };
    case Imm.Global:
      return { kind: 'global', global: r.u32() };
    case Imm.Table:
      return { kind: 'table', table: r.u32() };
    case Imm.Memory:
      return { kind: 'memory', memory: r.u32() };
    case Imm.MemArg:
      return { kind: 'memarg', memarg: readMemArg(r) };
    case Imm.MemArgLane: {
      const memarg = readMemArg(r);
      return { kind: 'memargLane', memarg, lane: r.u8() };
    }
    case Imm.I32:
      return { kind: 'i32', value: r.s32() };
    case Imm.I64:
      return { kind: 'i64', value: r.s64() };
    case Imm.F32:
      return { kind: 'f32', bits: r.f32Bits() };
    case Imm.F64:
      return { kind: 'f64', bits: r.f64Bits() };
    case Imm.V128:
      return { kind: 'v128', bytes: r.bytesView(16).slice() };
    case Imm.Shuffle:
      return { kind: 'shuffle', lanes: r.bytesView(16).slice() };
    case Imm.Lane:
      return { kind: 'lane', lane: r.u8() };
    case Imm.SelectTypes: {
      const n = r.count('select type', 1);
      const types = new Array<ValTypeInfo>(n);
      for (let i = 0; i < n; i++) types[i] = readValType(r);
      return { kind: 'select', types };
    }
    case Imm.HeapType:
      return { kind: 'heapType', heap: readHeapType(r) };
    case Imm.RefType:
      // ref.test (20) / ref.cast (22) are non-null; 21 and 23 their nullable forms.
      return { kind: 'refType', type: { heap: readHeapType(r), nullable: (opcode & 1) === 1 } };
    case Imm.Tag:
      return { kind: 'tag', tag: r.u32() };
    case Imm.TryTable:
      return readTryTable(r);
    case Imm.TypeField: {
      const type = r.u32();
      return { kind: 'typeField', type, field: r.u32() };
    }
    case Imm.TypeCount: {
      const type = r.u32();
      return { kind: 'typeCount', type, count: r.u32() };
    }
    case Imm.TypeData: {
      const type = r.u32();
      return { kind: 'typeData', type, data: r.u32() };
    }
    case Imm.TypeElem: {
      const type = r.u32();
      return { kind: 'typeElem', type, elem: r.u32() };
    }
    case Imm.TypeType: {
      const dstType = r.u32();
      return { kind: 'typeType', dstType, srcType: r.u32() };
    }
    case Imm.MemoryInit: {
      const data = r.u32();
      return { kind: 'memoryInit', data, memory: r.u32() };
    }
    case Imm.MemoryCopy: {
      const dstMemory = r.u32();
      return { kind: 'memoryCopy', dstMemory, srcMemory: r.u32() };
    }
    case Imm.TableInit: {
      const elem = r.u32();
      return { kind: 'tableInit', elem, table: r.u32() };
    }
    case Imm.TableCopy: {
      const dstTable = r.u32();
      return { kind: 'tableCopy', dstTable, srcTable: r.u32() };
    }
    case Imm.Data:
      return { kind: 'data', data: r.u32() };
    case Imm.Elem:
      return { kind: 'elem', elem: r.u32() };
    case Imm.BrOnCast:
      return readBrOnCast(r);
    case Imm.ZeroByte: {
      const at = r.pos;
      if (r.u8() !== 0) r.fail('atomic.fence: reserved byte must be zero', at);
      return NO_IMMEDIATE;
    }
    default:
      return r.fail(`no decoder for immediates of opcode ${prefix}:${opcode}`);
  }
}

/** Value-type codes that may start a block type (0x40 is the empty type). */
const VALTYPE_START = new Uint8Array(256);
for (const code of [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x63, 0x64]) VALTYPE_START[code] = 1;
for (let code = 0x69; code <= 0x74; code++) VALTYPE_START[code] = 1;

/** Reads a block type: 0x40, a value type, or a non-negative s33 type index. */
export function readBlockType(r: ByteReader): BlockType {
  const start = r.pos;
  if (start >= r.end) r.u8();
  const code = r.bytes[start];
  if (code === 0x40) {
    r.pos++;
    return 'empty';
  }
  if (VALTYPE_START[code]) return readValType(r);
  const index = r.s33();
  if (index < 0) r.fail(`malformed block type 0x${code.toString(16)}`, start);
  return { typeIndex: index };
}

/** Reads a memarg: alignment flags (bit 6: a memory index follows), [memory], offset (u64). */
export function readMemArg(r: ByteReader): MemArg {
  const flagsOffset = r.pos;
  const flags = r.u32();
  if (flags >= 0x80)
    r.fail(`malformed memarg alignment flags 0x${flags.toString(16)}`, flagsOffset);
  const memory = flags & 0x40 ? r.u32() : 0;
  const raw = r.u64();
  const offset = raw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(raw) : raw;
  return { alignLog2: flags & 0x3f, offset, memory };
}

const CATCH_KINDS: CatchClause['kind'][] = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'];

function readTryTable(r: ByteReader): Immediate {
  const type = readBlockType(r);
  const n = r.count('catch clause', 2);
  const catches: CatchClause[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const kindCode = r.u8();
    const kind = CATCH_KINDS[kindCode];
    if (kind === undefined) r.fail(`malformed catch clause kind ${kindCode}`, at);
    const tag = kindCode < 2 ? r.u32() : -1;
    catches.push({ kind, tag, label: r.u32() });
  }
  return { kind: 'tryTable', type, catches };
}

function readBrOnCast(r: ByteReader): Immediate {
  const at = r.pos;
  const flags = r.u8();
  if (flags > 3) r.fail(`malformed br_on_cast flags ${flags}`, at);
  const label = r.u32();
  const fromHeap = readHeapType(r);
  const toHeap = readHeapType(r);
  return {
    kind: 'brOnCast',
    label,
    from: { heap: fromHeap, nullable: (flags & 1) !== 0 },
    to: { heap: toHeap, nullable: (flags & 2) !== 0 },
  };
}

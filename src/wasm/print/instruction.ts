/**
 * The text of one instruction as wabt's flat (unfolded) printer writes it: names from the name
 * section where wabt uses them, `(;@N;)` label comments, natural alignments omitted, floats in
 * hex with a decimal comment.
 */
import { type Instruction, type MemArg, PREFIX_ATOMIC, lookupOpcode } from '../code/index.ts';
import { f32Comment, f32Hex, f64Comment, f64Hex } from './float.ts';
import { escapeName, localNames, moduleNames, nameOrIndex } from './names.ts';
import { printBlockType, printHeapType, printRefType, printValType } from './value-types.ts';
import type { ModuleInfo } from '../types.ts';

/** Where an instruction sits, for the parts of its text that depend on it. */
export interface InstructionContext {
  /** The function whose locals `local.*` names refer to; -1 outside a function. */
  funcIndex: number;
  /**
   * Labels in scope before the instruction, counting the function body's own label: 1 at the
   * top level of a body. Block headers print it as `;; label = @N`.
   */
  labelDepth: number;
}

/**
 * The text of `instr`. Block headers end with wabt's `;; label = @N` comment; `try_table`
 * puts each catch clause on its own line (lines are separated by `\n`, not indented).
 */
export function printInstruction(
  info: ModuleInfo,
  instr: Instruction,
  context: InstructionContext,
): string {
  const names = moduleNames(info);
  const imm = instr.imm;
  const name = instr.name;
  const depth = context.labelDepth;
  switch (imm.kind) {
    case 'none':
      return name;
    case 'block':
      return blockHeader(name, printBlockType(info, imm.type), depth);
    case 'label':
      // delegate names its target by plain index in wabt's output
      return instr.prefix === 0 && instr.opcode === 0x18
        ? `${name} ${imm.label}`
        : `${name} ${labelRef(imm.label, depth)}`;
    case 'brTable': {
      let text = name;
      for (const target of imm.labels) text += ` ${labelRef(target, depth)}`;
      return `${text} ${labelRef(imm.defaultLabel, depth)}`;
    }
    case 'func':
      return `${name} ${nameOrIndex(names.funcs, imm.func)}`;
    case 'callIndirect':
      // wabt's writer never prints the table of return_call_indirect; match it
      if (instr.opcode === 0x13) return `${name} (type ${nameOrIndex(names.types, imm.type)})`;
      return joined(
        name,
        tableUnlessZero(info, imm.table),
        `(type ${nameOrIndex(names.types, imm.type)})`,
      );
    case 'type':
      return `${name} ${nameOrIndex(names.types, imm.type)}`;
    case 'local':
      return `${name} ${nameOrIndex(localNames(info, context.funcIndex), imm.local)}`;
    case 'global':
      return `${name} ${nameOrIndex(names.globals, imm.global)}`;
    case 'table':
      return `${name} ${nameOrIndex(names.tables, imm.table)}`;
    case 'memory':
      return joined(name, memoryUnlessZero(info, imm.memory));
    case 'memarg':
      return joined(name, memArgText(info, instr, imm.memarg));
    case 'memargLane':
      return joined(name, memArgText(info, instr, imm.memarg), String(imm.lane));
    case 'i32':
      return `${name} ${imm.value}`;
    case 'i64':
      return `${name} ${imm.value}`;
    case 'f32':
      return `${name} ${f32Hex(imm.bits)} (;=${f32Comment(imm.bits)};)`;
    case 'f64':
      return `${name} ${f64Hex(imm.bits)} (;=${f64Comment(imm.bits)};)`;
    case 'v128': {
      const view = new DataView(imm.bytes.buffer, imm.bytes.byteOffset, 16);
      const words = [0, 4, 8, 12].map(
        (i) => `0x${view.getUint32(i, true).toString(16).padStart(8, '0')}`,
      );
      return `${name} i32x4 ${words.join(' ')}`;
    }
    case 'shuffle':
      return `${name} ${Array.from(imm.lanes).join(' ')}`;
    case 'lane':
      return `${name} ${imm.lane}`;
    case 'select':
      return imm.types.length === 0
        ? name
        : `${name} (result ${imm.types.map((t) => printValType(info, t)).join(' ')})`;
    case 'heapType':
      return `${name} ${printHeapType(info, imm.heap)}`;
    case 'refType':
      return `${name} ${printRefType(info, imm.type)}`;
    case 'tag':
      return `${name} ${nameOrIndex(names.tags, imm.tag)}`;
    case 'tryTable': {
      const header = blockHeader(name, printBlockType(info, imm.type), depth);
      const catches = imm.catches.map((c) => {
        const tag = c.tag < 0 ? '' : `${nameOrIndex(names.tags, c.tag)} `;
        return `(${c.kind} ${tag}${labelRef(c.label, depth)})`;
      });
      return [header, ...catches].join('\n');
    }
    case 'typeField': {
      const fields = info.names.fields.get(imm.type);
      const field = fields?.get(imm.field);
      const fieldText = field === undefined ? String(imm.field) : escapeName(`$${field}`);
      return `${name} ${nameOrIndex(names.types, imm.type)} ${fieldText}`;
    }
    case 'typeCount':
      return `${name} ${nameOrIndex(names.types, imm.type)} ${imm.count}`;
    case 'typeData':
      return `${name} ${nameOrIndex(names.types, imm.type)} ${nameOrIndex(names.datas, imm.data)}`;
    case 'typeElem':
      return `${name} ${nameOrIndex(names.types, imm.type)} ${nameOrIndex(names.elems, imm.elem)}`;
    case 'typeType':
      return `${name} ${nameOrIndex(names.types, imm.dstType)} ${nameOrIndex(names.types, imm.srcType)}`;
    case 'memoryInit':
      return joined(name, nameOrIndex(names.datas, imm.data), memoryUnlessZero(info, imm.memory));
    case 'memoryCopy':
      if (imm.dstMemory === 0 && imm.srcMemory === 0) return name;
      return `${name} ${nameOrIndex(names.memories, imm.dstMemory)} ${nameOrIndex(names.memories, imm.srcMemory)}`;
    case 'tableInit':
      return joined(name, tableUnlessZero(info, imm.table), nameOrIndex(names.elems, imm.elem));
    case 'tableCopy':
      return joined(name, tableUnlessZero(info, imm.dstTable), tableUnlessZero(info, imm.srcTable));
    case 'data':
      return `${name} ${nameOrIndex(names.datas, imm.data)}`;
    case 'elem':
      return `${name} ${nameOrIndex(names.elems, imm.elem)}`;
    case 'brOnCast':
      return `${name} ${labelRef(imm.label, depth)} ${printRefType(info, imm.from)} ${printRefType(info, imm.to)}`;
  }
}

/** `block (result i32)  ;; label = @1`: wabt always leaves two spaces before the comment. */
function blockHeader(name: string, type: string, labelDepth: number): string {
  return `${name}${type === '' ? '' : ` ${type}`}  ;; label = @${labelDepth}`;
}

/** A branch target with wabt's comment naming the block it leaves. */
function labelRef(index: number, labelDepth: number): string {
  return index < labelDepth ? `${index} (;@${labelDepth - index - 1};)` : `${index} (; INVALID ;)`;
}

/** wabt leaves table 0 implicit unless it has a name. */
function tableUnlessZero(info: ModuleInfo, table: number): string {
  const tables = moduleNames(info).tables;
  return tables.has(table) ? nameOrIndex(tables, table) : table === 0 ? '' : String(table);
}

/** wabt leaves memory 0 implicit even when it is named. */
function memoryUnlessZero(info: ModuleInfo, memory: number): string {
  return memory === 0 ? '' : nameOrIndex(moduleNames(info).memories, memory);
}

function memArgText(info: ModuleInfo, instr: Instruction, memarg: MemArg): string {
  const natural = lookupOpcode(instr.prefix, instr.opcode)?.naturalAlignLog2 ?? 0;
  // wabt's writer leaves out the memory of atomic accesses; match it
  const memory = instr.prefix === PREFIX_ATOMIC ? '' : memoryUnlessZero(info, memarg.memory);
  const parts = [memory];
  if (memarg.offset !== 0 && memarg.offset !== 0n) parts.push(`offset=${memarg.offset}`);
  if (memarg.alignLog2 !== natural) parts.push(`align=${alignText(memarg.alignLog2)}`);
  return parts.filter((p) => p !== '').join(' ');
}

function alignText(log2: number): string {
  return log2 < 53 ? String(2 ** log2) : String(1n << BigInt(log2));
}

function joined(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

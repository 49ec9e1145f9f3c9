/**
 * Text of types as wabt prints them: value, reference and heap types, block types (which
 * wabt expands from a type index into `(param …) (result …)`), struct and array field types,
 * and the types of tables, memories and globals.
 */
import type { BlockType } from '../code/index.ts';
import type {
  FieldType,
  GlobalTypeInfo,
  HeapTypeInfo,
  MemoryTypeInfo,
  ModuleInfo,
  RefTypeInfo,
  TableTypeInfo,
  ValTypeInfo,
} from '../types.ts';
import { REF_SHORTHANDS } from '../binary/index.ts';

/**
 * The text of a heap type: its keyword (`func`, `any`, …) or, for a concrete type, the type
 * index (wabt prints those by index, not by name). Never fails.
 */
export function printHeapType(_info: ModuleInfo, heap: HeapTypeInfo): string {
  return typeof heap === 'number' ? String(heap) : heap;
}

/**
 * The text of a reference type: the shorthand (`funcref`, `anyref`, …) when nullable and
 * abstract, else `(ref ht)` or `(ref null ht)`. Never fails.
 *
 * @example
 * printRefType(info, { heap: 'func', nullable: true }); // 'funcref'
 * printRefType(info, { heap: 3, nullable: false }); // '(ref 3)'
 */
export function printRefType(info: ModuleInfo, type: RefTypeInfo): string {
  if (type.nullable && typeof type.heap === 'string') return REF_SHORTHANDS[type.heap];
  return `(ref ${type.nullable ? 'null ' : ''}${printHeapType(info, type.heap)})`;
}

/** The text of a value type (`i32`, `v128`, or a reference type as `printRefType` writes it). Never fails. */
export function printValType(info: ModuleInfo, type: ValTypeInfo): string {
  return typeof type === 'string' ? type : printRefType(info, type);
}

/**
 * The text of a block type as wabt writes it after `block`/`loop`/`if`: `(param …) (result …)`
 * (a type index is expanded into its function type), `(type N)` for an index that is not a
 * function type, or `''` for the empty block type. Never fails.
 */
export function printBlockType(info: ModuleInfo, type: BlockType): string {
  if (type === 'empty') return '';
  if (typeof type === 'object' && 'typeIndex' in type) {
    const entry = info.types[type.typeIndex]?.composite;
    if (entry?.kind !== 'func') return `(type ${type.typeIndex})`;
    return [typeList(info, 'param', entry.params), typeList(info, 'result', entry.results)]
      .filter((part) => part !== '')
      .join(' ');
  }
  return `(result ${printValType(info, type)})`;
}

/** `(keyword t1 t2 …)`, or '' for an empty list. Never fails. */
export function typeList(info: ModuleInfo, keyword: string, types: readonly ValTypeInfo[]): string {
  if (types.length === 0) return '';
  return `(${keyword} ${types.map((t) => printValType(info, t)).join(' ')})`;
}

/** A struct or array field's type: a packed or value type, in `(mut …)` when mutable. */
export function printFieldType(info: ModuleInfo, field: FieldType): string {
  const type =
    field.type === 'i8' || field.type === 'i16' ? field.type : printValType(info, field.type);
  return field.mutable ? `(mut ${type})` : type;
}

function limitsText(is64: boolean, min: number, max: number | undefined): string {
  return `${is64 ? 'i64 ' : ''}${min}${max === undefined ? '' : ` ${max}`}`;
}

/** A table type as wabt prints it: `[i64] min [max] [shared] reftype`. */
export function printTableType(info: ModuleInfo, type: TableTypeInfo): string {
  const shared = type.shared ? ' shared' : '';
  return `${limitsText(type.is64, type.min, type.max)}${shared} ${printRefType(info, type.element)}`;
}

/** A memory type as wabt prints it: `[i64] min [max] [shared] [(pagesize N)]`. */
export function printMemoryType(type: MemoryTypeInfo): string {
  let text = limitsText(type.is64, type.min, type.max);
  if (type.shared) text += ' shared';
  if (type.pageSizeLog2 !== undefined) text += ` (pagesize ${2 ** type.pageSizeLog2})`;
  return text;
}

/** A global type: its value type, in `(mut …)` when mutable and `(shared …)` when shared. */
export function printGlobalType(info: ModuleInfo, type: GlobalTypeInfo): string {
  const value = printValType(info, type.type);
  const mutable = type.mutable ? `(mut ${value})` : value;
  return type.shared ? `(shared ${mutable})` : mutable;
}

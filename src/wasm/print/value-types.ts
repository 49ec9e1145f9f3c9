/**
 * Text of types as wabt prints them: value, reference and heap types, and block types (which
 * wabt expands from a type index into `(param …) (result …)`).
 */
import type { BlockType } from '../code/index.ts';
import type { HeapTypeInfo, ModuleInfo, RefTypeInfo, ValTypeInfo } from '../types.ts';
import { REF_SHORTHANDS } from '../binary/index.ts';

/** A heap type: its keyword, or the type index (wabt prints concrete heap types by index). */
export function printHeapType(_info: ModuleInfo, heap: HeapTypeInfo): string {
  return typeof heap === 'number' ? String(heap) : heap;
}

/** A reference type: `funcref`-style shorthand when nullable and abstract, else `(ref null? ht)`. */
export function printRefType(info: ModuleInfo, type: RefTypeInfo): string {
  if (type.nullable && typeof type.heap === 'string') return REF_SHORTHANDS[type.heap];
  return `(ref ${type.nullable ? 'null ' : ''}${printHeapType(info, type.heap)})`;
}

/** A value type. */
export function printValType(info: ModuleInfo, type: ValTypeInfo): string {
  return typeof type === 'string' ? type : printRefType(info, type);
}

/** `(param …) (result …)` of a block type, or '' for the empty block type. */
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

/** `(keyword t1 t2 …)`, or '' for an empty list. */
export function typeList(info: ModuleInfo, keyword: string, types: readonly ValTypeInfo[]): string {
  if (types.length === 0) return '';
  return `(${keyword} ${types.map((t) => printValType(info, t)).join(' ')})`;
}

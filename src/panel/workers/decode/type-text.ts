/**
 * Types as short wasm text for list rows: `(param i32) (result i32)`, `1 16 shared`,
 * `(mut i64)`. Uses the decoder's printers for value types, so lists and code agree.
 */
import {
  printConstExpr,
  printRefType,
  printValType,
  type GlobalTypeInfo,
  type ImportDesc,
  type MemoryTypeInfo,
  type ModuleInfo,
  type TableTypeInfo,
  type TagTypeInfo,
  type ValTypeInfo,
  type ConstExpr,
} from '../../../wasm/index.ts';

function list(info: ModuleInfo, keyword: string, types: readonly ValTypeInfo[]): string {
  return types.length === 0
    ? ''
    : `(${keyword} ${types.map((t) => printValType(info, t)).join(' ')})`;
}

/** `(param …) (result …)` of type index `typeIndex`, or `(type N)` when it is not a function type. */
export function signatureText(info: ModuleInfo, typeIndex: number): string {
  const composite = info.types[typeIndex]?.composite;
  if (composite?.kind !== 'func') return `(type ${typeIndex})`;
  return (
    [list(info, 'param', composite.params), list(info, 'result', composite.results)]
      .filter((part) => part !== '')
      .join(' ') || '(func)'
  );
}

/** Limits as the text format writes them: `i64 1 16 shared`. */
export function limitsText(type: MemoryTypeInfo | TableTypeInfo): string {
  const parts = [
    type.is64 ? 'i64' : '',
    String(type.min),
    type.max === undefined ? '' : String(type.max),
  ];
  if (type.shared) parts.push('shared');
  return parts.filter((part) => part !== '').join(' ');
}

/** `1 16 shared` (and the page size when it is not 64 KiB). */
export function memoryTypeText(type: MemoryTypeInfo): string {
  const pageSize = type.pageSizeLog2 === undefined ? '' : ` (pagesize ${2 ** type.pageSizeLog2})`;
  return limitsText(type) + pageSize;
}

/** `10 funcref`. */
export function tableTypeText(info: ModuleInfo, type: TableTypeInfo): string {
  return `${limitsText(type)} ${printRefType(info, type.element)}`;
}

/** `i32` or `(mut i32)`. */
export function globalTypeText(info: ModuleInfo, type: GlobalTypeInfo): string {
  const value = printValType(info, type.type);
  const shared = type.shared ? 'shared ' : '';
  return type.mutable ? `(mut ${shared}${value})` : `${shared}${value}`;
}

/** A tag's payload: `(param i32)`. */
export function tagTypeText(info: ModuleInfo, type: TagTypeInfo): string {
  return signatureText(info, type.typeIndex);
}

/** The type of an import, whatever its kind. */
export function importTypeText(info: ModuleInfo, desc: ImportDesc): string {
  switch (desc.kind) {
    case 'func':
      return signatureText(info, desc.typeIndex);
    case 'table':
      return tableTypeText(info, desc.type);
    case 'memory':
      return memoryTypeText(desc.type);
    case 'global':
      return globalTypeText(info, desc.type);
    case 'tag':
      return tagTypeText(info, desc.type);
  }
}

/** An offset or initial-value expression on one line: `(i32.const 1024)`. */
export function constExprText(info: ModuleInfo, expr: ConstExpr): string {
  try {
    return printConstExpr(info, expr, { indent: ' ' }).replace(/\n/g, '');
  } catch {
    return '(malformed expression)';
  }
}

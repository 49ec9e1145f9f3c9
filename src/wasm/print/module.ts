/**
 * A module's text as wabt's `wasm2wat` prints it (flat, no inline exports), from `ModuleInfo`:
 * fields in wabt's order (types, imports, functions, tables, memories, tags, globals, exports,
 * start, elem, data), names from the name section, `(;N;)` for unnamed definitions.
 */
import { definedFunctionCount } from '../code/index.ts';
import { decodeExports, decodeElemItems } from '../module/index.ts';
import { printConstExpr, printFunction } from './function.ts';
import {
  definedName,
  escapeBytes,
  escapeName,
  moduleNames,
  nameOrIndex,
  namesOfKind,
  quotedName,
  type ModuleNames,
} from './names.ts';
import { printTypeSection } from './type-section.ts';
import {
  printGlobalType,
  printMemoryType,
  printRefType,
  printTableType,
  typeList,
} from './value-types.ts';
import { ByteReader } from '../binary/index.ts';
import type {
  ConstExpr,
  DataSegmentInfo,
  ElemSegmentInfo,
  ModuleInfo,
  TagTypeInfo,
} from '../types.ts';

/** Options of `printModule`. */
export interface PrintModuleOptions {
  /** Print function bodies (default true); without them the output is `printModuleHeader`'s. */
  functions?: boolean;
}

const INDENT = '  ';

/**
 * The module's text without its functions: every other field, as wasm2wat prints it. Cheap on
 * any size of module (no body is decoded). Throws `WasmDecodeError` only for malformed bytes
 * that `decodeModule` did not read (element items, constant expressions of a changed buffer).
 */
export function printModuleHeader(info: ModuleInfo): string {
  return printModule(info, { functions: false });
}

/**
 * The module's text exactly as wasm2wat prints it (flat, names from the name section);
 * `functions: false` leaves the functions out. Decodes every body, so on a large module prefer
 * `printModuleHeader` plus `printFunction` for the functions shown. Throws `WasmDecodeError`
 * for a malformed body.
 *
 * @example
 * const text = printModule(decodeModule(bytes)); // "(module\n  (type (;0;) (func))\n…"
 */
export function printModule(info: ModuleInfo, options: PrintModuleOptions = {}): string {
  const names = moduleNames(info);
  const fields: string[] = [...printTypeSection(info), ...printImports(info, names)];
  if (options.functions ?? true) {
    for (let i = 0; i < definedFunctionCount(info); i++) {
      fields.push(printFunction(info, info.importedFuncs + i));
    }
  }
  fields.push(
    ...info.tables.map((table, i) => {
      const index = info.importedTables + i;
      const init = table.init ? ` ${printConstExpr(info, table.init)}` : '';
      return `(table ${definedName(names.tables, index)} ${printTableType(info, table.type)}${init})`;
    }),
    ...info.memories.map((memory, i) => {
      const index = info.importedMemories + i;
      return `(memory ${definedName(names.memories, index)} ${printMemoryType(memory)})`;
    }),
    ...info.tags.map((tag, i) => {
      const index = info.importedTags + i;
      return `(tag ${definedName(names.tags, index)} ${tagTypeText(info, names, tag)})`;
    }),
    ...info.globals.map((global, i) => {
      const index = info.importedGlobals + i;
      const init = printConstExpr(info, global.init);
      return `(global ${definedName(names.globals, index)} ${printGlobalType(info, global.type)} ${init})`;
    }),
    ...decodeExports(info).map((exp) => {
      const target = nameOrIndex(namesOfKind(names, exp.kind), exp.index);
      return `(export ${quotedName(exp.name)} (${exp.kind} ${target}))`;
    }),
  );
  if (info.start !== undefined) fields.push(`(start ${nameOrIndex(names.funcs, info.start)})`);
  fields.push(...info.elems.map((segment, i) => printElem(info, names, segment, i)));
  fields.push(...info.datas.map((segment, i) => printData(info, names, segment, i)));
  const moduleName = info.names.module ? ` ${escapeName(`$${info.names.module}`)}` : '';
  if (fields.length === 0) return `(module${moduleName})`;
  return `(module${moduleName}\n${fields.map((f) => INDENT + f).join('\n')})`;
}

function printImports(info: ModuleInfo, names: ModuleNames): string[] {
  const next = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
  return info.imports.map((imp) => {
    const desc = imp.desc;
    const name = definedName(namesOfKind(names, desc.kind), next[desc.kind]++);
    let type: string;
    switch (desc.kind) {
      case 'func':
        // wabt prints an imported function by its type use alone.
        type = `(type ${nameOrIndex(names.types, desc.typeIndex)})`;
        break;
      case 'table':
        type = printTableType(info, desc.type);
        break;
      case 'memory':
        type = printMemoryType(desc.type);
        break;
      case 'global':
        type = printGlobalType(info, desc.type);
        break;
      case 'tag':
        type = tagTypeText(info, names, desc.type);
        break;
    }
    return `(import ${quotedName(imp.module)} ${quotedName(imp.name)} (${desc.kind} ${name} ${type}))`;
  });
}

/** wabt prints a tag as its type use followed by the signature's params. */
function tagTypeText(info: ModuleInfo, names: ModuleNames, tag: TagTypeInfo): string {
  const use = `(type ${nameOrIndex(names.types, tag.typeIndex)})`;
  const type = info.types[tag.typeIndex]?.composite;
  const params = type?.kind === 'func' ? typeList(info, 'param', type.params) : '';
  return params === '' ? use : `${use} ${params}`;
}

/**
 * wabt re-derives an element segment's encoding from its contents rather than keeping the
 * original flags: expressions that are all `ref.func` in a `funcref` segment print as a
 * function list, and a table is named only when it is not table 0 or the type not `funcref`.
 */
function printElem(
  info: ModuleInfo,
  names: ModuleNames,
  segment: ElemSegmentInfo,
  index: number,
): string {
  const parts = ['elem', definedName(names.elems, index)];
  const isFuncref = segment.elementType.nullable && segment.elementType.heap === 'func';
  const items = decodeElemItems(info, index);
  const funcIndices =
    segment.itemKind === 'funcs' ? (items as number[]) : refFuncItems(info, items as ConstExpr[]);
  const asFuncs = isFuncref && funcIndices !== undefined;
  if (segment.mode === 'active') {
    if (!isFuncref || segment.tableIndex !== 0) {
      parts.push(`(table ${nameOrIndex(names.tables, segment.tableIndex)})`);
    }
    if (segment.offsetExpr) parts.push(printConstExpr(info, segment.offsetExpr));
  } else if (segment.mode === 'declarative') {
    parts.push('declare');
  }
  if (asFuncs) {
    parts.push('func', ...funcIndices.map((f) => nameOrIndex(names.funcs, f)));
  } else {
    parts.push(printRefType(info, segment.elementType));
    for (const expr of items as ConstExpr[]) parts.push(printConstExpr(info, expr));
  }
  return `(${parts.join(' ')})`;
}

/** The function indices when every expression is exactly `ref.func x end`, else undefined. */
function refFuncItems(info: ModuleInfo, exprs: ConstExpr[]): number[] | undefined {
  const indices: number[] = [];
  for (const expr of exprs) {
    if (info.bytes[expr.offset] !== 0xd2) return undefined;
    const r = new ByteReader(info.bytes, expr.offset + 1, expr.end);
    indices.push(r.u32());
    if (r.remaining !== 1) return undefined;
  }
  return indices;
}

function printData(
  info: ModuleInfo,
  names: ModuleNames,
  segment: DataSegmentInfo,
  index: number,
): string {
  const parts = ['data', definedName(names.datas, index)];
  if (segment.mode === 'active') {
    // wabt leaves memory 0 implicit.
    if (segment.memoryIndex !== 0) {
      parts.push(`(memory ${nameOrIndex(names.memories, segment.memoryIndex)})`);
    }
    if (segment.offsetExpr) parts.push(printConstExpr(info, segment.offsetExpr));
  }
  parts.push(`"${escapeBytes(info.bytes, segment.dataOffset, segment.dataOffset + segment.size)}"`);
  return `(${parts.join(' ')})`;
}

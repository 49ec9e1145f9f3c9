/**
 * Converts the decoder's plain-data types (`src/wasm`) into the runtime's extern types, at the
 * import/export boundary only, as the reference does: internal functions may use anything the
 * engine accepts. What the layer cannot represent is an `unsupported` error naming it. Wraps no
 * JS API object.
 */
import type {
  GlobalTypeInfo,
  MemoryTypeInfo,
  ModuleInfo,
  TableTypeInfo,
  ValType as WasmValType,
} from '../wasm/index.ts';
import { definedFunction } from '../wasm/index.ts';
import { LayerError } from './errors.ts';
import {
  FuncType,
  GlobalType,
  MemoryType,
  TableType,
  type ExternType,
  type RefType,
  type ValType,
} from './types.ts';

function unsupported(message: string): LayerError {
  return new LayerError('unsupported', `${message} is not yet supported in the wasm_runtime_layer`);
}

function refName(t: WasmValType): string {
  if (typeof t === 'string') return t;
  const heap = typeof t.heap === 'number' ? `$${t.heap}` : t.heap;
  return `(ref ${t.nullable ? 'null ' : ''}${heap})`;
}

/** A decoder value type as a runtime value type; other reference types are `unsupported`. */
export function valTypeOf(t: WasmValType): ValType {
  if (typeof t === 'string') return t;
  if (t.heap === 'func') return 'funcref';
  if (t.heap === 'extern') return 'externref';
  throw unsupported(`reference type ${refName(t)}`);
}

function refTypeOf(t: WasmValType): RefType {
  const v = valTypeOf(t);
  if (v !== 'funcref' && v !== 'externref') throw unsupported(`table element type ${v}`);
  return v;
}

/** The signature at type index `typeIndex`. */
export function funcTypeAt(info: ModuleInfo, typeIndex: number, name?: string): FuncType {
  const composite = info.types[typeIndex]?.composite;
  if (composite?.kind !== 'func') throw missingEntity(`function type ${typeIndex}`);
  return new FuncType(composite.params.map(valTypeOf), composite.results.map(valTypeOf), name);
}

/** The signature of function `index` of the module's function index space. */
export function funcTypeOfIndex(
  info: ModuleInfo,
  index: number,
  name?: string,
): FuncType | undefined {
  if (index < info.importedFuncs) {
    let seen = 0;
    for (const imp of info.imports) {
      if (imp.desc.kind !== 'func') continue;
      if (seen++ === index) return funcTypeAt(info, imp.desc.typeIndex, name ?? imp.name);
    }
    return undefined;
  }
  const defined = definedFunction(info, index);
  return defined === undefined ? undefined : funcTypeAt(info, defined.typeIndex, name);
}

function memoryTypeOf(t: MemoryTypeInfo): MemoryType {
  if (t.is64) throw unsupported('memory64');
  if (t.shared) throw unsupported('shared memory');
  return new MemoryType(t.min, t.max);
}

function tableTypeOf(t: TableTypeInfo): TableType {
  return new TableType(refTypeOf(t.element), t.min, t.max);
}

function globalTypeOf(t: GlobalTypeInfo): GlobalType {
  return new GlobalType(valTypeOf(t.type), t.mutable);
}

/** Entity `index` of `kind` in the module's index spaces, as an extern type. */
/** A reference to an entity the module does not have: the module is invalid. */
function missingEntity(what: string): LayerError {
  return new LayerError('compile', `invalid module: ${what} does not exist`);
}

function externTypeAt(
  info: ModuleInfo,
  kind: 'table' | 'memory' | 'global',
  index: number,
): ExternType {
  const imported = info.imports.filter((i) => i.desc.kind === kind);
  if (index < imported.length) {
    const desc = imported[index].desc;
    if (desc.kind === 'table') return tableTypeOf(desc.type);
    if (desc.kind === 'memory') return memoryTypeOf(desc.type);
    if (desc.kind === 'global') return globalTypeOf(desc.type);
  }
  const local = index - imported.length;
  const defined =
    kind === 'table'
      ? info.tables[local]?.type
      : kind === 'memory'
        ? info.memories[local]
        : info.globals[local]?.type;
  if (defined === undefined) throw missingEntity(`${kind} ${index}`);
  if (kind === 'table') return tableTypeOf(defined as TableTypeInfo);
  if (kind === 'memory') return memoryTypeOf(defined as MemoryTypeInfo);
  return globalTypeOf(defined as GlobalTypeInfo);
}

/** Every import as (module, name, type); a repeated (module, name) keeps the last. */
export function importTypesOf(
  info: ModuleInfo,
): { module: string; name: string; type: ExternType }[] {
  const byKey = new Map<string, { module: string; name: string; type: ExternType }>();
  for (const imp of info.imports) {
    let type: ExternType;
    switch (imp.desc.kind) {
      case 'func':
        type = funcTypeAt(info, imp.desc.typeIndex, imp.name);
        break;
      case 'table':
        type = tableTypeOf(imp.desc.type);
        break;
      case 'memory':
        type = memoryTypeOf(imp.desc.type);
        break;
      case 'global':
        type = globalTypeOf(imp.desc.type);
        break;
      case 'tag':
        throw new LayerError(
          'unsupported',
          `tag imports are not yet supported in the wasm_runtime_layer (import "${imp.module}" "${imp.name}")`,
        );
    }
    byKey.set(JSON.stringify([imp.module, imp.name]), { module: imp.module, name: imp.name, type });
  }
  return [...byKey.values()];
}

/** Every export as (name, type); exported functions are named after their export. */
export function exportTypesOf(
  info: ModuleInfo,
): { name: string; type: ExternType; index: number }[] {
  return info.exports.map((exp) => {
    if (exp.kind === 'tag') {
      throw new LayerError(
        'unsupported',
        `tag exports are not yet supported in the wasm_runtime_layer (export "${exp.name}")`,
      );
    }
    let type: ExternType;
    if (exp.kind === 'func') {
      const funcType = funcTypeOfIndex(info, exp.index, exp.name);
      if (funcType === undefined) throw missingEntity(`func ${exp.index} (export "${exp.name}")`);
      type = funcType;
    } else {
      type = externTypeAt(info, exp.kind, exp.index);
    }
    return { name: exp.name, type, index: exp.index };
  });
}

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
  ValTypeInfo,
} from '../wasm/index.ts';
import { decodeExports, definedFunction } from '../wasm/index.ts';
import { LayerError } from './errors.ts';
import {
  engineHasProposal,
  supportedFeatures,
  unsupportedFeaturesMessage,
  type EngineProposal,
} from './features/index.ts';
import type { Feature } from '../wasm/index.ts';
import {
  FuncType,
  GlobalType,
  MemoryType,
  TableType,
  TagType,
  refType,
  type ExternType,
  type RefType,
  type ValType,
} from './types.ts';

function unsupported(message: string): LayerError {
  return new LayerError('unsupported', `${message} is not yet supported in the wasm_runtime_layer`);
}

/**
 * A decoder value type as a runtime value type. A concrete heap type (a type index) becomes
 * its abstract upper bound, `func`, `struct` or `array`: the runtime's types are
 * module-independent, and the engine checks the exact type wherever a value enters wasm.
 */
export function valTypeOf(info: ModuleInfo, t: ValTypeInfo): ValType {
  if (typeof t === 'string') return t;
  if (typeof t.heap === 'string') return refType(t.heap, t.nullable);
  const composite = info.types[t.heap]?.composite;
  if (composite === undefined) throw missingEntity(`type ${t.heap}`);
  if (composite.kind === 'cont') throw unsupported(`continuation reference (ref $${t.heap})`);
  return refType(composite.kind, t.nullable);
}

/** The signature at type index `typeIndex`. */
export function funcTypeAt(info: ModuleInfo, typeIndex: number, name?: string): FuncType {
  const composite = info.types[typeIndex]?.composite;
  if (composite?.kind !== 'func') throw missingEntity(`function type ${typeIndex}`);
  const of = (t: ValTypeInfo) => valTypeOf(info, t);
  return new FuncType(composite.params.map(of), composite.results.map(of), name);
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

/**
 * What the engine lacks to carry `what` across the boundary: still `unsupported`, as when the
 * layer refused shared memories outright, but naming the missing feature in the feature list.
 */
function engineLacks(what: string, feature: Feature | EngineProposal): LayerError {
  return new LayerError(
    'unsupported',
    `${what} is not supported by this engine: ${unsupportedFeaturesMessage([feature])}`,
  );
}

function memoryTypeOf(t: MemoryTypeInfo): MemoryType {
  if (t.shared) {
    // Invalid whatever the engine: a `compile` error, like any other invalid module.
    if (t.max === undefined)
      throw new LayerError('compile', 'invalid module: shared memory must have a maximum');
    if (!supportedFeatures().has('threads')) throw engineLacks('shared memory', 'threads');
  }
  return new MemoryType(t.min, t.max, { address: t.is64 ? 'i64' : 'i32', shared: t.shared });
}

function tableTypeOf(info: ModuleInfo, t: TableTypeInfo): TableType {
  const element = valTypeOf(info, t.element) as RefType;
  return new TableType(element, t.min, t.max, { address: t.is64 ? 'i64' : 'i32' });
}

function globalTypeOf(info: ModuleInfo, t: GlobalTypeInfo): GlobalType {
  if (t.shared && !engineHasProposal('shared-everything-threads'))
    throw engineLacks('shared global', 'shared-everything-threads');
  return new GlobalType(valTypeOf(info, t.type), t.mutable, { shared: t.shared });
}

/** The tag type whose payload is the parameters of function type `typeIndex`. */
function tagTypeAt(info: ModuleInfo, typeIndex: number): TagType {
  return new TagType(funcTypeAt(info, typeIndex).params);
}

/** The type of tag `index` of the module's tag index space. */
function tagTypeOfIndex(info: ModuleInfo, index: number): TagType {
  const imported = info.imports.filter((i) => i.desc.kind === 'tag');
  const desc = imported[index]?.desc;
  if (desc?.kind === 'tag') return tagTypeAt(info, desc.type.typeIndex);
  const defined = info.tags[index - imported.length];
  if (defined === undefined) throw missingEntity(`tag ${index}`);
  return tagTypeAt(info, defined.typeIndex);
}

/** A reference to an entity the module does not have: the module is invalid. */
function missingEntity(what: string): LayerError {
  return new LayerError('compile', `invalid module: ${what} does not exist`);
}

/** Entity `index` of `kind` in the module's index spaces, as an extern type. */
function externTypeAt(
  info: ModuleInfo,
  kind: 'table' | 'memory' | 'global',
  index: number,
): ExternType {
  const imported = info.imports.filter((i) => i.desc.kind === kind);
  if (index < imported.length) {
    const desc = imported[index].desc;
    if (desc.kind === 'table') return tableTypeOf(info, desc.type);
    if (desc.kind === 'memory') return memoryTypeOf(desc.type);
    if (desc.kind === 'global') return globalTypeOf(info, desc.type);
  }
  const local = index - imported.length;
  const defined =
    kind === 'table'
      ? info.tables[local]?.type
      : kind === 'memory'
        ? info.memories[local]
        : info.globals[local]?.type;
  if (defined === undefined) throw missingEntity(`${kind} ${index}`);
  if (kind === 'table') return tableTypeOf(info, defined as TableTypeInfo);
  if (kind === 'memory') return memoryTypeOf(defined as MemoryTypeInfo);
  return globalTypeOf(info, defined as GlobalTypeInfo);
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
        type = tableTypeOf(info, imp.desc.type);
        break;
      case 'memory':
        type = memoryTypeOf(imp.desc.type);
        break;
      case 'global':
        type = globalTypeOf(info, imp.desc.type);
        break;
      case 'tag':
        type = tagTypeAt(info, imp.desc.type.typeIndex);
        break;
    }
    byKey.set(JSON.stringify([imp.module, imp.name]), { module: imp.module, name: imp.name, type });
  }
  return [...byKey.values()];
}

/** Every export as (name, type); exported functions are named after their export. */
export function exportTypesOf(
  info: ModuleInfo,
): { name: string; type: ExternType; index: number }[] {
  return decodeExports(info).map((exp) => {
    let type: ExternType;
    if (exp.kind === 'func') {
      const funcType = funcTypeOfIndex(info, exp.index, exp.name);
      if (funcType === undefined) throw missingEntity(`func ${exp.index} (export "${exp.name}")`);
      type = funcType;
    } else if (exp.kind === 'tag') {
      type = tagTypeOfIndex(info, exp.index);
    } else {
      type = externTypeAt(info, exp.kind, exp.index);
    }
    return { name: exp.name, type, index: exp.index };
  });
}

/**
 * Rows of a module's lists, a window at a time, filtered by name or index in the worker. A row
 * is built only when it is in the window asked for; a filter walks names, not rows.
 */
import type { EntityKind, ListKind, ListRow, ListWindow } from '../../../protocol/decode/index.ts';
import {
  decodeConstExpr,
  decodeExports,
  definedFunction,
  definedFunctionCount,
  type ConstExpr,
  type ExportInfo,
  type ModuleInfo,
} from '../../../wasm/index.ts';
import { ModuleDocuments, type OpenModule } from './documents.ts';
import { countLocals } from './locals.ts';
import {
  constExprText,
  globalTypeText,
  importTypeText,
  memoryTypeText,
  signatureText,
  tableTypeText,
  tagTypeText,
} from './type-text.ts';

/** How one list is read: its length, one row, and the text a filter matches against. */
interface ListSource {
  length: number;
  row(ordinal: number): ListRow;
  searchText(ordinal: number): string;
  /** The entity index of a row, for `#12`-style filters. */
  entityIndex(ordinal: number): number;
}

type ImportKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

/** For each import, its index in its kind's index space. */
function importIndices(doc: OpenModule, info: ModuleInfo): Uint32Array {
  return ModuleDocuments.memo(doc, 'import-indices', () => {
    const next: Record<ImportKind, number> = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
    return Uint32Array.from(info.imports, (imp) => next[imp.desc.kind]++);
  });
}

/**
 * The exports, decoded once per module and kept: the list, its search and the export names
 * all read every entry (as the lazy `info.exports` was, before the decoder dropped it for
 * explicit readers).
 */
function exportsOf(doc: OpenModule, info: ModuleInfo): ExportInfo[] {
  return ModuleDocuments.memo(doc, 'exports', () => decodeExports(info));
}

/** Export names of each entity (`func:3` → `["main", "_start"]`). */
function exportNames(doc: OpenModule, info: ModuleInfo): Map<string, string[]> {
  return ModuleDocuments.memo(doc, 'export-names', () => {
    const names = new Map<string, string[]>();
    for (const exp of exportsOf(doc, info)) {
      const key = `${exp.kind}:${exp.index}`;
      const list = names.get(key);
      if (list) list.push(exp.name);
      else names.set(key, [exp.name]);
    }
    return names;
  });
}

/** Import `module.name` of each imported entity. */
function importNames(doc: OpenModule, info: ModuleInfo): Map<string, string> {
  return ModuleDocuments.memo(doc, 'import-names', () => {
    const indices = importIndices(doc, info);
    return new Map(
      info.imports.map((imp, i) => [`${imp.desc.kind}:${indices[i]}`, `${imp.module}.${imp.name}`]),
    );
  });
}

function nameMapOf(info: ModuleInfo, kind: EntityKind): Map<number, string> {
  const n = info.names;
  switch (kind) {
    case 'func':
      return n.functions;
    case 'table':
      return n.tables;
    case 'memory':
      return n.memories;
    case 'global':
      return n.globals;
    case 'tag':
      return n.tags;
    case 'type':
      return n.types;
    case 'data':
      return n.datas;
    case 'elem':
      return n.elems;
  }
}

/** The name-section name of an entity when it says more than `shown` (an export or import name). */
function internalName(
  info: ModuleInfo,
  kind: EntityKind,
  index: number,
  shown: string,
): string | undefined {
  const named = nameMapOf(info, kind).get(index);
  return named === undefined || named === shown ? undefined : named;
}

/** The display name of an entity: name section, else export name, else import name, else `kind[i]`. */
function entityName(doc: OpenModule, info: ModuleInfo, kind: EntityKind, index: number): string {
  const named = nameMapOf(info, kind).get(index);
  if (named !== undefined) return named;
  const exported = exportNames(doc, info).get(`${kind}:${index}`)?.[0];
  if (exported !== undefined) return exported;
  const imported = importNames(doc, info).get(`${kind}:${index}`);
  return imported ?? `${kind}[${index}]`;
}

/**
 * The value of an offset expression that is a single `i32.const` or `i64.const` (read as an
 * unsigned address), or undefined when it reads a global or is extended-const arithmetic.
 */
export function constantOffset(info: ModuleInfo, expr: ConstExpr): number | undefined {
  let instructions;
  try {
    instructions = decodeConstExpr(info, expr).filter((instruction) => instruction.name !== 'end');
  } catch {
    return undefined;
  }
  if (instructions.length !== 1) return undefined;
  const { imm } = instructions[0];
  if (imm.kind === 'i32') return imm.value >>> 0;
  if (imm.kind === 'i64') {
    const value = BigInt.asUintN(64, imm.value);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  }
  return undefined;
}

/** The imported-then-defined entities of one kind (tables, memories, globals, tags). */
function spaceSource(
  doc: OpenModule,
  info: ModuleInfo,
  kind: 'table' | 'memory' | 'global' | 'tag',
  imported: number,
  definedType: (i: number) => string,
  definedOffset: (i: number) => number,
  definedNote: (i: number) => string | undefined,
  definedLength: number,
  definedInit: (i: number) => string | undefined = () => undefined,
): ListSource {
  const importsOfKind = ModuleDocuments.memo(doc, `imports-of:${kind}`, () =>
    info.imports.filter((imp) => imp.desc.kind === kind),
  );
  const name = (i: number) => entityName(doc, info, kind, i);
  return {
    length: imported + definedLength,
    entityIndex: (i) => i,
    searchText: (i) => name(i),
    row(i) {
      if (i < imported) {
        const imp = importsOfKind[i];
        return {
          ordinal: i,
          entity: { kind, index: i },
          name: name(i),
          type: importTypeText(info, imp.desc),
          imported: true,
          note: `imported from ${imp.module}.${imp.name}`,
          offset: imp.offset,
        };
      }
      const d = i - imported;
      return {
        ordinal: i,
        entity: { kind, index: i },
        name: name(i),
        type: definedType(d),
        note: definedNote(d),
        offset: definedOffset(d),
        init: definedInit(d),
      };
    },
  };
}

function functionsSource(doc: OpenModule, info: ModuleInfo): ListSource {
  const imported = info.importedFuncs;
  const importsOfKind = ModuleDocuments.memo(doc, 'imports-of:func', () =>
    info.imports.filter((imp) => imp.desc.kind === 'func'),
  );
  const exportsOf = exportNames(doc, info);
  return {
    length: imported + definedFunctionCount(info),
    entityIndex: (i) => i,
    searchText: (i) => entityName(doc, info, 'func', i),
    row(i) {
      const name = entityName(doc, info, 'func', i);
      const exported = exportsOf.get(`func:${i}`);
      const note = exported
        ? `export ${exported.map((e) => JSON.stringify(e)).join(', ')}`
        : undefined;
      if (i < imported) {
        const imp = importsOfKind[i];
        return {
          ordinal: i,
          entity: { kind: 'func', index: i },
          name,
          type: importTypeText(info, imp.desc),
          imported: true,
          note: `imported from ${imp.module}.${imp.name}`,
          offset: imp.offset,
        };
      }
      const body = definedFunction(info, i);
      if (!body) throw new RangeError(`no function ${i}`);
      return {
        ordinal: i,
        entity: { kind: 'func', index: i },
        name,
        type: signatureText(info, body.typeIndex),
        size: body.codeEnd - body.bodyOffset,
        locals: countLocals(info.bytes, body.codeOffset, body.codeEnd),
        imported: false,
        note,
        offset: body.bodyOffset,
      };
    },
  };
}

function listSource(doc: OpenModule, info: ModuleInfo, list: ListKind): ListSource {
  switch (list) {
    case 'functions':
      return functionsSource(doc, info);
    case 'imports': {
      const indices = importIndices(doc, info);
      return {
        length: info.imports.length,
        entityIndex: (i) => indices[i],
        searchText: (i) => `${info.imports[i].module}.${info.imports[i].name}`,
        row(i) {
          const imp = info.imports[i];
          return {
            ordinal: i,
            entity: { kind: imp.desc.kind, index: indices[i] },
            name: imp.name,
            module: imp.module,
            type: importTypeText(info, imp.desc),
            note: internalName(info, imp.desc.kind, indices[i], imp.name),
            offset: imp.offset,
          };
        },
      };
    }
    case 'exports': {
      const exports = exportsOf(doc, info);
      return {
        length: exports.length,
        entityIndex: (i) => exports[i].index,
        searchText: (i) => exports[i].name,
        row(i) {
          const exp = exports[i];
          return {
            ordinal: i,
            entity: { kind: exp.kind, index: exp.index },
            name: exp.name,
            type: entityTypeText(info, exp.kind, exp.index),
            note: internalName(info, exp.kind, exp.index, exp.name),
            offset: exp.offset,
          };
        },
      };
    }
    case 'types':
      return {
        length: info.types.length,
        entityIndex: (i) => i,
        searchText: (i) => entityName(doc, info, 'type', i),
        row(i) {
          const composite = info.types[i].composite;
          const type =
            composite.kind === 'func'
              ? `func ${signatureText(info, i)}`
              : composite.kind === 'struct'
                ? `struct (${composite.fields.length} fields)`
                : composite.kind === 'array'
                  ? 'array'
                  : 'cont';
          return {
            ordinal: i,
            entity: { kind: 'type', index: i },
            name: entityName(doc, info, 'type', i),
            type,
            offset: 0,
          };
        },
      };
    case 'tables':
      return spaceSource(
        doc,
        info,
        'table',
        info.importedTables,
        (d) => tableTypeText(info, info.tables[d].type),
        () => 0,
        (d) =>
          info.tables[d].init ? `init ${constExprText(info, info.tables[d].init!)}` : undefined,
        info.tables.length,
        (d) => (info.tables[d].init ? constExprText(info, info.tables[d].init!) : undefined),
      );
    case 'memories':
      return spaceSource(
        doc,
        info,
        'memory',
        info.importedMemories,
        (d) => memoryTypeText(info.memories[d]),
        () => 0,
        () => undefined,
        info.memories.length,
      );
    case 'globals':
      return spaceSource(
        doc,
        info,
        'global',
        info.importedGlobals,
        (d) => globalTypeText(info, info.globals[d].type),
        (d) => info.globals[d].init.offset,
        (d) => `init ${constExprText(info, info.globals[d].init)}`,
        info.globals.length,
        (d) => constExprText(info, info.globals[d].init),
      );
    case 'tags':
      return spaceSource(
        doc,
        info,
        'tag',
        info.importedTags,
        (d) => tagTypeText(info, info.tags[d]),
        () => 0,
        () => undefined,
        info.tags.length,
      );
    case 'datas':
      return {
        length: info.datas.length,
        entityIndex: (i) => i,
        searchText: (i) => entityName(doc, info, 'data', i),
        row(i) {
          const data = info.datas[i];
          const init = data.offsetExpr ? constExprText(info, data.offsetExpr) : undefined;
          const where = init === undefined ? '' : ` memory ${data.memoryIndex} ${init}`;
          return {
            ordinal: i,
            entity: { kind: 'data', index: i },
            name: entityName(doc, info, 'data', i),
            type: `${data.mode}${where}`,
            size: data.size,
            offset: data.offset,
            mode: data.mode,
            target: data.offsetExpr ? data.memoryIndex : undefined,
            init,
            address: data.offsetExpr ? constantOffset(info, data.offsetExpr) : undefined,
            payloadOffset: data.dataOffset,
          };
        },
      };
    case 'elems':
      return {
        length: info.elems.length,
        entityIndex: (i) => i,
        searchText: (i) => entityName(doc, info, 'elem', i),
        row(i) {
          const elem = info.elems[i];
          const init = elem.offsetExpr ? constExprText(info, elem.offsetExpr) : undefined;
          return {
            ordinal: i,
            entity: { kind: 'elem', index: i },
            name: entityName(doc, info, 'elem', i),
            type: printElemType(info, elem.elementType),
            size: elem.count,
            offset: elem.offset,
            mode: elem.mode,
            target: elem.offsetExpr ? elem.tableIndex : undefined,
            init,
            address: elem.offsetExpr ? constantOffset(info, elem.offsetExpr) : undefined,
          };
        },
      };
  }
}

function printElemType(info: ModuleInfo, type: ModuleInfo['elems'][number]['elementType']): string {
  return tableTypeText(info, { min: 0, element: type, is64: false, shared: false }).replace(
    /^0 /,
    '',
  );
}

/** The type of entity `index` of `kind`, as list text. */
function entityTypeText(info: ModuleInfo, kind: EntityKind, index: number): string {
  const importOf = (k: string, i: number) => info.imports.filter((imp) => imp.desc.kind === k)[i];
  switch (kind) {
    case 'func': {
      if (index < info.importedFuncs) return importTypeText(info, importOf('func', index).desc);
      const body = definedFunction(info, index);
      return body ? signatureText(info, body.typeIndex) : '';
    }
    case 'table':
      return index < info.importedTables
        ? importTypeText(info, importOf('table', index).desc)
        : tableTypeText(info, info.tables[index - info.importedTables].type);
    case 'memory':
      return index < info.importedMemories
        ? importTypeText(info, importOf('memory', index).desc)
        : memoryTypeText(info.memories[index - info.importedMemories]);
    case 'global':
      return index < info.importedGlobals
        ? importTypeText(info, importOf('global', index).desc)
        : globalTypeText(info, info.globals[index - info.importedGlobals].type);
    case 'tag':
      return index < info.importedTags
        ? importTypeText(info, importOf('tag', index).desc)
        : tagTypeText(info, info.tags[index - info.importedTags]);
    default:
      return '';
  }
}

/** Filtered ordinals kept per module (the last few queries). */
const FILTER_CACHE_SIZE = 8;

/** Ordinals of `source` whose text contains `query` (case-insensitive) or whose index is `#n`/`n`. */
function filteredOrdinals(
  doc: OpenModule,
  list: ListKind,
  source: ListSource,
  query: string,
): Uint32Array {
  const filters = ModuleDocuments.memo(doc, 'filters', () => new Map<string, Uint32Array>());
  const key = `${list}\u0000${query}`;
  const cached = filters.get(key);
  if (cached) {
    filters.delete(key);
    filters.set(key, cached);
    return cached;
  }
  const needle = query.toLowerCase();
  const indexQuery = /^#?(\d+)$/.exec(query);
  const wanted = indexQuery ? Number(indexQuery[1]) : -1;
  const matches: number[] = [];
  for (let i = 0; i < source.length; i++) {
    if (source.entityIndex(i) === wanted || source.searchText(i).toLowerCase().includes(needle))
      matches.push(i);
  }
  const ordinals = Uint32Array.from(matches);
  filters.set(key, ordinals);
  if (filters.size > FILTER_CACHE_SIZE) filters.delete(filters.keys().next().value as string);
  return ordinals;
}

/** Rows `start … start + count - 1` of `list`, filtered by `query` (empty: all rows). */
export function listWindow(
  doc: OpenModule,
  info: ModuleInfo,
  list: ListKind,
  start: number,
  count: number,
  query: string,
): ListWindow {
  const source = listSource(doc, info, list);
  const trimmed = query.trim();
  if (trimmed === '') {
    const end = Math.min(source.length, start + count);
    const rows: ListRow[] = [];
    for (let i = start; i < end; i++) rows.push(source.row(i));
    return { total: source.length, rows };
  }
  const ordinals = filteredOrdinals(doc, list, source, trimmed);
  const end = Math.min(ordinals.length, start + count);
  const rows: ListRow[] = [];
  for (let i = start; i < end; i++) rows.push(source.row(ordinals[i]));
  return { total: ordinals.length, rows };
}

export { entityName };

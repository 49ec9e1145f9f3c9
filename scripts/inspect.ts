/**
 * A human-readable report of one module for the command line: its sections, imports, exports,
 * the proposals it uses and the first defined function's disassembly. Each part is computed on
 * its own, so a module that breaks one of them still shows the others.
 */
import {
  decodeExports,
  decodeModule,
  definedFunctionCount,
  printFunction,
  printRefType,
  printValType,
  scanFeatures,
  type ExternalKind,
  type ImportDesc,
  type Limits,
  type ModuleInfo,
  type NameMap,
} from '../src/wasm/index.ts';

/** Lays out rows as columns separated by two spaces; `right` lists right-aligned columns. */
function table(header: string[], rows: string[][], right: readonly number[] = []): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const format = (row: string[]) =>
    row
      .map((cell, c) => (right.includes(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].map((text) => `  ${text}`);
}

/** Imports and exports beyond this many are summarised: real modules have tens of thousands. */
const MAX_LISTED = 25;

/** The first `MAX_LISTED` rows, plus a note of how many were left out. */
function capped(
  heading: string,
  rows: string[][],
  header: string[],
  right: number[] = [],
): string[] {
  const shown = table(header, rows.slice(0, MAX_LISTED), right);
  const hidden = rows.length - MAX_LISTED;
  if (hidden > 0) shown.push(`  … and ${hidden.toLocaleString('en')} more`);
  return [`${heading} (${rows.length.toLocaleString('en')})`, ...shown];
}

function hex(offset: number): string {
  return `0x${offset.toString(16).padStart(6, '0')}`;
}

function limits({ min, max }: Limits): string {
  return max === undefined ? `${min}` : `${min}..${max}`;
}

function describeImport(info: ModuleInfo, desc: ImportDesc): string {
  switch (desc.kind) {
    case 'func':
      return `func (type ${desc.typeIndex})`;
    case 'table':
      return `table ${printRefType(info, desc.type.element)} ${limits(desc.type)}${desc.type.is64 ? ' i64' : ''}`;
    case 'memory': {
      const flags = [desc.type.is64 ? 'i64' : '', desc.type.shared ? 'shared' : ''];
      return `memory ${limits(desc.type)} pages ${flags.join(' ')}`.trimEnd();
    }
    case 'global': {
      const type = printValType(info, desc.type.type);
      return `global ${desc.type.mutable ? `(mut ${type})` : type}`;
    }
    case 'tag':
      return `tag (type ${desc.type.typeIndex})`;
  }
}

function sectionsPart(info: ModuleInfo): string[] {
  const rows = info.sections.map((s) => [
    String(s.id),
    s.id === 0 ? `custom "${s.name}"` : s.kind,
    hex(s.offset),
    s.size.toLocaleString('en'),
  ]);
  return [`Sections (${rows.length})`, ...table(['id', 'name', 'offset', 'size'], rows, [0, 3])];
}

function importsPart(info: ModuleInfo): string[] {
  if (info.imports.length === 0) return ['Imports: none'];
  const rows = info.imports.map((entry) => [
    `${entry.module}.${entry.name}`,
    describeImport(info, entry.desc),
  ]);
  return capped('Imports', rows, ['name', 'type']);
}

function namesOf(info: ModuleInfo, kind: ExternalKind): NameMap {
  const { names } = info;
  const byKind: Record<ExternalKind, NameMap> = {
    func: names.functions,
    table: names.tables,
    memory: names.memories,
    global: names.globals,
    tag: names.tags,
  };
  return byKind[kind];
}

function exportsPart(info: ModuleInfo): string[] {
  const exports = decodeExports(info);
  if (exports.length === 0) return ['Exports: none'];
  const rows = exports.map((entry) => {
    const name = namesOf(info, entry.kind).get(entry.index);
    return [entry.name, entry.kind, String(entry.index), name === undefined ? '' : `$${name}`];
  });
  return capped('Exports', rows, ['name', 'kind', 'index', 'known as'], [2]);
}

function featuresPart(info: ModuleInfo): string[] {
  const { used } = scanFeatures(info);
  if (used.length === 0) return ['Features: none beyond WebAssembly 1.0 (MVP)'];
  const rows = used.map((u) => [u.feature, hex(u.firstOffset), u.count.toLocaleString('en')]);
  return [`Features (${rows.length})`, ...table(['proposal', 'first use', 'uses'], rows, [2])];
}

function firstFunctionPart(info: ModuleInfo): string[] {
  if (definedFunctionCount(info) === 0)
    return ['First defined function: none (the module defines no functions)'];
  const index = info.importedFuncs;
  const name = info.names.functions.get(index);
  const title = `First defined function: ${name === undefined ? '' : `$${name} `}(index ${index}, with byte offsets)`;
  // Lines after the first already carry wabt's module-level indentation.
  const [head, ...body] = printFunction(info, index, { offsets: true }).split('\n');
  return [title, `  ${head}`, ...body];
}

function failure(part: string, error: unknown): string[] {
  return [`${part}: cannot show: ${error instanceof Error ? error.message : String(error)}`];
}

/** The full report for `bytes`, titled `label`, as printable text. */
export function inspectModule(label: string, bytes: Uint8Array): string {
  const title = `${label} (${bytes.length.toLocaleString('en')} bytes)`;
  const out = [title, '='.repeat(title.length)];
  let info: ModuleInfo;
  try {
    info = decodeModule(bytes);
  } catch (error) {
    return [...out, ...failure('Module', error)].join('\n');
  }
  const parts: [string, (info: ModuleInfo) => string[]][] = [
    ['Sections', sectionsPart],
    ['Imports', importsPart],
    ['Exports', exportsPart],
    ['Features', featuresPart],
    ['First defined function', firstFunctionPart],
  ];
  for (const [name, part] of parts) {
    out.push('');
    try {
      out.push(...part(info));
    } catch (error) {
      out.push(...failure(name, error));
    }
  }
  return out.join('\n');
}

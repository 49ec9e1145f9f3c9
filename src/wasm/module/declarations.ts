/**
 * Readers for the sections that declare a module's entities: imports, functions, tables,
 * memories, tags and globals. Each takes a reader spanning exactly the
 * section's payload and fills `ModuleInfo`.
 */
import { walkConstExpr } from '../code/index.ts';
import { type ByteReader, readGlobalType, readMemoryType, readTableType } from '../binary/index.ts';
import type { ImportDesc, ModuleInfo, TableInfo, TagTypeInfo } from '../types.ts';

/** Reads the import section and counts the imported entities of each kind. */
export function readImportSection(r: ByteReader, info: ModuleInfo): void {
  // Two empty names, a kind byte and a one-byte index at least.
  const count = r.count('import', 4);
  for (let i = 0; i < count; i++) {
    const offset = r.pos;
    const module = r.name();
    const name = r.name();
    const desc = readImportDesc(r);
    info.imports.push({ module, name, desc, offset });
    switch (desc.kind) {
      case 'func':
        info.importedFuncs++;
        break;
      case 'table':
        info.importedTables++;
        break;
      case 'memory':
        info.importedMemories++;
        break;
      case 'global':
        info.importedGlobals++;
        break;
      case 'tag':
        info.importedTags++;
        break;
    }
  }
}

function readImportDesc(r: ByteReader): ImportDesc {
  const start = r.pos;
  const kind = r.u8();
  switch (kind) {
    case 0x00:
      return { kind: 'func', typeIndex: r.u32() };
    case 0x01:
      return { kind: 'table', type: readTableType(r) };
    case 0x02:
      return { kind: 'memory', type: readMemoryType(r) };
    case 0x03:
      return { kind: 'global', type: readGlobalType(r) };
    case 0x04:
      return { kind: 'tag', type: readTagType(r) };
    default:
      return r.fail(`malformed import kind 0x${kind.toString(16)}`, start);
  }
}

/** Reads a tag type: attribute byte (0, exception) and the type index of its signature. */
export function readTagType(r: ByteReader): TagTypeInfo {
  const start = r.pos;
  const attribute = r.u8();
  if (attribute !== 0) r.fail(`malformed tag attribute ${attribute}`, start);
  return { attribute, typeIndex: r.u32() };
}

/** Reads the table section, including the `0x40 0x00` form that carries an initial value. */
export function readTableSection(r: ByteReader, info: ModuleInfo): void {
  const count = r.count('table', 3);
  for (let i = 0; i < count; i++) {
    if (r.pos < r.end && r.bytes[r.pos] === 0x40) {
      r.pos++;
      const reservedOffset = r.pos;
      if (r.u8() !== 0) r.fail('malformed table: expected 0x00 after 0x40', reservedOffset);
      const type = readTableType(r);
      const table: TableInfo = { type, init: walkConstExpr(r) };
      info.tables.push(table);
    } else {
      info.tables.push({ type: readTableType(r) });
    }
  }
}

/** Reads the memory section. */
export function readMemorySection(r: ByteReader, info: ModuleInfo): void {
  const count = r.count('memory', 2);
  for (let i = 0; i < count; i++) info.memories.push(readMemoryType(r));
}

/** Reads the tag section. */
export function readTagSection(r: ByteReader, info: ModuleInfo): void {
  const count = r.count('tag', 2);
  for (let i = 0; i < count; i++) info.tags.push(readTagType(r));
}

/** Reads the global section: type and initialiser range of each global. */
export function readGlobalSection(r: ByteReader, info: ModuleInfo): void {
  const count = r.count('global', 3);
  for (let i = 0; i < count; i++) {
    const type = readGlobalType(r);
    info.globals.push({ type, init: walkConstExpr(r) });
  }
}

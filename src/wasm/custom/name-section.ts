/**
 * The `name` custom section (module, function, local, label, type, table, memory, global,
 * elem, data, field and tag names). Engines and wabt treat a malformed name section as
 * advisory: the module stays valid, so a problem here is recorded in `error` and whatever was
 * read before it is kept.
 */
import { WasmDecodeError, ByteReader } from '../binary/index.ts';
import type { IndirectNameMap, NameMap, NameSectionInfo } from '../types.ts';

/** A name section with nothing in it. */
export function emptyNames(): NameSectionInfo {
  return {
    functions: new Map(),
    locals: new Map(),
    labels: new Map(),
    types: new Map(),
    tables: new Map(),
    memories: new Map(),
    globals: new Map(),
    elems: new Map(),
    datas: new Map(),
    fields: new Map(),
    tags: new Map(),
  };
}

/** Subsection ids holding a plain name map, and where each goes. */
const NAME_MAP_SUBSECTIONS: Partial<Record<number, keyof NameSectionInfo>> = {
  1: 'functions',
  4: 'types',
  5: 'tables',
  6: 'memories',
  7: 'globals',
  8: 'elems',
  9: 'datas',
  11: 'tags',
};

/** Subsection ids holding an indirect (two-level) name map. */
const INDIRECT_SUBSECTIONS: Partial<Record<number, keyof NameSectionInfo>> = {
  2: 'locals',
  3: 'labels',
  10: 'fields',
};

/**
 * Reads a name section payload (`r` spans it, after the section name) into `names`. Never throws
 * a `WasmDecodeError`: the first problem ends the reading and is stored in `names.error`.
 */
export function readNameSection(r: ByteReader, names: NameSectionInfo): void {
  try {
    let previousId = -1;
    while (!r.atEnd) {
      const idOffset = r.pos;
      const id = r.u8();
      // The convention fixes the order so a reader can stop early; a repeat would be ambiguous.
      if (id <= previousId) r.fail(`name subsection ${id} is out of order or duplicated`, idOffset);
      previousId = id;
      const sizeOffset = r.pos;
      const size = r.u32();
      if (size > r.remaining)
        r.fail(`name subsection size ${size} exceeds the ${r.remaining} bytes left`, sizeOffset);
      const sub = new ByteReader(r.bytes, r.pos, r.pos + size);
      sub.section = r.section;
      readSubsection(sub, id, names);
      if (!sub.atEnd) sub.fail(`name subsection ${id} has ${sub.remaining} unread bytes`);
      r.pos += size;
    }
  } catch (error) {
    if (!(error instanceof WasmDecodeError)) throw error;
    names.error = error.message;
  }
}

function readSubsection(r: ByteReader, id: number, names: NameSectionInfo): void {
  if (id === 0) {
    names.module = r.name();
    return;
  }
  const mapKey = NAME_MAP_SUBSECTIONS[id];
  if (mapKey !== undefined) {
    readNameMap(r, names[mapKey] as NameMap);
    return;
  }
  const indirectKey = INDIRECT_SUBSECTIONS[id];
  if (indirectKey !== undefined) {
    readIndirectNameMap(r, names[indirectKey] as IndirectNameMap);
    return;
  }
  // Unknown subsections are allowed (future proposals); skip them.
  r.pos = r.end;
}

/** Reads `vec(index name)` into `into`. */
function readNameMap(r: ByteReader, into: NameMap): void {
  const count = r.count('name map entry', 2);
  for (let i = 0; i < count; i++) {
    const index = r.u32();
    into.set(index, r.name());
  }
}

function readIndirectNameMap(r: ByteReader, into: IndirectNameMap): void {
  const count = r.count('indirect name map entry', 2);
  for (let i = 0; i < count; i++) {
    const index = r.u32();
    let inner = into.get(index);
    if (!inner) {
      inner = new Map();
      into.set(index, inner);
    }
    readNameMap(r, inner);
  }
}

/**
 * `decodeModule`: reads every section of a core module except function bodies. This is what
 * makes a 50 MB module cheap to open: the code section's count is checked and its bodies are
 * located on demand (`locateBodies`), and the largest lists (functions, exports) are checked
 * while decoding but kept as typed arrays of positions, read by `definedFunctions` and
 * `decodeExports` as far as asked.
 */
import { readCustomSection, emptyNames } from '../custom/index.ts';
import {
  readGlobalSection,
  readImportSection,
  readMemorySection,
  readTableSection,
  readTagSection,
} from './declarations.ts';
import { scanExportSection } from './exports.ts';
import { readFunctionSection, startFunctionLayout } from '../code/index.ts';
import { ByteReader } from '../binary/index.ts';
import { SECTION_KINDS, sectionRank } from './sections.ts';
import { readDataSection, readElemItems, readElemSection } from './segments.ts';
import { readTypeSection } from './types-section.ts';
import type { ConstExpr, ModuleInfo, SectionInfo } from '../types.ts';

/** Section ids, for readability of the dispatch below. */
const enum Id {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Elem = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
  Tag = 13,
}

/** Decoding state that does not belong in `ModuleInfo`. */
interface Pending {
  /** Type index of each defined function, from the function section. */
  functionTypes: Uint32Array;
  sawCode: boolean;
}

/**
 * Decodes a core WebAssembly module's structure. Throws `WasmDecodeError` for malformed input
 * (never anything else). Function bodies are neither decoded nor walked here: their sizes are
 * checked as they are located, by `decodeFunction`, `definedFunctions` or `scanFeatures`, and
 * a malformed size surfaces there as a `WasmDecodeError`.
 *
 * The result is plain data: no getters, nothing built behind a read, so `structuredClone` or
 * `postMessage` copies exactly what is there: `bytes` (the whole module, unless its buffer is
 * transferred), typed arrays of function and export positions, and the small lists (types,
 * imports, segments, names). Functions and exports are read with `definedFunctions` and
 * `decodeExports`, in whatever window is needed, on either side of the boundary.
 *
 * @example
 * const info = decodeModule(bytes);
 * console.log(info.sections.map((s) => s.name), exportCount(info), definedFunctionCount(info));
 */
export function decodeModule(bytes: Uint8Array): ModuleInfo {
  const r: ByteReader = new ByteReader(bytes, 0, bytes.length);
  const info = emptyModuleInfo(bytes, readHeader(r));
  const pending: Pending = { functionTypes: new Uint32Array(0), sawCode: false };
  let lastRank = 0;
  while (!r.atEnd) {
    r.section = undefined;
    const offset = r.pos;
    const id = r.u8();
    const rank = sectionRank(id);
    if (id !== Id.Custom) {
      if (rank === undefined) r.fail(`malformed section id ${id}`, offset);
      // Sections after their place mean the module continued past where it may.
      if (rank <= lastRank) {
        const what = rank === lastRank ? 'duplicate' : 'out-of-order';
        r.fail(
          `unexpected content after last section: ${what} ${SECTION_KINDS[id]} section`,
          offset,
        );
      }
      lastRank = rank;
    }
    const sizeOffset = r.pos;
    const size = r.u32();
    if (size > r.remaining)
      r.fail(
        `unexpected end: section size ${size} exceeds the ${r.remaining} bytes left`,
        sizeOffset,
      );
    const payloadOffset = r.pos;
    const payload = new ByteReader(bytes, payloadOffset, payloadOffset + size);
    const section: SectionInfo = {
      id,
      kind: SECTION_KINDS[id],
      name: SECTION_KINDS[id],
      offset,
      payloadOffset,
      size,
    };
    payload.section = section.kind;
    if (id === Id.Custom) {
      section.name = payload.name();
      payload.section = `custom:${section.name}`;
      info.sections.push(section);
      // For custom sections the useful payload is what follows the name (e.g. the DWARF data).
      const custom = {
        name: section.name,
        offset,
        payloadOffset: payload.pos,
        size: payload.end - payload.pos,
      };
      readCustomSection(payload, info, custom);
    } else {
      info.sections.push(section);
      readSection(id, payload, info, pending);
      if (!payload.atEnd) payload.fail(`section size mismatch: ${payload.remaining} bytes unread`);
    }
    r.pos = payloadOffset + size;
  }
  r.section = undefined;
  if (pending.functionTypes.length > 0 && !pending.sawCode)
    r.fail('function and code section have inconsistent lengths: no code section');
  if (info.dataCount !== undefined && info.dataCount !== info.datas.length)
    r.fail('data count and data section have inconsistent lengths');
  return info;
}

function readSection(id: number, r: ByteReader, info: ModuleInfo, pending: Pending): void {
  switch (id) {
    case Id.Type: {
      const { types, recGroups } = readTypeSection(r);
      info.types = types;
      info.recGroups = recGroups;
      return;
    }
    case Id.Import:
      return readImportSection(r, info);
    case Id.Function:
      pending.functionTypes = readFunctionSection(r);
      return;
    case Id.Table:
      return readTableSection(r, info);
    case Id.Memory:
      return readMemorySection(r, info);
    case Id.Tag:
      return readTagSection(r, info);
    case Id.Global:
      return readGlobalSection(r, info);
    case Id.Export:
      info.exportOffsets = scanExportSection(r);
      return;
    case Id.Start:
      info.start = r.u32();
      return;
    case Id.Elem:
      info.elems = readElemSection(r);
      return;
    case Id.DataCount:
      info.dataCount = r.u32();
      return;
    case Id.Code:
      pending.sawCode = true;
      info.functionLayout = startFunctionLayout(r, pending.functionTypes);
      return;
    case Id.Data:
      info.datas = readDataSection(r);
      if (info.dataCount !== undefined && info.dataCount !== info.datas.length)
        r.fail('data count and data section have inconsistent lengths');
      return;
  }
}

/** Reads the magic number and version, telling components and other layers apart. */
function readHeader(r: ByteReader): number {
  const bytes = r.bytes;
  if (
    bytes.length < 4 ||
    bytes[0] !== 0x00 ||
    bytes[1] !== 0x61 ||
    bytes[2] !== 0x73 ||
    bytes[3] !== 0x6d
  )
    r.fail('magic header not detected', 0);
  r.pos = 4;
  if (bytes.length < 8) r.fail('unexpected end: the version field is incomplete', 4);
  const version = bytes[4] | (bytes[5] << 8);
  const layer = bytes[6] | (bytes[7] << 8);
  if (layer === 1)
    r.fail(
      `unknown binary version: this is a WebAssembly component (layer 1, version 0x${version.toString(16)}), not a core module`,
      4,
    );
  if (version !== 1 || layer !== 0)
    r.fail(`unknown binary version 0x${(version + layer * 0x10000).toString(16)}`, 4);
  r.pos = 8;
  return version;
}

function emptyModuleInfo(bytes: Uint8Array, version: number): ModuleInfo {
  return {
    bytes,
    version,
    sections: [],
    types: [],
    recGroups: [],
    imports: [],
    importedFuncs: 0,
    importedTables: 0,
    importedMemories: 0,
    importedGlobals: 0,
    importedTags: 0,
    functionLayout: {
      typeIndices: new Uint32Array(0),
      bodies: new Uint32Array(0),
      located: 0,
      nextBody: 0,
      codeSectionEnd: 0,
    },
    tables: [],
    memories: [],
    globals: [],
    exportOffsets: new Uint32Array(0),
    elems: [],
    datas: [],
    tags: [],
    names: emptyNames(),
    debugSections: [],
    customSections: [],
  };
}

/**
 * The items of element segment `segmentIndex`: function indices for the `funcs` forms,
 * expression byte ranges (for `decodeConstExpr` or `printConstExpr`) for the `exprs` forms.
 * Decoded on demand because segments can hold hundreds of thousands of items nobody looks at.
 * Throws `RangeError` for a segment that does not exist.
 *
 * @example
 * const items = decodeElemItems(info, 0); // e.g. [3, 7, 7, 12]: the functions of table slots
 */
export function decodeElemItems(info: ModuleInfo, segmentIndex: number): number[] | ConstExpr[] {
  const segment = info.elems[segmentIndex];
  if (!segment) throw new RangeError(`no element segment ${segmentIndex}`);
  const r = new ByteReader(info.bytes, segment.itemsOffset, segment.itemsEnd);
  r.section = 'elem';
  return readElemItems(r, segment);
}

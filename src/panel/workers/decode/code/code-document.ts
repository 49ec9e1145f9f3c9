/**
 * The module's text as a virtual document: wasm2wat's output (types, imports, functions,
 * tables, memories, tags, globals, exports, start, elems, datas), numbered line by line from a
 * prefix sum over its fields ("blocks"), so any window of lines is built on its own: a
 * function's lines come from the printer when they are shown, a 700,000-entry element segment
 * or a megabyte data string is cut into display lines that are made only when in view.
 */
import type {
  CodeLine,
  CodeLocation,
  CodeTarget,
  EntityRef,
  LineOwner,
  LineOwnerKind,
} from '../../../../protocol/decode/index.ts';
import {
  decodeConstExpr,
  decodeElemItems,
  type ConstExpr,
  type ModuleInfo,
} from '../../../../wasm/index.ts';
import type { CodeIndex, SliceControl } from './code-index.ts';
import { WRAP_CHARS, attachLinks, textLines, type DocLine } from './doc-line.ts';
import { functionLines, malformedFunctionLine } from './function-lines.ts';
import {
  FieldBuilder,
  dataHeaderField,
  elemHeaderField,
  elemPrintsAsFunctions,
  exportField,
  globalField,
  importField,
  memoryField,
  refFuncTarget,
  startField,
  tableField,
  tagField,
  typeGroupField,
  type FieldText,
} from './module-fields.ts';
import { exportsOf } from './module-exports.ts';
import { lexLine } from './tokens.ts';
import {
  escapeBytes,
  escapeName,
  nameOrIndex,
  moduleNames,
  type ModuleNames,
} from '../../../../wasm/print/index.ts';

/** Items of an element segment per display line. */
export const ELEM_ITEMS_PER_LINE = 16;
/** Bytes of a data segment per display line. */
export const DATA_BYTES_PER_LINE = 64;
/** Display lines of functions kept ready (the most recently shown functions; ~10 MB). */
const FUNCTION_CACHE_LINES = 20_000;

/** Block kinds, in the order wasm2wat prints the fields. */
const KINDS: readonly LineOwnerKind[] = [
  'module',
  'type',
  'import',
  'func',
  'table',
  'memory',
  'tag',
  'global',
  'export',
  'start',
  'elem',
  'data',
];
const K = Object.fromEntries(KINDS.map((kind, i) => [kind, i])) as Record<LineOwnerKind, number>;

/** The module's indentation of a field's first line. */
const FIELD_INDENT = '  ';

/** How an element segment is laid out in lines. */
interface ElemLayout {
  /** Items print as a function list (`func $a $b …`). */
  asFunctions: boolean;
  headerLines: number;
  /** Display lines of items ({@link ELEM_ITEMS_PER_LINE} each); 0 in text mode. */
  pieces: number;
  /** Expression items, when the segment has them. */
  exprs: ConstExpr[] | null;
  /** Items that print over several lines: the whole field is laid out as text. */
  textMode: boolean;
  /** Byte offset of each piece's first item, and the items' end (built when first needed). */
  pieceOffsets: Uint32Array | null;
}

/** A field's text as display lines: hard lines split, the first indented, long lines wrapped. */
function fieldLines(field: FieldText, offset: number | null, length: number): DocLine[] {
  const lines: DocLine[] = [];
  let start = 0;
  let first = true;
  for (const hard of field.text.split('\n')) {
    const end = start + hard.length;
    const shift = first ? FIELD_INDENT.length : 0;
    const links = field.links
      .filter((link) => link.from >= start && link.to <= end)
      .map((link) => ({ ...link, from: link.from - start + shift, to: link.to - start + shift }));
    lines.push(...textLines(first ? FIELD_INDENT + hard : hard, offset, length, undefined, links));
    start = end + 1;
    first = false;
  }
  return lines;
}

/** How many display lines {@link fieldLines} makes, without linking short lines. */
function fieldLineCount(field: FieldText): number {
  let count = 0;
  let first = true;
  for (const hard of field.text.split('\n')) {
    const text = first ? FIELD_INDENT + hard : hard;
    count += text.length <= WRAP_CHARS ? 1 : textLines(text, null, 0).length;
    first = false;
  }
  return count;
}

/** Reads the unsigned LEB128 at `pos`; returns the value and the position after it. */
function readU32(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0 || shift >= 28) return [value, pos];
  }
}

/** A least-recently-used cache of functions' lines, bounded by lines. */
class FunctionLineCache {
  readonly #entries = new Map<number, DocLine[]>();
  #lines = 0;

  get(func: number): DocLine[] | undefined {
    const lines = this.#entries.get(func);
    if (lines) {
      this.#entries.delete(func);
      this.#entries.set(func, lines);
    }
    return lines;
  }

  set(func: number, lines: DocLine[]): void {
    this.#entries.set(func, lines);
    this.#lines += lines.length;
    while (this.#lines > FUNCTION_CACHE_LINES && this.#entries.size > 1) {
      const [oldest, old] = this.#entries.entries().next().value as [number, DocLine[]];
      this.#entries.delete(oldest);
      this.#lines -= old.length;
    }
  }
}

/** Whether function `func`'s printed params or locals carry a name with a line break. */
function hasMultilineLocalNames(info: ModuleInfo, func: number): boolean {
  const locals = info.names.locals.get(func);
  if (!locals) return false;
  for (const name of locals.values()) if (name.includes('\n')) return true;
  return false;
}

/** The text of one module, numbered. */
export class CodeDocument {
  readonly names: ModuleNames;
  readonly #info: ModuleInfo;
  readonly #index: CodeIndex;
  /** First block of each kind (and the block count at the end). */
  readonly #kindStart: number[];
  /** First line of each block (and the line count at the end). */
  readonly #lineStart: Uint32Array;
  /** Lines of each defined function (the index's counts, corrected for odd names). */
  readonly #functionLines: Uint32Array;
  readonly #elems: ElemLayout[];
  readonly #dataHeaderLines: Uint32Array;
  /** Per import: its index among the imports of its kind. */
  readonly #importIndex: Uint32Array;
  /** Per kind: the import ordinal of each imported entity. */
  readonly #importOrdinals: Record<string, number[]>;
  readonly #cache = new FunctionLineCache();

  private constructor(
    info: ModuleInfo,
    index: CodeIndex,
    names: ModuleNames,
    parts: {
      kindStart: number[];
      lineStart: Uint32Array;
      functionLines: Uint32Array;
      elems: ElemLayout[];
      dataHeaderLines: Uint32Array;
      importIndex: Uint32Array;
      importOrdinals: Record<string, number[]>;
    },
  ) {
    this.#info = info;
    this.#index = index;
    this.names = names;
    this.#kindStart = parts.kindStart;
    this.#lineStart = parts.lineStart;
    this.#functionLines = parts.functionLines;
    this.#elems = parts.elems;
    this.#dataHeaderLines = parts.dataHeaderLines;
    this.#importIndex = parts.importIndex;
    this.#importOrdinals = parts.importOrdinals;
  }

  /** Lines in the document. */
  get totalLines(): number {
    return this.#lineStart[this.#lineStart.length - 1];
  }

  /** Numbers the text of `info` from its code index, in slices. */
  static async build(
    info: ModuleInfo,
    index: CodeIndex,
    control: SliceControl,
  ): Promise<CodeDocument> {
    const names = moduleNames(info);
    const exports = exportsOf(info);
    const counts = [
      1,
      info.recGroups.length,
      info.imports.length,
      index.defined,
      info.tables.length,
      info.memories.length,
      info.tags.length,
      info.globals.length,
      exports.length,
      info.start === undefined ? 0 : 1,
      info.elems.length,
      info.datas.length,
    ];
    const kindStart = [0];
    for (const count of counts) kindStart.push(kindStart[kindStart.length - 1] + count);
    const blocks = kindStart[kindStart.length - 1];

    const importIndex = new Uint32Array(info.imports.length);
    const importOrdinals: Record<string, number[]> = {
      func: [],
      table: [],
      memory: [],
      global: [],
      tag: [],
    };
    info.imports.forEach((imp, ordinal) => {
      const list = importOrdinals[imp.desc.kind];
      importIndex[ordinal] = list.length;
      list.push(ordinal);
    });

    const functionLineCounts = index.lineCounts.slice();
    for (const func of info.names.locals.keys()) {
      const i = func - index.imported;
      if (i >= 0 && i < index.defined && !index.malformed.has(func)) {
        if (hasMultilineLocalNames(info, func))
          functionLineCounts[i] = functionLines(info, names, func).length;
      }
    }

    const elems: ElemLayout[] = info.elems.map((segment, i) => {
      let exprs: ConstExpr[] | null = null;
      const exprsOf = (): ConstExpr[] =>
        (exprs ??= segment.itemKind === 'exprs' ? (decodeElemItems(info, i) as ConstExpr[]) : []);
      const asFunctions = elemPrintsAsFunctions(info, segment, exprsOf);
      const textMode =
        !asFunctions && exprsOf().some((expr) => decodeConstExpr(info, expr).length > 2);
      return {
        asFunctions,
        headerLines: fieldLineCount(elemHeaderField(info, names, i, asFunctions)),
        pieces: textMode ? 0 : Math.ceil(segment.count / ELEM_ITEMS_PER_LINE),
        exprs: segment.itemKind === 'exprs' ? exprsOf() : null,
        textMode,
        pieceOffsets: null,
      };
    });
    const dataHeaderLines = Uint32Array.from(info.datas, (_, i) =>
      fieldLineCount(dataHeaderField(info, names, i)),
    );

    const lineStart = new Uint32Array(blocks + 1);
    const document = new CodeDocument(info, index, names, {
      kindStart,
      lineStart,
      functionLines: functionLineCounts,
      elems,
      dataHeaderLines,
      importIndex,
      importOrdinals,
    });
    let sliceStart = performance.now();
    let line = 0;
    for (let block = 0; block < blocks; block++) {
      if ((block & 255) === 0 && performance.now() - sliceStart > 12) {
        control.progress(block, blocks);
        await control.checkpoint();
        sliceStart = performance.now();
      }
      lineStart[block] = line;
      line += document.#blockLineCount(block);
    }
    lineStart[blocks] = line;
    control.progress(blocks, blocks);
    return document;
  }

  /** Lines `start … start + count - 1` (fewer at the end of the document). */
  lines(start: number, count: number): CodeLine[] {
    const end = Math.min(this.totalLines, start + count);
    const out: CodeLine[] = [];
    let line = start;
    while (line < end) {
      const block = this.#blockAt(line);
      const first = this.#lineStart[block];
      const to = Math.min(end, this.#lineStart[block + 1]);
      const owner = this.ownerOf(block);
      for (const docLine of this.#blockLines(block, line - first, to - first)) {
        out.push({ line: line++, ...docLine, owner });
      }
    }
    const last = out[out.length - 1];
    if (last && last.line === this.totalLines - 1) {
      // the module's closing parenthesis
      out[out.length - 1] = {
        ...last,
        text: `${last.text})`,
        tokens: [
          ...last.tokens,
          { from: last.text.length, to: last.text.length + 1, kind: 'punctuation' },
        ],
      };
    }
    return out;
  }

  /** The line where `target` is, or null when the module has no such thing. */
  locate(target: CodeTarget): CodeLocation | null {
    const block = this.#blockOf(target);
    if (block === null) return null;
    if (typeof block === 'number')
      return { line: this.#lineStart[block], owner: this.ownerOf(block) };
    return block;
  }

  /** The field block `block` is. */
  ownerOf(block: number): LineOwner {
    const kind = this.#kindOf(block);
    const ordinal = block - this.#kindStart[kind];
    const info = this.#info;
    const names = this.names;
    const named = (ownerKind: LineOwnerKind, map: Map<number, string>, index: number) => ({
      kind: ownerKind,
      index,
      name: nameOrIndex(map, index),
    });
    switch (KINDS[kind]) {
      case 'module':
        return { kind: 'module', index: 0, name: info.names.module ?? '' };
      case 'type':
        return named('type', names.types, info.recGroups[ordinal].firstType);
      case 'import': {
        const imp = info.imports[ordinal];
        return { kind: 'import', index: ordinal, name: `${imp.module}.${imp.name}` };
      }
      case 'func':
        return named('func', names.funcs, info.importedFuncs + ordinal);
      case 'table':
        return named('table', names.tables, info.importedTables + ordinal);
      case 'memory':
        return named('memory', names.memories, info.importedMemories + ordinal);
      case 'tag':
        return named('tag', names.tags, info.importedTags + ordinal);
      case 'global':
        return named('global', names.globals, info.importedGlobals + ordinal);
      case 'export':
        return { kind: 'export', index: ordinal, name: exportsOf(info)[ordinal].name };
      case 'start':
        return { kind: 'start', index: 0, name: 'start' };
      case 'elem':
        return named('elem', names.elems, ordinal);
      default:
        return named('data', names.datas, ordinal);
    }
  }

  /** The display name of function `func`, as its references print. */
  functionName(func: number): string {
    return nameOrIndex(this.names.funcs, func);
  }

  #blockAt(line: number): number {
    const starts = this.#lineStart;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  #kindOf(block: number): number {
    let kind = 0;
    while (block >= this.#kindStart[kind + 1]) kind++;
    return kind;
  }

  #blockLineCount(block: number): number {
    const kind = this.#kindOf(block);
    const ordinal = block - this.#kindStart[kind];
    switch (KINDS[kind]) {
      case 'module':
        return 1;
      case 'func':
        return this.#functionLines[ordinal];
      case 'elem': {
        const layout = this.#elems[ordinal];
        if (layout.textMode) return fieldLineCount(this.#elemText(ordinal));
        return layout.headerLines + (layout.pieces > 1 ? layout.pieces : 0);
      }
      case 'data': {
        const chunks = dataChunks(this.#info.datas[ordinal].size);
        return this.#dataHeaderLines[ordinal] + (chunks > 1 ? chunks : 0);
      }
      default:
        return fieldLineCount(this.#field(kind, ordinal));
    }
  }

  /** Lines `from … to - 1` of block `block`. */
  #blockLines(block: number, from: number, to: number): DocLine[] {
    const kind = this.#kindOf(block);
    const ordinal = block - this.#kindStart[kind];
    const info = this.#info;
    switch (KINDS[kind]) {
      case 'module': {
        const name = info.names.module ? ` ${escapeName(`$${info.names.module}`)}` : '';
        const text = `(module${name}`;
        return [{ text, tokens: lexLine(text), offset: 0, length: 8, wrapped: false }];
      }
      case 'func':
        return this.#functionBlock(ordinal).slice(from, to);
      case 'elem':
        return this.#elemLines(ordinal, from, to);
      case 'data':
        return this.#dataLines(ordinal, from, to);
      default: {
        const { offset, length } = this.#fieldRange(kind, ordinal);
        return fieldLines(this.#field(kind, ordinal), offset, length).slice(from, to);
      }
    }
  }

  /** The lines of defined function `ordinal`, as many as the index counted. */
  #functionBlock(ordinal: number): DocLine[] {
    const func = this.#index.imported + ordinal;
    const cached = this.#cache.get(func);
    if (cached) return cached;
    const error = this.#index.malformed.get(func);
    let lines = error
      ? [malformedFunctionLine(this.names, func, error)]
      : functionLines(this.#info, this.names, func);
    const expected = this.#functionLines[ordinal];
    if (lines.length !== expected) {
      // The walker and the decoder disagree on a malformed body: keep the numbering.
      lines = lines.slice(0, expected);
      while (lines.length < expected)
        lines.push({ text: '', tokens: [], offset: null, length: 0, wrapped: false });
    }
    this.#cache.set(func, lines);
    return lines;
  }

  #field(kind: number, ordinal: number): FieldText {
    const info = this.#info;
    const names = this.names;
    switch (KINDS[kind]) {
      case 'type':
        return typeGroupField(info, names, ordinal);
      case 'import':
        return importField(info, names, ordinal, this.#importIndex[ordinal]);
      case 'table':
        return tableField(info, names, ordinal);
      case 'memory':
        return memoryField(info, names, ordinal);
      case 'tag':
        return tagField(info, names, ordinal);
      case 'global':
        return globalField(info, names, ordinal);
      case 'export':
        return exportField(info, names, exportsOf(info)[ordinal]);
      case 'start':
        return startField(info, names, info.start ?? 0);
      default:
        throw new RangeError(`block kind ${KINDS[kind]} has no plain field text`);
    }
  }

  /** Where a field is in the module, as far as the decoder recorded it. */
  #fieldRange(kind: number, ordinal: number): { offset: number | null; length: number } {
    const info = this.#info;
    const sectionEnd = (id: number): number => {
      const section = info.sections.find((s) => s.id === id);
      return section ? section.payloadOffset + section.size : 0;
    };
    switch (KINDS[kind]) {
      case 'import': {
        const offset = info.imports[ordinal].offset;
        const next = info.imports[ordinal + 1]?.offset ?? sectionEnd(2);
        return { offset, length: next - offset };
      }
      case 'export': {
        const exports = exportsOf(info);
        const offset = exports[ordinal].offset;
        const next = exports[ordinal + 1]?.offset ?? sectionEnd(7);
        return { offset, length: next - offset };
      }
      case 'global': {
        const init = info.globals[ordinal].init;
        return { offset: init.offset, length: init.end - init.offset };
      }
      case 'start': {
        const section = info.sections.find((s) => s.id === 8);
        return section
          ? { offset: section.payloadOffset, length: section.size }
          : { offset: null, length: 0 };
      }
      default:
        return { offset: null, length: 0 };
    }
  }

  #elemText(ordinal: number): FieldText {
    const layout = this.#elems[ordinal];
    const header = elemHeaderField(this.#info, this.names, ordinal, layout.asFunctions);
    const b = new FieldBuilder(this.#info, this.names);
    b.text = header.text;
    b.links.push(...header.links);
    for (const expr of layout.exprs ?? []) b.add(' ').expr(expr);
    return b.add(')').done();
  }

  /** Byte offsets of each item piece of element segment `ordinal` (and the items' end). */
  #pieceOffsets(ordinal: number): Uint32Array {
    const layout = this.#elems[ordinal];
    if (layout.pieceOffsets) return layout.pieceOffsets;
    const segment = this.#info.elems[ordinal];
    const offsets = new Uint32Array(layout.pieces + 1);
    if (layout.exprs) {
      for (let p = 0; p < layout.pieces; p++)
        offsets[p] = layout.exprs[p * ELEM_ITEMS_PER_LINE].offset;
    } else {
      const bytes = this.#info.bytes;
      let pos = segment.itemsOffset;
      for (let item = 0; item < segment.count; item++) {
        if (item % ELEM_ITEMS_PER_LINE === 0) offsets[item / ELEM_ITEMS_PER_LINE] = pos;
        while (bytes[pos] & 0x80) pos++;
        pos++;
      }
    }
    offsets[layout.pieces] = segment.itemsEnd;
    layout.pieceOffsets = offsets;
    return offsets;
  }

  #elemLines(ordinal: number, from: number, to: number): DocLine[] {
    const layout = this.#elems[ordinal];
    const info = this.#info;
    const segment = info.elems[ordinal];
    if (layout.textMode) {
      return fieldLines(
        this.#elemText(ordinal),
        segment.offset,
        segment.itemsEnd - segment.offset,
      ).slice(from, to);
    }
    const out: DocLine[] = [];
    const headerLines = layout.headerLines;
    // a segment of one line of items keeps them on its header line
    const separate = layout.pieces > 1;
    const lastLine = headerLines + (separate ? layout.pieces : 0) - 1;
    const piece = (p: number): DocLine => this.#elemPiece(ordinal, p);
    if (from < headerLines) {
      const header = fieldLines(
        elemHeaderField(info, this.names, ordinal, layout.asFunctions),
        segment.offset,
        segment.itemsOffset - segment.offset,
      );
      for (let i = from; i < Math.min(to, headerLines); i++) {
        let line = header[i];
        if (i === headerLines - 1 && !separate && layout.pieces === 1) {
          line = { ...joinLines(line, piece(0)), length: segment.itemsEnd - segment.offset };
        }
        out.push(i === lastLine ? closeLine(line) : line);
      }
    }
    for (let line = Math.max(from, headerLines); line < to; line++) {
      const shown = piece(line - headerLines);
      out.push(line === lastLine ? closeLine(shown) : shown);
    }
    return out;
  }

  /** Items `p * ELEM_ITEMS_PER_LINE …` of element segment `ordinal`, as one display line. */
  #elemPiece(ordinal: number, p: number): DocLine {
    const layout = this.#elems[ordinal];
    const info = this.#info;
    const segment = info.elems[ordinal];
    const offsets = this.#pieceOffsets(ordinal);
    const first = p * ELEM_ITEMS_PER_LINE;
    const end = Math.min(segment.count, first + ELEM_ITEMS_PER_LINE);
    const b = new FieldBuilder(info, this.names);
    if (layout.asFunctions) {
      let pos = offsets[p];
      for (let item = first; item < end; item++) {
        let func: number;
        if (layout.exprs) func = refFuncTarget(info.bytes, layout.exprs[item]) ?? 0;
        else [func, pos] = readU32(info.bytes, pos);
        b.add(' ').named('func', this.names.funcs, func);
      }
    } else {
      for (let item = first; item < end; item++) b.add(' ').expr(layout.exprs![item]);
    }
    const tokens = lexLine(b.text);
    attachLinks(tokens, b.links);
    return {
      text: b.text,
      tokens,
      offset: offsets[p],
      length: offsets[p + 1] - offsets[p],
      wrapped: true,
    };
  }

  #dataLines(ordinal: number, from: number, to: number): DocLine[] {
    const info = this.#info;
    const segment = info.datas[ordinal];
    const headerLines = this.#dataHeaderLines[ordinal];
    const chunks = dataChunks(segment.size);
    // a string of one line stays on the header's line
    const separate = chunks > 1;
    const out: DocLine[] = [];
    if (from < headerLines) {
      const header = fieldLines(
        dataHeaderField(info, this.names, ordinal),
        segment.offset,
        segment.dataOffset - segment.offset,
      );
      for (let i = from; i < Math.min(to, headerLines); i++) {
        out.push(
          i === headerLines - 1 && !separate
            ? {
                ...joinLines(header[i], this.#dataChunk(ordinal, 0)),
                length: segment.dataOffset + segment.size - segment.offset,
              }
            : header[i],
        );
      }
    }
    for (let line = Math.max(from, headerLines); line < to; line++) {
      out.push(this.#dataChunk(ordinal, line - headerLines));
    }
    return out;
  }

  /** Bytes `chunk * DATA_BYTES_PER_LINE …` of data segment `ordinal`, as one display line. */
  #dataChunk(ordinal: number, chunk: number): DocLine {
    const segment = this.#info.datas[ordinal];
    const chunks = dataChunks(segment.size);
    const start = segment.dataOffset + chunk * DATA_BYTES_PER_LINE;
    const end = Math.min(segment.dataOffset + segment.size, start + DATA_BYTES_PER_LINE);
    const open = chunk === 0 ? ' "' : '';
    const close = chunk === chunks - 1 ? '")' : '';
    const text = open + escapeBytes(this.#info.bytes, start, end) + close;
    const stringEnd = text.length - (close ? 1 : 0);
    const tokens: DocLine['tokens'] = [{ from: open ? 1 : 0, to: stringEnd, kind: 'string' }];
    if (close) tokens.push({ from: stringEnd, to: text.length, kind: 'punctuation' });
    return { text, tokens, offset: start, length: end - start, wrapped: true };
  }

  /** The block a target is in, or the exact line for offsets. */
  #blockOf(target: CodeTarget): number | CodeLocation | null {
    const info = this.#info;
    switch (target.kind) {
      case 'func':
        return this.#entityBlock({ kind: 'func', index: target.index });
      case 'definition':
        return this.#entityBlock(target.entity);
      case 'export':
        return target.index < exportsOf(info).length
          ? this.#kindStart[K.export] + target.index
          : null;
      case 'start':
        return info.start === undefined ? null : this.#kindStart[K.start];
      case 'offset':
        return this.#offsetLocation(target.offset);
    }
  }

  #entityBlock(entity: EntityRef): number | null {
    const info = this.#info;
    const { kind, index } = entity;
    const defined = (blockKind: number, imported: number, count: number): number | null => {
      if (index < imported) {
        const ordinal = this.#importOrdinals[kind]?.[index];
        return ordinal === undefined ? null : this.#kindStart[K.import] + ordinal;
      }
      return index - imported < count ? this.#kindStart[blockKind] + index - imported : null;
    };
    switch (kind) {
      case 'func':
        return defined(K.func, info.importedFuncs, this.#index.defined);
      case 'table':
        return defined(K.table, info.importedTables, info.tables.length);
      case 'memory':
        return defined(K.memory, info.importedMemories, info.memories.length);
      case 'global':
        return defined(K.global, info.importedGlobals, info.globals.length);
      case 'tag':
        return defined(K.tag, info.importedTags, info.tags.length);
      case 'elem':
        return index < info.elems.length ? this.#kindStart[K.elem] + index : null;
      case 'data':
        return index < info.datas.length ? this.#kindStart[K.data] + index : null;
      case 'type': {
        if (index >= info.types.length) return null;
        const groups = info.recGroups;
        let lo = 0;
        let hi = groups.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if (groups[mid].firstType <= index) lo = mid;
          else hi = mid - 1;
        }
        return this.#kindStart[K.type] + lo;
      }
    }
  }

  /** The line showing byte `offset`: its instruction, item, data bytes or field. */
  #offsetLocation(offset: number): CodeLocation | null {
    const info = this.#info;
    // the magic number and version: the module's first line
    if (offset < 8) return { line: 0, owner: this.ownerOf(0) };
    const section = info.sections.find(
      (s) => s.id !== 0 && offset >= s.offset && offset < s.payloadOffset + s.size,
    );
    if (!section) return null;
    const at = (block: number, line = 0): CodeLocation => ({
      line: this.#lineStart[block] + line,
      owner: this.ownerOf(block),
    });
    const inLines = (block: number, lines: readonly DocLine[]): CodeLocation => {
      const found = lines.findIndex(
        (l) => l.offset !== null && offset >= l.offset && offset < l.offset + Math.max(1, l.length),
      );
      return at(block, Math.max(0, found));
    };
    const lastAtOrBefore = (count: number, offsetOf: (i: number) => number): number => {
      let lo = 0;
      let hi = count - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (offsetOf(mid) <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const first = (kind: number): CodeLocation | null =>
      this.#kindStart[kind + 1] > this.#kindStart[kind] ? at(this.#kindStart[kind]) : null;
    switch (section.id) {
      case 10: {
        const { bodyOffsets, defined } = this.#index;
        if (defined === 0) return null;
        const i = lastAtOrBefore(defined, (f) => bodyOffsets[f]);
        const block = this.#kindStart[K.func] + i;
        if (offset < bodyOffsets[i]) return at(block);
        if (offset >= this.#index.codeEnds[i] - 1) return at(block, this.#functionLines[i] - 1);
        return inLines(block, this.#functionBlock(i));
      }
      case 2:
        if (info.imports.length === 0) return null;
        return at(
          this.#kindStart[K.import] +
            lastAtOrBefore(info.imports.length, (i) => info.imports[i].offset),
        );
      case 7: {
        const exports = exportsOf(info);
        if (exports.length === 0) return null;
        return at(
          this.#kindStart[K.export] + lastAtOrBefore(exports.length, (i) => exports[i].offset),
        );
      }
      case 9: {
        if (info.elems.length === 0) return null;
        const i = lastAtOrBefore(info.elems.length, (s) => info.elems[s].offset);
        const segment = info.elems[i];
        const layout = this.#elems[i];
        const block = this.#kindStart[K.elem] + i;
        if (offset < segment.itemsOffset || layout.textMode) return at(block);
        if (layout.pieces <= 1) return at(block, layout.headerLines - 1);
        const offsets = this.#pieceOffsets(i);
        return at(block, layout.headerLines + lastAtOrBefore(layout.pieces, (p) => offsets[p]));
      }
      case 11: {
        if (info.datas.length === 0) return null;
        const i = lastAtOrBefore(info.datas.length, (s) => info.datas[s].offset);
        const segment = info.datas[i];
        const block = this.#kindStart[K.data] + i;
        if (offset < segment.dataOffset) return at(block);
        const chunks = dataChunks(segment.size);
        if (chunks === 1) return at(block, this.#dataHeaderLines[i] - 1);
        const chunk = Math.min(
          chunks - 1,
          Math.floor((offset - segment.dataOffset) / DATA_BYTES_PER_LINE),
        );
        return at(block, this.#dataHeaderLines[i] + chunk);
      }
      case 6: {
        if (info.globals.length === 0) return null;
        return at(
          this.#kindStart[K.global] +
            lastAtOrBefore(info.globals.length, (g) => info.globals[g].init.offset),
        );
      }
      case 1:
        return first(K.type);
      case 3:
        return first(K.func);
      case 4:
        return first(K.table);
      case 5:
        return first(K.memory);
      case 8:
        return first(K.start);
      case 13:
        return first(K.tag);
      default:
        return null;
    }
  }
}

/** Display lines of a data string of `size` bytes. */
function dataChunks(size: number): number {
  return Math.max(1, Math.ceil(size / DATA_BYTES_PER_LINE));
}

/** `b` appended to `a` on one line (with `a`'s offset). */
function joinLines(a: DocLine, b: DocLine): DocLine {
  const shift = a.text.length;
  return {
    ...a,
    text: a.text + b.text,
    tokens: [
      ...a.tokens,
      ...b.tokens.map((t) => ({ ...t, from: t.from + shift, to: t.to + shift })),
    ],
  };
}

/** The line with the field's closing parenthesis appended. */
function closeLine(line: DocLine): DocLine {
  return {
    ...line,
    text: `${line.text})`,
    tokens: [
      ...line.tokens,
      { from: line.text.length, to: line.text.length + 1, kind: 'punctuation' },
    ],
  };
}

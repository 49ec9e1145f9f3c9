/**
 * The module's fields other than functions as wasm2wat prints them (types, imports, tables,
 * memories, tags, globals, exports, start, element and data segments), built with the link of
 * every reference they make. This follows the decoder's `printModule` field by field, with
 * its names, literals and type texts (`src/wasm/print`); only what carries a link is built
 * here. The code view's tests hold the two to the same text.
 */
import type { EntityRef } from '../../../../protocol/decode/index.ts';
import {
  decodeConstExpr,
  printConstExpr,
  printRefType,
  type CompositeType,
  type ConstExpr,
  type DataSegmentInfo,
  type ElemSegmentInfo,
  type ImportDesc,
  type ModuleInfo,
  type TagTypeInfo,
} from '../../../../wasm/index.ts';
import type { ExplicitLink } from './doc-line.ts';
import { applyLinks, instructionRules, lexLine } from './tokens.ts';
import {
  definedName,
  nameOrIndex,
  namesOfKind,
  printGlobalType,
  printMemoryType,
  printComposite,
  printTableType,
  quotedName,
  typeList,
  type ModuleNames,
} from '../../../../wasm/print/index.ts';

/** A field's text (lines separated by `\n`) and the links of the references in it. */
export interface FieldText {
  text: string;
  links: ExplicitLink[];
}

/** Builds a field's text piece by piece, remembering where each reference is. */
export class FieldBuilder {
  text = '';
  readonly links: ExplicitLink[] = [];

  constructor(
    private readonly info: ModuleInfo,
    private readonly names: ModuleNames,
  ) {}

  /** Appends plain text. */
  add(text: string): this {
    this.text += text;
    return this;
  }

  /** Appends `text` as a reference to `target`. */
  ref(target: EntityRef, text: string): this {
    this.links.push({ from: this.text.length, to: this.text.length + text.length, target });
    this.text += text;
    return this;
  }

  /** Appends a reference by name or index, as wasm2wat writes references. */
  named(kind: EntityRef['kind'], map: Map<number, string>, index: number): this {
    return this.ref({ kind, index }, nameOrIndex(map, index));
  }

  /** Appends a constant expression with the links of its instructions' operands. */
  expr(expr: ConstExpr): this {
    const text = printConstExpr(this.info, expr);
    const instructions = decodeConstExpr(this.info, expr);
    let start = this.text.length;
    text.split('\n').forEach((piece, k) => {
      const instr = instructions[k];
      if (instr) {
        const tokens = lexLine(piece);
        applyLinks(piece, tokens, instructionRules(instr, this.names));
        for (const token of tokens) {
          if (token.link)
            this.links.push({ from: start + token.from, to: start + token.to, target: token.link });
        }
      }
      start += piece.length + 1;
    });
    this.text += text;
    return this;
  }

  /** The text built and its links. */
  done(): FieldText {
    return { text: this.text, links: this.links };
  }
}

function addTagType(b: FieldBuilder, info: ModuleInfo, names: ModuleNames, tag: TagTypeInfo): void {
  b.add('(type ').named('type', names.types, tag.typeIndex).add(')');
  const type = info.types[tag.typeIndex]?.composite;
  const params = type?.kind === 'func' ? typeList(info, 'param', type.params) : '';
  if (params !== '') b.add(` ${params}`);
}

function addComposite(
  b: FieldBuilder,
  info: ModuleInfo,
  names: ModuleNames,
  typeIndex: number,
  composite: CompositeType,
): void {
  // Only a continuation type refers to another type; every other form is the printer's text.
  if (composite.kind === 'cont') {
    b.add('(cont ').named('type', names.types, composite.funcTypeIndex).add(')');
  } else b.add(printComposite(info, typeIndex, composite));
}

function addTypeEntry(b: FieldBuilder, info: ModuleInfo, names: ModuleNames, index: number): void {
  const sub = info.types[index];
  b.add(`(type ${names.types.get(index) ?? `(;${index};)`} `);
  if (!sub.explicitSub) {
    addComposite(b, info, names, index, sub.composite);
  } else {
    b.add(sub.final ? '(sub final' : '(sub');
    for (const supertype of sub.supertypes) b.add(' ').named('type', names.types, supertype);
    b.add(' ');
    addComposite(b, info, names, index, sub.composite);
    b.add(')');
  }
  b.add(')');
}

/** Rec group `group` of the type section: its types, in `(rec …)` when it is explicit. */
export function typeGroupField(info: ModuleInfo, names: ModuleNames, group: number): FieldText {
  const b = new FieldBuilder(info, names);
  const { firstType, count, explicit } = info.recGroups[group];
  if (explicit) b.add('(rec ');
  for (let i = firstType; i < firstType + count; i++) {
    if (i > firstType) b.add(' ');
    addTypeEntry(b, info, names, i);
  }
  if (explicit) b.add(')');
  return b.done();
}

/** Import `ordinal`, which is entity `index` of its kind. */
export function importField(
  info: ModuleInfo,
  names: ModuleNames,
  ordinal: number,
  index: number,
): FieldText {
  const imp = info.imports[ordinal];
  const desc = imp.desc;
  const b = new FieldBuilder(info, names);
  b.add(`(import ${quotedName(imp.module)} ${quotedName(imp.name)} (${desc.kind} `);
  b.add(definedName(namesOfKind(names, desc.kind), index)).add(' ');
  switch (desc.kind) {
    case 'func':
      b.add('(type ').named('type', names.types, desc.typeIndex).add(')');
      break;
    case 'table':
      b.add(printTableType(info, desc.type));
      break;
    case 'memory':
      b.add(printMemoryType(desc.type));
      break;
    case 'global':
      b.add(printGlobalType(info, desc.type));
      break;
    case 'tag':
      addTagType(b, info, names, desc.type);
      break;
  }
  return b.add('))').done();
}

/** Defined table `i` (table index `importedTables + i`). */
export function tableField(info: ModuleInfo, names: ModuleNames, i: number): FieldText {
  const table = info.tables[i];
  const b = new FieldBuilder(info, names);
  b.add(`(table ${definedName(names.tables, info.importedTables + i)} `);
  b.add(printTableType(info, table.type));
  if (table.init) b.add(' ').expr(table.init);
  return b.add(')').done();
}

/** Defined memory `i`. */
export function memoryField(info: ModuleInfo, names: ModuleNames, i: number): FieldText {
  const index = info.importedMemories + i;
  return {
    text: `(memory ${definedName(names.memories, index)} ${printMemoryType(info.memories[i])})`,
    links: [],
  };
}

/** Defined tag `i`. */
export function tagField(info: ModuleInfo, names: ModuleNames, i: number): FieldText {
  const b = new FieldBuilder(info, names);
  b.add(`(tag ${definedName(names.tags, info.importedTags + i)} `);
  addTagType(b, info, names, info.tags[i]);
  return b.add(')').done();
}

/** Defined global `i`. */
export function globalField(info: ModuleInfo, names: ModuleNames, i: number): FieldText {
  const global = info.globals[i];
  const b = new FieldBuilder(info, names);
  b.add(`(global ${definedName(names.globals, info.importedGlobals + i)} `);
  b.add(printGlobalType(info, global.type)).add(' ').expr(global.init);
  return b.add(')').done();
}

/** Export `ordinal`. */
export function exportField(
  info: ModuleInfo,
  names: ModuleNames,
  exp: { name: string; kind: ImportDesc['kind']; index: number },
): FieldText {
  const b = new FieldBuilder(info, names);
  b.add(`(export ${quotedName(exp.name)} (${exp.kind} `);
  b.named(exp.kind, namesOfKind(names, exp.kind), exp.index);
  return b.add('))').done();
}

/** The start function. */
export function startField(info: ModuleInfo, names: ModuleNames, start: number): FieldText {
  return new FieldBuilder(info, names)
    .add('(start ')
    .named('func', names.funcs, start)
    .add(')')
    .done();
}

/**
 * How an element segment prints: as a function list (`func $a $b`, wabt's choice whenever the
 * segment is `funcref` and every item is a function), or as expressions.
 */
export function elemPrintsAsFunctions(
  info: ModuleInfo,
  segment: ElemSegmentInfo,
  exprs: () => ConstExpr[],
): boolean {
  const isFuncref = segment.elementType.nullable && segment.elementType.heap === 'func';
  if (!isFuncref) return false;
  if (segment.itemKind === 'funcs') return true;
  return exprs().every((expr) => refFuncTarget(info.bytes, expr) !== null);
}

/** The function of an expression that is exactly `ref.func x end`, else null. */
export function refFuncTarget(bytes: Uint8Array, expr: ConstExpr): number | null {
  if (bytes[expr.offset] !== 0xd2) return null;
  let value = 0;
  let pos = expr.offset + 1;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= expr.end) return null;
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return expr.end - pos === 1 ? value : null;
  }
  return null;
}

/**
 * The part of element segment `index` before its items: `(elem $name (table $t) (offset) func`
 * (or `declare func`, or the element type when the items are expressions).
 */
export function elemHeaderField(
  info: ModuleInfo,
  names: ModuleNames,
  index: number,
  asFunctions: boolean,
): FieldText {
  const segment = info.elems[index];
  const b = new FieldBuilder(info, names);
  b.add(`(elem ${definedName(names.elems, index)}`);
  const isFuncref = segment.elementType.nullable && segment.elementType.heap === 'func';
  if (segment.mode === 'active') {
    if (!isFuncref || segment.tableIndex !== 0) {
      b.add(' (table ').named('table', names.tables, segment.tableIndex).add(')');
    }
    if (segment.offsetExpr) b.add(' ').expr(segment.offsetExpr);
  } else if (segment.mode === 'declarative') {
    b.add(' declare');
  }
  b.add(asFunctions ? ' func' : ` ${printRefType(info, segment.elementType)}`);
  return b.done();
}

/** The part of data segment `index` before its string: `(data $name (memory $m) (offset)`. */
export function dataHeaderField(info: ModuleInfo, names: ModuleNames, index: number): FieldText {
  const segment: DataSegmentInfo = info.datas[index];
  const b = new FieldBuilder(info, names);
  b.add(`(data ${definedName(names.datas, index)}`);
  if (segment.mode === 'active') {
    if (segment.memoryIndex !== 0) {
      b.add(' (memory ').named('memory', names.memories, segment.memoryIndex).add(')');
    }
    if (segment.offsetExpr) b.add(' ').expr(segment.offsetExpr);
  }
  return b.done();
}

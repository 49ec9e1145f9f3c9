/**
 * Colours and links of a line of wasm text: a small lexer for the text the printer writes
 * (keywords, types, numbers, strings, `$names`, comments, parentheses), and the rules that tie
 * an instruction's operands to what they refer to. The text stays the printer's; the tokens
 * are only laid over it.
 */
import type { CodeToken, EntityRef, TokenKind } from '../../../../protocol/decode/index.ts';
import type { Instruction } from '../../../../wasm/index.ts';
import type { ModuleNames } from '../../../../wasm/print/index.ts';

/** Words coloured as types. */
const TYPE_WORDS = new Set([
  'i32',
  'i64',
  'f32',
  'f64',
  'v128',
  'i8',
  'i16',
  'funcref',
  'externref',
  'anyref',
  'eqref',
  'i31ref',
  'structref',
  'arrayref',
  'exnref',
  'nullref',
  'nullfuncref',
  'nullexternref',
  'nullexnref',
  'ref',
  'null',
  'mut',
  'shared',
  'extern',
  'any',
  'eq',
  'i31',
  'struct',
  'array',
  'exn',
  'none',
  'nofunc',
  'noextern',
  'noexn',
]);

const SPACE = 32;
const TAB = 9;
const OPEN = 40;
const CLOSE = 41;
const SEMICOLON = 59;
const QUOTE = 34;
const EQUALS = 61;

function isNumeric(text: string, from: number): boolean {
  const c = text.charCodeAt(from);
  if (c >= 48 && c <= 57) return true;
  if (c === 43 || c === 45) {
    const next = text.charCodeAt(from + 1);
    return (
      (next >= 48 && next <= 57) ||
      text.startsWith('inf', from + 1) ||
      text.startsWith('nan', from + 1)
    );
  }
  return text.startsWith('inf', from) || text.startsWith('nan', from);
}

function atomKind(text: string, from: number, to: number): TokenKind {
  if (text.charCodeAt(from) === 36 /* $ */) return 'name';
  if (isNumeric(text, from)) return 'number';
  return TYPE_WORDS.has(text.slice(from, to)) ? 'type' : 'keyword';
}

/** Splits `text` (one line) into tokens; whitespace between tokens is not a token. */
export function lexLine(text: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    if (c === OPEN && text.charCodeAt(i + 1) === SEMICOLON) {
      const close = text.indexOf(';)', i + 2);
      const to = close < 0 ? n : close + 2;
      tokens.push({ from: i, to, kind: 'comment' });
      i = to;
      continue;
    }
    if (c === OPEN || c === CLOSE) {
      tokens.push({ from: i, to: i + 1, kind: 'punctuation' });
      i++;
      continue;
    }
    if (c === SEMICOLON && text.charCodeAt(i + 1) === SEMICOLON) {
      tokens.push({ from: i, to: n, kind: 'comment' });
      break;
    }
    if (c === QUOTE) {
      const close = text.indexOf('"', i + 1);
      const to = close < 0 ? n : close + 1;
      tokens.push({ from: i, to, kind: 'string' });
      i = to;
      continue;
    }
    let j = i;
    let equals = -1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === SPACE || d === TAB || d === OPEN || d === CLOSE || d === QUOTE) break;
      if (d === EQUALS && equals < 0) equals = j;
      j++;
    }
    // `offset=16`, `align=4`: a keyword and its number
    if (equals > i && equals < j - 1 && text.charCodeAt(i) !== 36 /* $ */) {
      tokens.push({ from: i, to: equals + 1, kind: 'keyword' });
      tokens.push({ from: equals + 1, to: j, kind: 'number' });
    } else {
      tokens.push({ from: i, to: j, kind: atomKind(text, i, j) });
    }
    i = j;
  }
  return tokens;
}

/** How the atoms of a line are tied to entities. */
export interface LinkRules {
  /**
   * Targets of the operand atoms (names and numbers) that follow the line's first keyword at
   * its own depth, in order; null for operands that refer to nothing (a label, a count).
   */
  operands?: (EntityRef | null)[];
  /** The type a `(type $name)` use refers to (a name cannot be read back into an index). */
  typeUse?: number;
  /** Tags of the line's `(catch $tag …)` / `(catch_ref $tag …)` clauses, in order. */
  catchTags?: number[];
}

function isAtom(token: CodeToken): boolean {
  return token.kind === 'name' || token.kind === 'number';
}

/**
 * Sets `link` on the tokens of `text` that refer to something: the operands given by `rules`,
 * `(type X)` uses, the concrete heap types of `(ref X)` (always printed as indices), and the
 * tags of catch clauses.
 */
export function applyLinks(text: string, tokens: CodeToken[], rules: LinkRules = {}): void {
  const openers: string[] = [];
  let keywordDepth = -1;
  let operand = 0;
  let catchIndex = 0;
  let catchAtom = 0;
  let expectOpener = false;
  let afterEquals = false;
  for (const token of tokens) {
    // the number of `offset=16` or `align=4` is part of a memory access, not an operand
    const valueOfKey = afterEquals;
    afterEquals = token.kind === 'keyword' && text.charCodeAt(token.to - 1) === EQUALS;
    if (token.kind === 'punctuation') {
      if (text.charCodeAt(token.from) === OPEN) {
        expectOpener = true;
        openers.push('');
      } else {
        openers.pop();
        expectOpener = false;
      }
      continue;
    }
    const depth = openers.length;
    if (expectOpener) {
      expectOpener = false;
      const word = text.slice(token.from, token.to);
      openers[depth - 1] = word;
      if (word === 'catch' || word === 'catch_ref') catchAtom = 0;
      if (keywordDepth < 0 && token.kind === 'keyword' && rules.operands) keywordDepth = depth;
      continue;
    }
    if (keywordDepth < 0 && token.kind === 'keyword' && rules.operands) {
      keywordDepth = depth;
      continue;
    }
    if (!isAtom(token) || valueOfKey) continue;
    const opener = depth > 0 ? openers[depth - 1] : '';
    if (depth === keywordDepth && (depth === 0 || opener !== 'type')) {
      const target = rules.operands?.[operand++];
      if (target) token.link = target;
      continue;
    }
    if (opener === 'type') {
      const index =
        token.kind === 'number' ? Number(text.slice(token.from, token.to)) : rules.typeUse;
      if (index !== undefined && Number.isSafeInteger(index)) token.link = { kind: 'type', index };
    } else if (opener === 'ref' && token.kind === 'number') {
      token.link = { kind: 'type', index: Number(text.slice(token.from, token.to)) };
    } else if (opener === 'catch' || opener === 'catch_ref') {
      if (catchAtom++ === 0) {
        const tag = rules.catchTags?.[catchIndex++];
        if (tag !== undefined) token.link = { kind: 'tag', index: tag };
      }
    }
  }
}

/** wabt leaves table 0 implicit unless it has a name. */
function tableShown(names: ModuleNames, table: number): boolean {
  return names.tables.has(table) || table !== 0;
}

const ref = (kind: EntityRef['kind'], index: number): EntityRef => ({ kind, index });

/** The link rules of one instruction's text, in the order the printer writes its operands. */
export function instructionRules(instr: Instruction, names: ModuleNames): LinkRules {
  const imm = instr.imm;
  switch (imm.kind) {
    case 'func':
      return { operands: [ref('func', imm.func)] };
    case 'callIndirect': {
      // return_call_indirect never prints its table (as wabt's writer)
      const showTable = instr.opcode !== 0x13 && tableShown(names, imm.table);
      return { operands: showTable ? [ref('table', imm.table)] : [], typeUse: imm.type };
    }
    case 'type':
      return { operands: [ref('type', imm.type)] };
    case 'global':
      return { operands: [ref('global', imm.global)] };
    case 'table':
      return { operands: [ref('table', imm.table)] };
    case 'tag':
      return { operands: [ref('tag', imm.tag)] };
    case 'data':
      return { operands: [ref('data', imm.data)] };
    case 'elem':
      return { operands: [ref('elem', imm.elem)] };
    case 'memory':
      return { operands: imm.memory === 0 ? [] : [ref('memory', imm.memory)] };
    case 'memarg':
    case 'memargLane': {
      // atomic accesses never print their memory (as wabt's writer)
      const shown = instr.prefix !== 0xfe && imm.memarg.memory !== 0;
      return { operands: shown ? [ref('memory', imm.memarg.memory), null] : [null] };
    }
    case 'typeField':
    case 'typeCount':
      return { operands: [ref('type', imm.type), null] };
    case 'typeData':
      return { operands: [ref('type', imm.type), ref('data', imm.data)] };
    case 'typeElem':
      return { operands: [ref('type', imm.type), ref('elem', imm.elem)] };
    case 'typeType':
      return { operands: [ref('type', imm.dstType), ref('type', imm.srcType)] };
    case 'memoryInit':
      return {
        operands: [ref('data', imm.data), ...(imm.memory === 0 ? [] : [ref('memory', imm.memory)])],
      };
    case 'memoryCopy':
      return {
        operands:
          imm.dstMemory === 0 && imm.srcMemory === 0
            ? []
            : [ref('memory', imm.dstMemory), ref('memory', imm.srcMemory)],
      };
    case 'tableInit':
      return {
        operands: [
          ...(tableShown(names, imm.table) ? [ref('table', imm.table)] : []),
          ref('elem', imm.elem),
        ],
      };
    case 'tableCopy':
      return {
        operands: [
          ...(tableShown(names, imm.dstTable) ? [ref('table', imm.dstTable)] : []),
          ...(tableShown(names, imm.srcTable) ? [ref('table', imm.srcTable)] : []),
        ],
      };
    case 'heapType':
      return { operands: typeof imm.heap === 'number' ? [ref('type', imm.heap)] : [] };
    case 'block':
      return {
        operands: [],
        typeUse:
          typeof imm.type === 'object' && 'typeIndex' in imm.type ? imm.type.typeIndex : undefined,
      };
    case 'tryTable':
      return {
        operands: [],
        typeUse:
          typeof imm.type === 'object' && 'typeIndex' in imm.type ? imm.type.typeIndex : undefined,
        catchTags: imm.catches.filter((c) => c.tag >= 0).map((c) => c.tag),
      };
    default:
      return { operands: [] };
  }
}

/**
 * Cuts a line into pieces of at most `width` characters at token boundaries (a token longer
 * than that is cut too), carrying each piece's tokens. Joined, the pieces are the line.
 */
export function wrapLine(
  text: string,
  tokens: CodeToken[],
  width: number,
): { text: string; tokens: CodeToken[] }[] {
  if (text.length <= width) return [{ text, tokens }];
  const pieces: { text: string; tokens: CodeToken[] }[] = [];
  let start = 0;
  let current: CodeToken[] = [];
  const cut = (end: number): void => {
    pieces.push({
      text: text.slice(start, end),
      tokens: current.map((t) => ({ ...t, from: t.from - start, to: t.to - start })),
    });
    start = end;
    current = [];
  };
  for (const original of tokens) {
    let token = original;
    while (token.to - start > width) {
      if (token.from > start) {
        cut(token.from);
        continue;
      }
      const end = start + width;
      current.push({ ...token, to: end });
      cut(end);
      token = { ...token, from: end };
    }
    current.push(token);
  }
  // whitespace after the last token
  while (text.length - start > width) cut(start + width);
  if (start < text.length) cut(text.length);
  return pieces;
}

/**
 * The code view's methods: the module's whole text (wasm2wat's, with names) as a virtual
 * document read a window of lines at a time, where a function, a definition or a byte offset
 * is, and who calls or refers to a function. All of it rests on one walk of the code (the code
 * index), built once per module in the worker with progress and cancellation.
 */
import { isCount, isId, isOneOf, isRecord } from '../guards.ts';
import type { EntityKind, EntityRef } from './lists.ts';

/** Most lines one `codeLines` call returns. */
export const MAX_LINES_PER_WINDOW = 2000;
/** Most referrers of one kind one `referrers` call lists (the totals are always exact). */
export const MAX_REFERRERS = 1000;

/** How a token of a line is coloured (one `--token-*` variable of the panel each). */
export type TokenKind =
  'keyword' | 'type' | 'number' | 'string' | 'name' | 'comment' | 'punctuation';

/** A run of characters `from … to - 1` of a line's text, and where it leads when followed. */
export interface CodeToken {
  from: number;
  to: number;
  kind: TokenKind;
  /** The entity this token refers to (`call $f`, `global.get 3`, `(type $t)`, …). */
  link?: EntityRef;
}

/** What part of the module a line belongs to. */
export type LineOwnerKind =
  | 'module'
  | 'type'
  | 'import'
  | 'func'
  | 'table'
  | 'memory'
  | 'tag'
  | 'global'
  | 'export'
  | 'start'
  | 'elem'
  | 'data';

/**
 * The field a line belongs to: `func` carries a function index (imports first), `import` and
 * `export` their position in their section, the others their index in their own index space
 * (`type`: the first type of the rec group).
 */
export interface LineOwner {
  kind: LineOwnerKind;
  index: number;
  /** How it is named in the text: `$name` or its index; an export or import's quoted name. */
  name: string;
}

/** One line of the module's text. */
export interface CodeLine {
  /** Line number (0-based) in the document. */
  line: number;
  /**
   * The text. Joined with the following `wrapped` lines it is exactly one line of wasm2wat's
   * output (`printModule`): very long lines (a 700,000-entry element segment, a big data
   * string, a huge `br_table`) are split for display.
   */
  text: string;
  tokens: CodeToken[];
  /** Byte offset of what the line shows (an instruction, a field), or null. */
  offset: number | null;
  /** Bytes of what the line shows, from `offset`. */
  length: number;
  /** This line continues the previous one (a split long line). */
  wrapped: boolean;
  owner: LineOwner;
}

/** A window of lines. */
export interface CodeLinesWindow {
  /** Lines in the document. */
  total: number;
  lines: CodeLine[];
}

/** A function whose body could not be decoded (its text is one line naming the problem). */
export interface MalformedFunction {
  func: number;
  message: string;
  offset: number;
}

/** What the code index found, once built. */
export interface CodeSummary {
  /** Lines of the module's text, as the code view shows them. */
  totalLines: number;
  /** Functions in the index space (imported and defined). */
  functions: number;
  importedFunctions: number;
  /** Direct calls (`call`, `return_call`) and `ref.func` uses in function bodies. */
  calls: number;
  refFuncs: number;
  /** Functions that could not be decoded (at most 20 listed) and how many there are. */
  malformed: MalformedFunction[];
  malformedCount: number;
  /** How long building the index took in the worker, in milliseconds. */
  buildMs: number;
}

/** Something the code view can go to. */
export type CodeTarget =
  | { kind: 'func'; index: number }
  | { kind: 'offset'; offset: number }
  /** The line that defines an entity: a global, table, memory, tag, type, data or elem. */
  | { kind: 'definition'; entity: EntityRef }
  /** An export entry, by its position in the export section. */
  | { kind: 'export'; index: number }
  | { kind: 'start' };

/** Where a target is. */
export interface CodeLocation {
  line: number;
  owner: LineOwner;
}

/** One way a function is reached. */
export type Referrer =
  /** `caller` calls it (`call` or `return_call`) at `sites` places, the first at `firstSite`. */
  | { kind: 'call'; caller: number; name: string; sites: number; firstSite: number }
  /** `ref.func` of it in `user`'s body. */
  | { kind: 'ref-func'; user: number; name: string; sites: number; firstSite: number }
  /** It is an item of element segment `segment` (`items` times, the first at `firstItem`). */
  | { kind: 'elem'; segment: number; name: string; items: number; firstItem: number }
  | { kind: 'export'; export: number; name: string }
  | { kind: 'start' }
  /** A global's initial value is `ref.func` of it. */
  | { kind: 'global'; global: number; name: string }
  /** A table's initial value is `ref.func` of it. */
  | { kind: 'table'; table: number; name: string };

/** Who calls and refers to one function. */
export interface FunctionReferrers {
  func: number;
  name: string;
  /** Body size in bytes (0 for an imported function). */
  size: number;
  /** Referrers, callers first (most call sites first), then the module's own references. */
  referrers: Referrer[];
  /** Callers in all (the list may be cut at {@link MAX_REFERRERS}). */
  callers: number;
  /** Call sites in all. */
  callSites: number;
  /** Functions it calls directly. */
  callees: number;
}

/** Method map of the code view's part of the decode worker. */
export interface CodeMethods {
  /** Builds the code index (once; later calls return the same summary). Reports progress. */
  codeIndex: { params: { docId: string }; result: CodeSummary };
  codeLines: {
    params: { docId: string; start: number; count: number };
    result: CodeLinesWindow;
  };
  /** The line of a target, or null when the module has no such thing. */
  locate: { params: { docId: string; target: CodeTarget }; result: CodeLocation | null };
  referrers: { params: { docId: string; func: number }; result: FunctionReferrers };
}

const hasDoc = (p: unknown): p is { docId: string } & Record<string, unknown> =>
  isRecord(p) && isId(p.docId);

const ENTITY_KINDS: readonly EntityKind[] = [
  'func',
  'table',
  'memory',
  'global',
  'tag',
  'type',
  'data',
  'elem',
];

function isEntityRef(value: unknown): value is EntityRef {
  return isRecord(value) && isOneOf(value.kind, ENTITY_KINDS) && isCount(value.index);
}

/** Whether `value` is a well-formed {@link CodeTarget}. */
export function isCodeTarget(value: unknown): value is CodeTarget {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'func':
    case 'export':
      return isCount(value.index);
    case 'offset':
      return isCount(value.offset);
    case 'definition':
      return isEntityRef(value.entity);
    case 'start':
      return true;
    default:
      return false;
  }
}

/** Parameter validators of {@link CodeMethods}. */
export const codeMethodValidators = {
  codeIndex: (p: unknown): p is CodeMethods['codeIndex']['params'] => hasDoc(p),
  codeLines: (p: unknown): p is CodeMethods['codeLines']['params'] =>
    hasDoc(p) && isCount(p.start) && isCount(p.count, MAX_LINES_PER_WINDOW),
  locate: (p: unknown): p is CodeMethods['locate']['params'] => hasDoc(p) && isCodeTarget(p.target),
  referrers: (p: unknown): p is CodeMethods['referrers']['params'] => hasDoc(p) && isCount(p.func),
};

/**
 * The Code tab's state for one module: the module's text a window of lines at a time, the
 * selected line and where the view should scroll, back/forward history, the bytes of the
 * selected line for the hex strip, and the "go to function" quick-open.
 */
import { batch, computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type {
  CodeLine,
  CodeTarget,
  DecodeApi,
  EntityRef,
  FunctionMatch,
} from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import { WindowedRows } from '../common/windowed-rows.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import { codeIndexOf, type CodeIndexState } from './code-index-state.ts';
import type { RevealTarget } from './navigation.ts';

/** A place in the text to come back to. */
export interface CodePosition {
  /** The selected line (or the first visible one when none was selected). */
  line: number;
  /** The first visible line. */
  top: number;
}

/** Where the view should scroll next (a new object each time, so repeats are seen). */
export interface CodeScrollRequest {
  line: number;
  align: 'start' | 'center' | 'nearest';
}

/** The bytes around the selected line's instruction or field. */
export interface HexWindow {
  /** Module offset of `bytes[0]`. */
  start: number;
  bytes: Uint8Array;
  /** The selected line's bytes. */
  focus: { offset: number; length: number };
}

/** "Go to function": a query and its fuzzy matches. */
export interface QuickOpenState {
  readonly open: Signal<boolean>;
  readonly query: Signal<string>;
  readonly matches: Signal<FunctionMatch[]>;
  /** The highlighted match. */
  readonly active: Signal<number>;
  show(): void;
  hide(): void;
  /** Goes to match `index` (default: the highlighted one) and closes. */
  choose(index?: number): Promise<void>;
}

/** The Code tab's state of one module. */
export interface CodeViewState {
  readonly index: CodeIndexState;
  /** The text's lines; null until the index is built. */
  readonly lines: Signal<WindowedRows<CodeLine> | null>;
  readonly selected: Signal<number | null>;
  /** Which link of the selected line Enter follows (←/→ move it). */
  readonly linkCursor: Signal<number>;
  readonly scrollRequest: Signal<CodeScrollRequest | null>;
  readonly canGoBack: ReadonlySignal<boolean>;
  readonly canGoForward: ReadonlySignal<boolean>;
  readonly hex: Signal<HexWindow | null>;
  /** A byte the pointer is over in the hex strip (the line holding it is highlighted). */
  readonly hoverOffset: Signal<number | null>;
  /** A line the pointer is over (its bytes are highlighted in the hex strip). */
  readonly hoverLine: Signal<number | null>;
  /** Something the user asked for that could not be shown. */
  readonly notice: Signal<string | null>;
  readonly quickOpen: QuickOpenState;
  /** Builds the index if needed and makes the lines readable. */
  open(): Promise<void>;
  /** Shows `target`; records where the view was in the history unless `record` is false. */
  goTo(target: CodeTarget, options?: { record?: boolean }): Promise<boolean>;
  /** Follows a link of a line: a function to its code, anything else to its definition. */
  follow(link: EntityRef): Promise<boolean>;
  /** Shows what another view asked for (see `reveal`). */
  reveal(target: RevealTarget): Promise<boolean>;
  back(): void;
  forward(): void;
  select(line: number | null): void;
  /** Tells the state which line is at the top of the view (for the history). */
  setTop(line: number): void;
}

/** Lines fetched per page, and pages kept (8,000 lines). */
const PAGE_LINES = 100;
const PAGES_KEPT = 40;
/** Bytes shown before and after the selected line's bytes, and at most of its own. */
const HEX_CONTEXT = 16;
const HEX_FOCUS_MAX = 96;
/** Matches listed by "go to function". */
const QUICK_OPEN_MATCHES = 50;
/** Typing pauses this long before a search runs (a search walks every function's name). */
const QUICK_OPEN_DEBOUNCE_MS = 60;

function codeTargetOf(target: RevealTarget): CodeTarget | null {
  switch (target.kind) {
    case 'func':
      return { kind: 'func', index: target.index };
    case 'offset':
      return { kind: 'offset', offset: target.offset };
    case 'code':
      return target.target;
    default:
      return null;
  }
}

/** The Code tab's state of `doc` (created on first use). */
export function codeViewOf(
  doc: ModuleDocument,
  decoder: () => RpcClient<DecodeApi>,
): CodeViewState {
  return documentArea(doc, 'code-view', () => createCodeView(doc, decoder));
}

function createCodeView(doc: ModuleDocument, decoder: () => RpcClient<DecodeApi>): CodeViewState {
  const index = codeIndexOf(doc, decoder);
  const lines = signal<WindowedRows<CodeLine> | null>(null);
  const selected = signal<number | null>(null);
  const linkCursor = signal(0);
  const scrollRequest = signal<CodeScrollRequest | null>(null);
  const backStack = signal<CodePosition[]>([]);
  const forwardStack = signal<CodePosition[]>([]);
  const hex = signal<HexWindow | null>(null);
  const hoverOffset = signal<number | null>(null);
  const hoverLine = signal<number | null>(null);
  const notice = signal<string | null>(null);
  let top = 0;

  const docId = (): string => {
    const id = doc.docId.peek();
    if (!id) throw new Error('the module is not open');
    return id;
  };

  const open = async (): Promise<void> => {
    await index.ensure();
    if (!lines.peek()) {
      lines.value = new WindowedRows<CodeLine>(
        (start, count) =>
          decoder()
            .call('codeLines', { docId: docId(), start, count }, { signal: doc.abort.signal })
            .then((window) => ({ total: window.total, rows: window.lines })),
        PAGE_LINES,
        PAGES_KEPT,
      );
    }
  };

  const here = (): CodePosition => ({ line: selected.peek() ?? top, top });

  const record = (): void => {
    const position = here();
    const last = backStack.peek().at(-1);
    if (!last || last.line !== position.line || last.top !== position.top) {
      backStack.value = [...backStack.peek(), position].slice(-100);
    }
    forwardStack.value = [];
  };

  const show = (line: number, align: CodeScrollRequest['align']): void => {
    // Ask for the lines now rather than after the scroll renders (one round trip less), the
    // page with the line first.
    const rows = lines.peek();
    rows?.ensure(line, line + 1);
    rows?.ensure(Math.max(0, line - 40), line + 80);
    batch(() => {
      selected.value = line;
      linkCursor.value = 0;
      scrollRequest.value = { line, align };
      notice.value = null;
    });
  };

  const goTo = async (target: CodeTarget, options: { record?: boolean } = {}): Promise<boolean> => {
    await open();
    const location = await decoder().call(
      'locate',
      { docId: docId(), target },
      { signal: doc.abort.signal },
    );
    if (!location) {
      notice.value = 'That is not in this module.';
      return false;
    }
    if (options.record !== false) record();
    show(location.line, target.kind === 'func' ? 'start' : 'center');
    return true;
  };

  const restore = (position: CodePosition): void => {
    batch(() => {
      selected.value = position.line;
      linkCursor.value = 0;
      scrollRequest.value = { line: position.top, align: 'start' };
    });
  };

  // The selected line's bytes, for the hex strip (refetched when its page arrives).
  let hexRequest = 0;
  let hexFocus: HexWindow['focus'] | null = null;
  effect(() => {
    const rows = lines.value;
    const line = selected.value;
    if (rows) void rows.version.value;
    const shown = rows && line !== null ? rows.get(line) : undefined;
    if (!shown || shown.offset === null) {
      if (!shown && line !== null && rows) rows.ensure(line, line + 1);
      if (shown || line === null) {
        hexFocus = null;
        hexRequest++;
        if (hex.peek() !== null) hex.value = null;
      }
      return;
    }
    const focus = { offset: shown.offset, length: Math.max(1, shown.length) };
    // the bytes shown or on their way already
    if (hexFocus && hexFocus.offset === focus.offset && hexFocus.length === focus.length) return;
    hexFocus = focus;
    const start = Math.max(0, focus.offset - HEX_CONTEXT);
    const end = focus.offset + Math.min(focus.length, HEX_FOCUS_MAX) + HEX_CONTEXT;
    const request = ++hexRequest;
    decoder()
      .call(
        'bytes',
        { docId: docId(), offset: start, length: end - start },
        { signal: doc.abort.signal },
      )
      .then((buffer) => {
        if (request === hexRequest) hex.value = { start, bytes: new Uint8Array(buffer), focus };
      })
      .catch(() => undefined);
  });

  const quickOpen = createQuickOpen(doc, decoder, (func) => goTo({ kind: 'func', index: func }));

  return {
    index,
    lines,
    selected,
    linkCursor,
    scrollRequest,
    canGoBack: computed(() => backStack.value.length > 0),
    canGoForward: computed(() => forwardStack.value.length > 0),
    hex,
    hoverOffset,
    hoverLine,
    notice,
    quickOpen,
    open,
    goTo,
    follow: (link) =>
      goTo(
        link.kind === 'func'
          ? { kind: 'func', index: link.index }
          : { kind: 'definition', entity: link },
      ),
    reveal(target) {
      const codeTarget = codeTargetOf(target);
      return codeTarget ? goTo(codeTarget) : Promise.resolve(false);
    },
    back() {
      const previous = backStack.peek().at(-1);
      if (!previous) return;
      batch(() => {
        forwardStack.value = [...forwardStack.peek(), here()];
        backStack.value = backStack.peek().slice(0, -1);
        restore(previous);
      });
    },
    forward() {
      const next = forwardStack.peek().at(-1);
      if (!next) return;
      batch(() => {
        backStack.value = [...backStack.peek(), here()];
        forwardStack.value = forwardStack.peek().slice(0, -1);
        restore(next);
      });
    },
    select(line) {
      batch(() => {
        selected.value = line;
        linkCursor.value = 0;
      });
    },
    setTop(line) {
      top = line;
    },
  };
}

function createQuickOpen(
  doc: ModuleDocument,
  decoder: () => RpcClient<DecodeApi>,
  go: (func: number) => Promise<boolean>,
): QuickOpenState {
  const open = signal(false);
  const query = signal('');
  const matches = signal<FunctionMatch[]>([]);
  const active = signal(0);
  let request = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const search = (text: string, mine: number): void => {
    const docId = doc.docId.peek();
    if (!docId) return;
    decoder()
      .call(
        'findFunctions',
        { docId, query: text, limit: QUICK_OPEN_MATCHES },
        { signal: doc.abort.signal },
      )
      .then((found) => {
        if (mine !== request) return;
        batch(() => {
          matches.value = found;
          active.value = 0;
        });
      })
      .catch(() => undefined);
  };
  effect(() => {
    if (!open.value) return;
    const text = query.value;
    const mine = ++request;
    clearTimeout(timer);
    // the first search (the empty query) runs at once
    if (text === '') search(text, mine);
    else timer = setTimeout(() => search(text, mine), QUICK_OPEN_DEBOUNCE_MS);
  });
  return {
    open,
    query,
    matches,
    active,
    show() {
      batch(() => {
        query.value = '';
        active.value = 0;
        open.value = true;
      });
    },
    hide() {
      open.value = false;
    },
    async choose(index = active.peek()) {
      const match = matches.peek()[index];
      if (!match) return;
      open.value = false;
      await go(match.index);
    },
  };
}

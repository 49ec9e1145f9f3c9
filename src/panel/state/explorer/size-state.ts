/**
 * The Size tab's state for one module: the size profile a window at a time (largest first,
 * filtered by name), the selected row, and for a selected function the tree of who reaches it
 * (twiggy's `paths`), each level fetched when it is expanded.
 */
import { batch, effect, signal, type Signal } from '@preact/signals';
import type {
  DecodeApi,
  FunctionReferrers,
  SizeItemKind,
  SizeRow,
} from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import { WindowedRows } from '../common/windowed-rows.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import { codeIndexOf, type CodeIndexState } from './code-index-state.ts';

/** Referrers of one function, as fetched. */
export type ReferrersEntry =
  | { state: 'loading' }
  | { state: 'ready'; value: FunctionReferrers }
  | { state: 'failed'; message: string };

/** The Size tab's state of one module. */
export interface SizeViewState {
  readonly query: Signal<string>;
  readonly rows: Signal<WindowedRows<SizeRow>>;
  /** Bytes in the module, and per kind in the unfiltered profile (once a page arrived). */
  readonly moduleSize: Signal<number | null>;
  readonly totals: Signal<Record<SizeItemKind, number> | null>;
  /** Position of the selected row in the (filtered) list. */
  readonly selected: Signal<number | null>;
  /** The function whose referrers show. */
  readonly focus: Signal<number | null>;
  readonly index: CodeIndexState;
  /** Fetched referrers by function (bumped `version` when one arrives). */
  readonly referrers: Map<number, Signal<ReferrersEntry>>;
  /** Expanded tree nodes, by path key (`12/7/3`). */
  readonly expanded: Signal<ReadonlySet<string>>;
  /** Selected tree node, by path key. */
  readonly treeSelected: Signal<string | null>;
  /** Shows who reaches `func` (builds the code index if needed). */
  showReferrers(func: number | null): void;
  /** The referrers of `func` (fetched on first ask). */
  referrersOf(func: number): Signal<ReferrersEntry>;
  /** Expands or collapses tree node `key`. */
  toggle(key: string, open?: boolean): void;
}

/** The Size tab's state of `doc` (created on first use). */
export function sizeViewOf(
  doc: ModuleDocument,
  decoder: () => RpcClient<DecodeApi>,
): SizeViewState {
  return documentArea(doc, 'size-view', () => {
    const query = signal('');
    const moduleSize = signal<number | null>(null);
    const totals = signal<Record<SizeItemKind, number> | null>(null);
    const selected = signal<number | null>(null);
    const focus = signal<number | null>(null);
    const expanded = signal<ReadonlySet<string>>(new Set());
    const treeSelected = signal<string | null>(null);
    const index = codeIndexOf(doc, decoder);
    const referrers = new Map<number, Signal<ReferrersEntry>>();

    const makeRows = (text: string): WindowedRows<SizeRow> =>
      new WindowedRows<SizeRow>(async (start, count) => {
        const docId = doc.docId.peek();
        if (!docId) throw new Error('the module is not open');
        const window = await decoder().call(
          'sizeRows',
          { docId, start, count, query: text },
          { signal: doc.abort.signal },
        );
        batch(() => {
          moduleSize.value = window.moduleSize;
          totals.value = window.totals;
        });
        return window;
      });
    const rows = signal(makeRows(''));
    let current = '';
    effect(() => {
      const text = query.value;
      if (text === current) return;
      current = text;
      rows.peek().dispose();
      batch(() => {
        selected.value = null;
        rows.value = makeRows(text);
      });
    });

    const referrersOf = (func: number): Signal<ReferrersEntry> => {
      const known = referrers.get(func);
      if (known) return known;
      const created = signal<ReferrersEntry>({ state: 'loading' });
      referrers.set(func, created);
      index
        .ensure()
        .then(() => {
          const docId = doc.docId.peek();
          if (!docId) throw new Error('the module is not open');
          return decoder().call('referrers', { docId, func }, { signal: doc.abort.signal });
        })
        .then((value) => (created.value = { state: 'ready', value }))
        .catch((error: unknown) => {
          referrers.delete(func);
          created.value = {
            state: 'failed',
            message: error instanceof Error ? error.message : String(error),
          };
        });
      return created;
    };

    return {
      query,
      rows,
      moduleSize,
      totals,
      selected,
      focus,
      index,
      referrers,
      expanded,
      treeSelected,
      showReferrers(func) {
        batch(() => {
          focus.value = func;
          expanded.value = new Set(func === null ? [] : [String(func)]);
          treeSelected.value = func === null ? null : String(func);
        });
        if (func !== null) referrersOf(func);
      },
      referrersOf,
      toggle(key, open) {
        const next = new Set(expanded.peek());
        const opening = open ?? !next.has(key);
        if (opening) next.add(key);
        else next.delete(key);
        expanded.value = next;
      },
    };
  });
}

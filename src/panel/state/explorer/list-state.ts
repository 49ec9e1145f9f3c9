/**
 * The state of one list of one module (imports, exports, functions, …): the filter text, the
 * selected row, and the rows, fetched a window at a time from the decode worker. A new filter
 * starts a new window cache; the old one is dropped.
 */
import { effect, signal, type Signal } from '@preact/signals';
import type { DecodeApi, ListKind, ListRow } from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import { WindowedRows } from '../common/windowed-rows.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';

/** One list's state. */
export interface ListState {
  readonly kind: ListKind;
  readonly query: Signal<string>;
  readonly selected: Signal<number | null>;
  /** Rows for the current query. */
  readonly rows: Signal<WindowedRows<ListRow>>;
}

/** The state of list `kind` of `doc` (created on first use). */
export function listState(
  doc: ModuleDocument,
  kind: ListKind,
  decoder: () => RpcClient<DecodeApi>,
): ListState {
  return documentArea(doc, `list:${kind}`, () => {
    const query = signal('');
    const selected = signal<number | null>(null);
    const makeRows = (text: string): WindowedRows<ListRow> =>
      new WindowedRows<ListRow>((start, count) => {
        const docId = doc.docId.peek();
        if (!docId) return Promise.reject(new Error('the module is not open'));
        return decoder().call(
          'rows',
          { docId, list: kind, start, count, query: text },
          { signal: doc.abort.signal },
        );
      });
    const rows = signal(makeRows(''));
    let current = '';
    effect(() => {
      const text = query.value;
      if (text === current) return;
      current = text;
      rows.peek().dispose();
      selected.value = null;
      rows.value = makeRows(text);
    });
    return { kind, query, selected, rows };
  });
}

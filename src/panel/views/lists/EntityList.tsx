/**
 * One filterable, virtual list of a module (imports, exports, functions, …): a filter box
 * that matches names or `#index`, a count, and a data grid whose rows arrive from the decode
 * worker a window at a time.
 */
import type { ListKind, ListRow } from '../../../protocol/decode/index.ts';
import { listState, type ModuleDocument } from '../../state/index.ts';
import {
  DataGrid,
  Message,
  formatCount,
  useStore,
  type Column,
  type VirtualRowsHandle,
} from '../common/index.ts';

/** Props of {@link EntityList}. */
export interface EntityListProps {
  doc: ModuleDocument;
  kind: ListKind;
  label: string;
  columns: Column<ListRow>[];
  /** Enter or double click on a row. */
  onActivate?(row: ListRow): void;
  minWidth?: string;
  /** Receives the grid's scroller handle (to bring a row into view). */
  handle?: { current: VirtualRowsHandle | null };
}

/** `imports`, or `import` for one (`Memories` → `memory`). */
function countNoun(label: string, total: number): string {
  const noun = label.toLowerCase();
  return total === 1 ? noun.replace(/ies$/, 'y').replace(/s$/, '') : noun;
}

/** Renders a list of `doc`. */
export function EntityList(props: EntityListProps) {
  const store = useStore();
  const state = listState(props.doc, props.kind, store.decoder);
  const rows = state.rows.value;
  // Read the version so new pages re-render the grid.
  void rows.version.value;
  const total = rows.total.value;
  if (total === null) rows.ensure(0, 50);
  return (
    <div
      class="entity-list"
      data-testid={`list-${props.kind}`}
      data-total={total === null ? '' : String(total)}
    >
      <div class="toolbar">
        <input
          class="text-input filter-input"
          type="search"
          placeholder="Filter by name or #index"
          aria-label={`Filter ${props.label}`}
          value={state.query.value}
          onInput={(event) => (state.query.value = event.currentTarget.value)}
          data-testid={`filter-${props.kind}`}
        />
        <span class="subtle">
          {total === null ? '…' : `${formatCount(total)} ${countNoun(props.label, total)}`}
        </span>
      </div>
      {rows.error.value ? <Message kind="error">{rows.error.value}</Message> : null}
      <DataGrid<ListRow>
        label={props.label}
        count={total ?? 0}
        rowAt={(index) => rows.get(index)}
        columns={props.columns}
        selected={state.selected.value}
        onSelect={(index) => (state.selected.value = index)}
        onActivate={(_, row) => props.onActivate?.(row)}
        onRange={(start, end) => rows.ensure(start, end)}
        testId={`grid-${props.kind}`}
        rowData={(row) => ({
          'data-testid': 'list-row',
          'data-name': row.name,
          'data-index': String(row.entity.index),
        })}
        minWidth={props.minWidth}
        handle={props.handle}
        empty={
          total === 0
            ? state.query.value
              ? 'Nothing matches the filter.'
              : `No ${props.label.toLowerCase()}.`
            : null
        }
      />
    </div>
  );
}

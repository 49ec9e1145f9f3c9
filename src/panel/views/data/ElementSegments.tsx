/**
 * Element segments: the list (mode, table, offset expression, element type, item count) above
 * the selected segment's items, virtualized (700,000 items scroll at once); a click on a
 * function, Enter or a double click on its row, goes to that function's code.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ListRow } from '../../../protocol/decode/index.ts';
import {
  listState,
  reveal,
  type DataState,
  type ElemItem,
  type ModuleDocument,
} from '../../state/index.ts';
import {
  DataGrid,
  formatCount,
  useStore,
  type Column,
  type VirtualRowsHandle,
} from '../common/index.ts';
import { EntityList } from '../lists/EntityList.tsx';
import { indexColumn, nameColumn, sizeColumn, typeColumn } from '../lists/columns.tsx';
import { modeColumn, offsetColumn, targetColumn } from './data-columns.tsx';
import { listPaneHeight } from '../lists/pane-height.ts';
import { useScrollRequest } from './scroll-request.ts';

/** Renders the element segments and the selected one's items. */
export function ElementSegments({ doc, state }: { doc: ModuleDocument; state: DataState }) {
  const store = useStore();
  const segments = listState(doc, 'elems', store.decoder);
  const rows = segments.rows.value;
  void rows.version.value;
  const total = rows.total.value;
  const selected = segments.selected.value;
  const handle = useRef<VirtualRowsHandle | null>(null);
  useScrollRequest(state, 'elems', handle, total);
  useEffect(() => {
    if (selected === null && total && !segments.query.peek()) segments.selected.value = 0;
  }, [selected, total]);
  const row = selected === null ? undefined : rows.get(selected);
  return (
    <div class="data-split">
      <div class="data-split-top" style={{ height: `${listPaneHeight(total, 6)}px` }}>
        <EntityList
          doc={doc}
          kind="elems"
          label="Element segments"
          columns={[
            indexColumn,
            nameColumn,
            modeColumn,
            targetColumn('Table'),
            offsetColumn,
            { ...typeColumn, width: 'minmax(70px, 1fr)' },
            { ...sizeColumn, title: 'Items' },
          ]}
          minWidth="540px"
          handle={handle}
        />
      </div>
      {row ? (
        <ElemItems key={row.entity.index} doc={doc} state={state} row={row} />
      ) : (
        <p class="empty-note">{total === 0 ? '' : 'Select a segment to see its items.'}</p>
      )}
    </div>
  );
}

/** The items of one element segment. */
function ElemItems(props: { doc: ModuleDocument; state: DataState; row: ListRow }) {
  const { doc, state, row } = props;
  const items = state.elemItems(row.entity.index);
  void items.version.value;
  const total = items.total.value;
  if (total === null) items.ensure(0, 50);
  const handle = useRef<VirtualRowsHandle | null>(null);
  const request = state.itemScrollTo.value;
  useEffect(() => {
    if (request === null || total === null || !handle.current) return;
    handle.current.scrollToIndex(request, 'center');
    state.itemScrollTo.value = null;
  }, [request, total]);

  const open = (item: ElemItem): void => {
    if (item.func !== null) reveal(doc, { kind: 'func', index: item.func });
  };
  const columns: Column<ElemItem>[] = [
    { id: 'ordinal', title: 'Item', width: '64px', numeric: true, render: (item) => item.ordinal },
    ...(row.address === undefined
      ? []
      : [
          {
            id: 'slot',
            title: 'Slot',
            width: '72px',
            numeric: true,
            render: (item: ElemItem) => (row.address ?? 0) + item.ordinal,
          },
        ]),
    {
      id: 'value',
      title: 'Value',
      width: 'minmax(160px, 1fr)',
      render: (item) =>
        item.func === null ? (
          <span class="mono">{item.text}</span>
        ) : (
          <button
            type="button"
            class="link"
            tabIndex={-1}
            title={`Show function ${item.func} in the code`}
            onClick={() => open(item)}
            data-testid="elem-item-func"
          >
            {item.text}
            <span class="subtle"> (func {item.func})</span>
          </button>
        ),
      tooltip: (item) => item.text,
    },
  ];
  return (
    <div class="segment-bytes" data-testid="elem-items" data-segment={String(row.entity.index)}>
      <div class="toolbar">
        <span class="toolbar-title">{row.name}</span>
        <span class="subtle segment-facts">
          {row.mode === 'active'
            ? `active, table ${row.target ?? 0} at ${row.init ?? '?'}`
            : (row.mode ?? '')}
          {' · '}
          {total === null ? '…' : `${formatCount(total)} items`}
        </span>
      </div>
      <DataGrid<ElemItem>
        label={`Items of ${row.name}`}
        count={total ?? 0}
        rowAt={(index) => items.get(index)}
        columns={columns}
        selected={state.selectedItem.value}
        onSelect={(index) => (state.selectedItem.value = index)}
        onActivate={(_, item) => open(item)}
        onRange={(start, end) => items.ensure(start - 32, end + 32)}
        handle={handle}
        testId="grid-elem-items"
        rowData={(item) => ({
          'data-testid': 'elem-item',
          'data-ordinal': String(item.ordinal),
          'data-func': item.func === null ? '' : String(item.func),
        })}
        empty="The segment has no items."
      />
    </div>
  );
}

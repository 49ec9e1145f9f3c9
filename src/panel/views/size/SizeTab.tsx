/**
 * The Size tab, twiggy's `top` and `paths` in the explorer: every function body, data and
 * element segment and custom section with its bytes and share of the module, largest first;
 * for the selected function, who reaches it. Enter or a double click opens an item's code.
 */
import type { SizeItemKind, SizeRow } from '../../../protocol/decode/index.ts';
import { reveal, sizeViewOf, type ModuleDocument } from '../../state/index.ts';
import {
  DataGrid,
  Message,
  formatBytes,
  formatCount,
  percent,
  useStore,
  type Column,
} from '../common/index.ts';
import { ReferrersTree } from './ReferrersTree.tsx';

const KIND_LABELS: Record<SizeItemKind, string> = {
  func: 'function',
  data: 'data',
  elem: 'elements',
  custom: 'custom section',
};

/** The summary's shares, in order; a kind the module lacks is left out rather than shown as 0%. */
const SHARE_LABELS: [SizeItemKind, string][] = [
  ['func', 'code'],
  ['data', 'data'],
  ['elem', 'elements'],
  ['custom', 'custom'],
];

function columns(moduleSize: number): Column<SizeRow>[] {
  return [
    {
      id: 'name',
      title: 'Item',
      width: 'minmax(140px, 3fr)',
      render: (row) => <span class={row.kind === 'func' ? 'mono' : undefined}>{row.name}</span>,
      tooltip: (row) => row.name,
    },
    {
      id: 'kind',
      title: 'Kind',
      width: '120px',
      render: (row) => KIND_LABELS[row.kind],
    },
    {
      id: 'bytes',
      title: 'Bytes',
      width: '88px',
      numeric: true,
      render: (row) => formatCount(row.size),
      tooltip: (row) => formatBytes(row.size),
    },
    {
      id: 'share',
      title: 'Share',
      width: 'minmax(110px, 1fr)',
      render: (row) => (
        <span class="share">
          <span class="share-text">{percent(row.size, moduleSize)}</span>
          <span class="share-track">
            <span
              class="share-bar"
              style={{ width: `${Math.min(100, (row.size / moduleSize) * 100)}%` }}
            />
          </span>
        </span>
      ),
    },
  ];
}

/** Opens a size row's code: a function's body, a segment's definition. */
function openRow(doc: ModuleDocument, row: SizeRow): void {
  if (row.kind === 'func') reveal(doc, { kind: 'func', index: row.index });
  else if (row.kind === 'data' || row.kind === 'elem')
    reveal(doc, {
      kind: 'code',
      target: { kind: 'definition', entity: { kind: row.kind, index: row.index } },
    });
}

/** Renders the Size tab of `doc`. */
export function SizeTab({ doc }: { doc: ModuleDocument }) {
  const store = useStore();
  const size = sizeViewOf(doc, store.decoder);
  const rows = size.rows.value;
  void rows.version.value;
  const total = rows.total.value;
  if (total === null) rows.ensure(0, 50);
  const moduleSize = size.moduleSize.value ?? doc.size;
  const totals = size.totals.value;
  const selected = size.selected.value;
  const selectedRow = selected === null ? undefined : rows.get(selected);
  return (
    <div class="size-view" data-testid="size-view">
      <div class="toolbar">
        <input
          class="text-input filter-input"
          type="search"
          placeholder="Filter by name"
          aria-label="Filter the size profile"
          value={size.query.value}
          onInput={(event) => (size.query.value = event.currentTarget.value)}
          data-testid="filter-size"
        />
        <span
          class="subtle size-summary"
          data-testid="size-summary"
          title="Shares of the module: function bodies, data segments, element segments, custom sections"
        >
          {total === null ? '…' : `${formatCount(total)} items`} · module {formatBytes(moduleSize)}
          {totals
            ? SHARE_LABELS.filter(([kind]) => totals[kind] > 0)
                .map(([kind, label]) => ` · ${label} ${percent(totals[kind], moduleSize)}`)
                .join('')
            : ''}
        </span>
      </div>
      {rows.error.value ? <Message kind="error">{rows.error.value}</Message> : null}
      <div class="size-split">
        <DataGrid<SizeRow>
          label="Size profile"
          count={total ?? 0}
          rowAt={(index) => rows.get(index)}
          columns={columns(moduleSize)}
          selected={selected}
          onSelect={(index) => {
            size.selected.value = index;
            const row = rows.get(index);
            size.showReferrers(row?.kind === 'func' ? row.index : null);
          }}
          onActivate={(_, row) => openRow(doc, row)}
          onRange={(start, end) => rows.ensure(start, end)}
          testId="grid-size"
          rowData={(row) => ({
            'data-testid': 'size-row',
            'data-kind': row.kind,
            'data-index': String(row.index),
            'data-size': String(row.size),
            'data-name': row.name,
          })}
          minWidth="420px"
          empty={total === 0 ? 'Nothing matches the filter.' : null}
        />
        <section class="referrers-pane" aria-label="Who reaches the selected function">
          <h2 class="list-title">Who calls and refers to it</h2>
          {selectedRow?.kind === 'func' ? (
            <ReferrersTree doc={doc} size={size} />
          ) : (
            <div class="empty-note">
              {selectedRow
                ? 'Only functions are called and referred to.'
                : 'Select a function to see who calls it, refers to it or exports it.'}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

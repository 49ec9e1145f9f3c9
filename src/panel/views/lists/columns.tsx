/** Columns the lists share. */
import type { ListRow } from '../../../protocol/decode/index.ts';
import { formatCount, type Column } from '../common/index.ts';

/** `#index` of the entity. */
export const indexColumn: Column<ListRow> = {
  id: 'index',
  title: '#',
  width: '64px',
  numeric: true,
  render: (row) => row.entity.index,
};

/** The name. */
export const nameColumn: Column<ListRow> = {
  id: 'name',
  title: 'Name',
  width: 'minmax(120px, 2fr)',
  render: (row) => row.name,
  tooltip: (row) => row.name,
};

/** The kind of entity. */
export const kindColumn: Column<ListRow> = {
  id: 'kind',
  title: 'Kind',
  width: '64px',
  render: (row) => row.entity.kind,
};

/** The type as wasm text. */
export const typeColumn: Column<ListRow> = {
  id: 'type',
  title: 'Type',
  width: 'minmax(140px, 3fr)',
  render: (row) => <span class="mono">{row.type}</span>,
  tooltip: (row) => row.type,
};

/** A note (export names, import origin, name-section name). */
export const noteColumn: Column<ListRow> = {
  id: 'note',
  title: 'Note',
  width: 'minmax(80px, 1.5fr)',
  render: (row) => <span class="subtle">{row.note ?? ''}</span>,
  tooltip: (row) => row.note ?? '',
};

/** Size in bytes. */
export const sizeColumn: Column<ListRow> = {
  id: 'size',
  title: 'Bytes',
  width: '72px',
  numeric: true,
  render: (row) => (row.size === undefined ? '' : formatCount(row.size)),
};

/** Columns of the Data tab's lists. */
import type { ListRow } from '../../../protocol/decode/index.ts';
import { hex, type Column } from '../common/index.ts';

/** How a segment is used. */
export const modeColumn: Column<ListRow> = {
  id: 'mode',
  title: 'Mode',
  width: '80px',
  render: (row) => row.mode ?? '',
};

/** The memory or table an active segment initializes. */
export function targetColumn(title: string): Column<ListRow> {
  return {
    id: 'target',
    title,
    width: '64px',
    numeric: true,
    render: (row) => row.target ?? '',
  };
}

/** An active segment's offset expression (with the address it comes to, when constant). */
export const offsetColumn: Column<ListRow> = {
  id: 'init',
  title: 'Offset',
  width: 'minmax(110px, 2fr)',
  render: (row) => <span class="mono">{row.init ?? ''}</span>,
  tooltip: (row) =>
    row.init === undefined
      ? ''
      : row.address === undefined
        ? row.init
        : `${row.init}: starts at ${hex(row.address)}`,
};

/** A global's or table's initializer; for imported ones, where they come from. */
export const initColumn: Column<ListRow> = {
  id: 'init',
  title: 'Initial value',
  width: 'minmax(120px, 2fr)',
  render: (row) =>
    row.init !== undefined ? (
      <span class="mono">{row.init}</span>
    ) : (
      <span class="subtle">{row.imported ? (row.note ?? '') : ''}</span>
    ),
  tooltip: (row) => row.init ?? row.note ?? '',
};

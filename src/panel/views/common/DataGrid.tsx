/**
 * A DevTools-style data grid over {@link VirtualRows}: a header, rows of fixed height, one
 * selected row moved with the arrow keys, Page Up/Down, Home and End, and Enter (or a double
 * click) to open it. Rows come from `rowAt`, which may not have them yet (a placeholder shows).
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useId, useRef } from 'preact/hooks';
import { VirtualRows, type VirtualRowsHandle } from './VirtualRows.tsx';

/** One column. */
export interface Column<T> {
  id: string;
  title: string;
  /** A CSS grid track: `80px`, `2fr`, `minmax(120px, 1fr)`. */
  width: string;
  /** Right-aligned, tabular digits. */
  numeric?: boolean;
  render(row: T, index: number): ComponentChildren;
  /** Tooltip of the cell. */
  tooltip?(row: T): string;
}

/** Props of {@link DataGrid}. */
export interface DataGridProps<T> {
  /** Accessible name of the grid. */
  label: string;
  count: number;
  rowAt(index: number): T | undefined;
  columns: Column<T>[];
  selected: number | null;
  onSelect(index: number): void;
  /** Enter or double click on a row. */
  onActivate?(index: number, row: T): void;
  onRange?(start: number, end: number): void;
  /** `data-testid` of the scrolling element. */
  testId?: string;
  /** Extra data attributes of a row element (the e2e tests' contract). */
  rowData?(row: T, index: number): Record<string, string>;
  handle?: { current: VirtualRowsHandle | null };
  /** Minimum width before the grid scrolls horizontally. */
  minWidth?: string;
  /** Shown instead of rows when `count` is 0. */
  empty?: ComponentChildren;
}

const ROW_HEIGHT = 20;

/** Renders a virtual, keyboard-driven data grid. */
export function DataGrid<T>(props: DataGridProps<T>) {
  const id = useId();
  const ownHandle = useRef<VirtualRowsHandle | null>(null);
  const handle = props.handle ?? ownHandle;
  const template = props.columns.map((c) => c.width).join(' ');
  const { count, selected, onSelect, onActivate, rowAt } = props;

  const select = useCallback(
    (index: number) => {
      if (count === 0) return;
      const clamped = Math.max(0, Math.min(count - 1, index));
      onSelect(clamped);
      handle.current?.scrollToIndex(clamped);
    },
    [count, onSelect, handle],
  );

  const onKeyDown = (event: KeyboardEvent): void => {
    const page = handle.current?.pageRows() ?? 10;
    const current = selected ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => select(current + 1),
      ArrowUp: () => select(current <= 0 ? 0 : current - 1),
      PageDown: () => select(current + page),
      PageUp: () => select(current - page),
      Home: () => select(0),
      End: () => select(count - 1),
      Enter: () => {
        const row = selected === null ? undefined : rowAt(selected);
        if (row !== undefined && selected !== null) onActivate?.(selected, row);
      },
    };
    const action = keys[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  };

  const renderRow = (index: number) => {
    const row = rowAt(index);
    const isSelected = index === selected;
    if (row === undefined) {
      return (
        <div key={index} class="grid-row placeholder" role="row" aria-rowindex={index + 2}>
          {props.columns.map((column) => (
            <div key={column.id} role="gridcell" class={column.numeric ? 'num' : undefined}>
              {column.id === props.columns[0].id ? '…' : ''}
            </div>
          ))}
        </div>
      );
    }
    return (
      <div
        key={index}
        id={`${id}-row-${index}`}
        class="grid-row"
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        {...props.rowData?.(row, index)}
        onMouseDown={() => onSelect(index)}
        onDblClick={() => onActivate?.(index, row)}
      >
        {props.columns.map((column) => (
          <div
            key={column.id}
            role="gridcell"
            class={column.numeric ? 'num' : undefined}
            title={column.tooltip?.(row)}
          >
            {column.render(row, index)}
          </div>
        ))}
      </div>
    );
  };

  return (
    <div
      class="data-grid"
      style={{ '--grid-columns': template, '--grid-min-width': props.minWidth ?? '0' }}
    >
      <div class="grid-header" role="presentation">
        {props.columns.map((column) => (
          <div key={column.id} class={column.numeric ? 'num' : undefined}>
            {column.title}
          </div>
        ))}
      </div>
      {count === 0 && props.empty ? (
        <div class="empty-note">{props.empty}</div>
      ) : (
        <VirtualRows
          count={count}
          rowHeight={ROW_HEIGHT}
          renderRow={renderRow}
          onRange={props.onRange}
          handle={handle}
          minWidth={props.minWidth}
          attributes={{
            role: 'grid',
            tabIndex: 0,
            'aria-label': props.label,
            'aria-rowcount': count + 1,
            'aria-activedescendant': selected === null ? undefined : `${id}-row-${selected}`,
            onKeyDown,
            ...(props.testId ? { 'data-testid': props.testId } : {}),
          }}
        />
      )}
    </div>
  );
}

/**
 * A hex view of a byte range of any length, as Chrome's Memory Inspector shows one: an address
 * column, 16 bytes in hex and as ASCII per row, rows rendered only in view and fetched a page
 * at a time (so a 10 MB segment or a 4 GiB memory scrolls at once), one selected byte moved
 * with the arrow keys, and the selected byte's values read as integers and floats below.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { BYTES_PER_ROW, type WindowedRows } from '../../state/index.ts';
import { padHex } from './format.ts';
import { VirtualRows, type VirtualRowsHandle } from './VirtualRows.tsx';

/** Props of {@link HexView}. */
export interface HexViewProps {
  /**
   * The range's bytes as rows of `bytesPerRow` bytes (`byteRows`): 16 when the view is wide
   * enough, else 8.
   */
  rowsFor(bytesPerRow: number): WindowedRows<Uint8Array>;
  /** Bytes in the range. */
  length: number;
  /** The address the address column gives byte 0. */
  base: number;
  /** The selected byte (an offset in the range). */
  selected: number | null;
  onSelect(offset: number): void;
  /** Accessible name of the view. */
  label: string;
  testId?: string;
  /** Extra facts about the selected byte for the status line (`file 0x1a2b`). */
  describe?(offset: number): string;
}

const ROW_HEIGHT = 20;
/** Rows fetched beyond the viewport each way, so a short scroll finds them there. */
const PREFETCH_ROWS = 32;

/** A printable ASCII character, or a dot. */
function asciiOf(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** Up to 8 bytes from `offset`, as far as the loaded rows have them. */
function bytesAt(
  rows: WindowedRows<Uint8Array>,
  perRow: number,
  offset: number,
  length: number,
): Uint8Array {
  const out: number[] = [];
  for (let at = offset; at < Math.min(length, offset + 8); at++) {
    const row = rows.get(Math.floor(at / perRow));
    if (!row) break;
    out.push(row[at % perRow]);
  }
  return Uint8Array.from(out);
}

/** The little-endian readings of `bytes` (as many as it is long enough for). */
export function byteValues(bytes: Uint8Array): [string, string][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: [string, string][] = [];
  if (bytes.length >= 1)
    values.push(['u8', String(view.getUint8(0))], ['i8', String(view.getInt8(0))]);
  if (bytes.length >= 2) values.push(['i16', String(view.getInt16(0, true))]);
  if (bytes.length >= 4) {
    values.push(
      ['i32', String(view.getInt32(0, true))],
      ['f32', String(Number(view.getFloat32(0, true).toPrecision(9)))],
    );
  }
  if (bytes.length >= 8) {
    values.push(
      ['i64', String(view.getBigInt64(0, true))],
      ['f64', String(view.getFloat64(0, true))],
    );
  }
  return values;
}

/** Characters of the hex column: `48 65 … 57  65 …` (a double space after the 8th byte). */
function hexChars(perRow: number): number {
  return perRow * 3 - 1 + (perRow > 8 ? 1 : 0);
}

/** Characters a row takes: address, 2 spaces, hex column, 2 spaces, ASCII. */
function rowChars(digits: number, perRow: number): number {
  return digits + 2 + hexChars(perRow) + 2 + perRow;
}

/** The hex column of a row as text. */
function hexText(bytes: Uint8Array): string {
  let text = '';
  for (let k = 0; k < bytes.length; k++) {
    if (k > 0) text += k === 8 ? '  ' : ' ';
    text += padHex(bytes[k], 2);
  }
  return text;
}

/** The ASCII column of a row as text. */
function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += asciiOf(byte);
  return text;
}

/** Which byte of a row a character column of the hex text is (spaces count to the left). */
function byteAtHexColumn(column: number, perRow: number): number {
  const unshifted = perRow > 8 && column >= 24 ? column - 1 : column;
  return Math.max(0, Math.min(perRow - 1, Math.floor(unshifted / 3)));
}

/**
 * 16 bytes a row when the view is wide enough for them, else 8 (a 400 px dock), following the
 * view's width.
 */
function useBytesPerRow(digits: number) {
  const container = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState(BYTES_PER_ROW);
  // The width of a character, for mapping a click to a byte.
  const charWidth = useRef(0);
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(16);
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre';
    element.appendChild(probe);
    const measure = (): void => {
      const ch = probe.getBoundingClientRect().width / 16;
      charWidth.current = ch;
      const width = element.clientWidth;
      // Unlaid-out (a test DOM): keep 16.
      if (ch === 0 || width === 0) return;
      setValue(width >= rowChars(digits, 16) * ch + 12 ? 16 : 8);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
      probe.remove();
    };
  }, [digits]);
  return { container, value, charWidth };
}

/** Renders the hex view. */
export function HexView(props: HexViewProps) {
  const { length, base, selected, onSelect } = props;
  const handle = useRef<VirtualRowsHandle | null>(null);
  const digits = Math.max(8, (base + Math.max(0, length - 1)).toString(16).length);
  const perRow = useBytesPerRow(digits);
  const rows = props.rowsFor(perRow.value);
  const bpr = perRow.value;
  // Read the version so arriving pages re-render.
  void rows.version.value;
  const count = Math.ceil(length / bpr);

  // The selection as last set, for a focus event that comes before the re-render of a click.
  const selectedNow = useRef(selected);
  selectedNow.current = selected;

  const select = (offset: number): void => {
    if (length === 0) return;
    const clamped = Math.max(0, Math.min(length - 1, offset));
    selectedNow.current = clamped;
    onSelect(clamped);
    handle.current?.scrollToIndex(Math.floor(clamped / bpr));
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const page = (handle.current?.pageRows() ?? 16) * bpr;
    const current = selected ?? -1;
    const moves: Record<string, () => number> = {
      ArrowRight: () => current + 1,
      ArrowLeft: () => Math.max(0, current - 1),
      ArrowDown: () => current + bpr,
      ArrowUp: () => Math.max(0, current - bpr),
      PageDown: () => current + page,
      PageUp: () => Math.max(0, current - page),
      Home: () => 0,
      End: () => length - 1,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    select(move());
  };

  // A keyboard user tabbing in sees where the arrows start: the first byte in view.
  const onFocus = (): void => {
    if (selectedNow.current === null) select((handle.current?.firstVisible() ?? 0) * bpr);
  };

  // Rows are text (a span per byte only in the selected row), so a click is mapped to a byte
  // by its position in the hex or ASCII column.
  const onMouseDown = (event: MouseEvent): void => {
    const target = event.target as Element | null;
    const cell = target?.closest?.('[data-byte]');
    if (cell) {
      select(Number(cell.getAttribute('data-byte')));
      return;
    }
    const column = target?.closest?.('.hex-bytes, .hex-ascii');
    const row = target?.closest?.('[data-offset]');
    const ch = perRow.charWidth.current;
    if (!column || !row || ch === 0) return;
    const x = Math.floor((event.clientX - column.getBoundingClientRect().left) / ch);
    const k = column.classList.contains('hex-ascii')
      ? Math.max(0, Math.min(bpr - 1, x))
      : byteAtHexColumn(x, bpr);
    select(Number(row.getAttribute('data-offset')) + k);
  };

  const renderRow = (index: number) => {
    const bytes = rows.get(index);
    const start = index * bpr;
    const address = padHex(base + start, digits);
    if (!bytes) {
      return (
        <div key={index} class="hex-row placeholder" role="row">
          <span class="hex-address">{address}</span>
        </div>
      );
    }
    const inRow = selected !== null && selected >= start && selected < start + bytes.length;
    let hexColumn: ComponentChildren = hexText(bytes);
    let asciiColumn: ComponentChildren = asciiText(bytes);
    if (inRow) {
      // Only the selected row is split into a span per byte, to mark the selection.
      const hexCells: ComponentChildren[] = [];
      const asciiCells: ComponentChildren[] = [];
      for (let k = 0; k < bytes.length; k++) {
        const offset = start + k;
        const cls = offset === selected ? ' selected' : '';
        if (k > 0) hexCells.push(k === 8 ? '  ' : ' ');
        hexCells.push(
          <span class={`hex-byte${cls}`} data-byte={offset}>
            {padHex(bytes[k], 2)}
          </span>,
        );
        asciiCells.push(
          <span class={`hex-char${cls}`} data-byte={offset}>
            {asciiOf(bytes[k])}
          </span>,
        );
      }
      hexColumn = hexCells;
      asciiColumn = asciiCells;
    }
    return (
      <div
        key={index}
        class="hex-row"
        role="row"
        data-testid="hex-row"
        data-offset={String(start)}
        data-address={String(base + start)}
      >
        <span class="hex-address">{address}</span>
        <span class="hex-bytes" style={{ width: `${hexChars(bpr)}ch` }}>
          {hexColumn}
        </span>
        <span class="hex-ascii">{asciiColumn}</span>
      </div>
    );
  };

  const values = selected === null ? [] : byteValues(bytesAt(rows, bpr, selected, length));
  const status =
    selected === null
      ? `${length.toLocaleString('en-US')} bytes; click a byte or use the arrow keys`
      : [
          `offset 0x${selected.toString(16)}`,
          props.describe?.(selected),
          ...values.map(([name, value]) => `${name} ${value}`),
        ]
          .filter(Boolean)
          .join(' · ');

  return (
    <div
      class="hex-view"
      ref={perRow.container}
      data-testid={props.testId}
      data-bytes-per-row={String(bpr)}
    >
      <VirtualRows
        count={count}
        rowHeight={ROW_HEIGHT}
        renderRow={renderRow}
        onRange={(start, end) => rows.ensure(start - PREFETCH_ROWS, end + PREFETCH_ROWS)}
        handle={handle}
        minWidth={`calc(${rowChars(digits, bpr)}ch + 12px)`}
        attributes={{
          role: 'grid',
          tabIndex: 0,
          'aria-label': props.label,
          onKeyDown,
          onMouseDown,
          onFocus,
          'data-selected': selected === null ? '' : String(selected),
        }}
      />
      <div class="status-bar mono" data-testid="hex-status" title={status}>
        {status}
      </div>
    </div>
  );
}

/**
 * The bytes: an address column, the bytes in hex and the same bytes as text, one row per 4, 8
 * or 16 bytes (as many as fit the width), rendered only where visible (a 1 GiB memory has 67
 * million rows). Marks show what the last call changed, what changed since the selected
 * snapshot, search matches, the selection and the cursor. The keyboard moves the cursor and
 * edits: hex digits in the hex column, characters in the text column.
 */
import { Component } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { MARK, type MemoryInspector } from '../../state/index.ts';
import { VirtualRows, padHex, type VirtualRowsHandle } from '../common/index.ts';

const ROW_HEIGHT = 20;
/** Row widths tried, widest first. */
const ROW_BYTES = [16, 8, 4];

/** Hex digits of the address column. */
export function addressDigits(is64: boolean, length: number): number {
  const needed = Math.max(1, Math.ceil(Math.log2(Math.max(2, length)) / 4));
  return Math.max(is64 ? 12 : 8, needed);
}

/** Width of a row of `bytes` bytes, in character widths (see memory.css). */
function rowChars(bytes: number, digits: number): number {
  return 1 + digits + 1.5 + bytes * 3 + (bytes / 4 - 1) * 0.75 + 1.5 + bytes + 1;
}

/** The character for a byte in the text column (`.` for what is not printable ASCII). */
function charOf(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** Props of {@link HexRow}: everything a row shows, so an unchanged row skips rendering. */
interface HexRowProps {
  start: number;
  /** Bytes of the memory in this row (the last row may be short). */
  count: number;
  perRow: number;
  digits: number;
  /** The row's bytes, when read. */
  bytes: Uint8Array | null;
  marks: Uint8Array | null;
  /** Index of the cursor in the row, or -1. */
  cursorAt: number;
  cursorId: string;
  lowNibble: boolean;
  /** Selected bytes of the row `[selectedFrom, selectedTo)`, or -1. */
  selectedFrom: number;
  selectedTo: number;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameRow(a: HexRowProps, b: HexRowProps): boolean {
  return (
    a.start === b.start &&
    a.count === b.count &&
    a.perRow === b.perRow &&
    a.digits === b.digits &&
    a.cursorAt === b.cursorAt &&
    a.cursorId === b.cursorId &&
    a.lowNibble === b.lowNibble &&
    a.selectedFrom === b.selectedFrom &&
    a.selectedTo === b.selectedTo &&
    sameBytes(a.bytes, b.bytes) &&
    sameBytes(a.marks, b.marks)
  );
}

/** One row: its address, its bytes in hex, and the same bytes as text. */
class HexRow extends Component<HexRowProps> {
  override shouldComponentUpdate(next: HexRowProps): boolean {
    return !sameRow(this.props, next);
  }

  override render() {
    return renderHexRow(this.props);
  }
}

function renderHexRow(props: HexRowProps) {
  const { start, perRow, bytes, marks, cursorAt } = props;
  const hex = [];
  const text = [];
  for (let i = 0; i < perRow; i++) {
    const address = start + i;
    const groupEnd = i % 4 === 3 && i !== perRow - 1;
    if (i >= props.count) {
      hex.push(<span key={i} class={`memory-byte${groupEnd ? ' group-end' : ''}`} />);
      text.push(<span key={i} class="memory-char" />);
      continue;
    }
    const byte = bytes && i < bytes.length ? bytes[i] : undefined;
    const flags = marks && i < marks.length ? marks[i] : 0;
    const isCursor = i === cursorAt;
    const selected = i >= props.selectedFrom && i < props.selectedTo;
    const common = {
      'data-offset': String(address),
      'data-changed': flags & MARK.changed ? '' : undefined,
      'data-since': flags & MARK.sinceSnapshot ? '' : undefined,
      'data-match': flags & MARK.currentMatch ? 'current' : flags & MARK.match ? 'yes' : undefined,
      'data-cursor': isCursor ? '' : undefined,
      'aria-selected': selected ? ('true' as const) : undefined,
    };
    const digitsText = byte === undefined ? '··' : padHex(byte, 2);
    hex.push(
      <span
        key={i}
        id={isCursor ? props.cursorId : undefined}
        role="gridcell"
        class={`memory-byte${groupEnd ? ' group-end' : ''}`}
        data-column="hex"
        data-zero={byte === 0 ? '' : undefined}
        {...common}
      >
        {isCursor && props.lowNibble ? (
          <>
            {digitsText[0]}
            <span class="low-nibble">{digitsText[1]}</span>
          </>
        ) : (
          digitsText
        )}
      </span>,
    );
    const char = byte === undefined ? ' ' : charOf(byte);
    text.push(
      <span
        key={i}
        class="memory-char"
        data-column="text"
        data-dot={byte !== undefined && char === '.' && byte !== 0x2e ? '' : undefined}
        {...common}
      >
        {char}
      </span>,
    );
  }
  return (
    <div
      class={`memory-row${bytes ? '' : ' placeholder'}`}
      role="row"
      data-testid="memory-row"
      data-address={String(start)}
    >
      <span class="memory-address" role="rowheader">
        {padHex(start, props.digits)}
      </span>
      <span class="memory-hex">{hex}</span>
      <span class="memory-text">{text}</span>
    </div>
  );
}

/** Props of {@link HexGrid}. */
export interface HexGridProps {
  inspector: MemoryInspector;
  /** Receives the scroller's handle (the view focuses it after "go to"). */
  handle?: { current: VirtualRowsHandle | null };
}

/** Renders the hex grid of `inspector`. */
export function HexGrid({ inspector, handle: outerHandle }: HexGridProps) {
  const ownHandle = useRef<VirtualRowsHandle | null>(null);
  const handle = outerHandle ?? ownHandle;
  const container = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLSpanElement>(null);

  const length = inspector.length.value ?? 0;
  const perRow = inspector.bytesPerRow.value;
  const rowCount = inspector.rowCount.value;
  const read = inspector.window.value;
  const marks = inspector.marks.value;
  const cursor = inspector.cursor.value;
  const selection = inspector.selection.value;
  const hasSelection = inspector.anchor.value !== null;
  const column = inspector.column.value;
  const nibble = inspector.nibble.value;
  const digits = addressDigits(inspector.source.is64, length);

  // Fit the row width to the panel: measure a character, then the space. A resize (the side
  // pane growing below the grid, a narrower dock) keeps the cursor's row in view.
  const cursorRow = useRef(0);
  cursorRow.current = Math.floor(cursor / perRow);
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    let height = element.clientHeight;
    const fit = (): void => {
      if (element.clientHeight !== height) {
        height = element.clientHeight;
        handle.current?.scrollToIndex(cursorRow.current, 'nearest');
      }
      const charWidth = (probe.current?.getBoundingClientRect().width ?? 0) / 10;
      const width = element.clientWidth;
      if (!charWidth || !width) return;
      const scrollbar = 16;
      const bytes =
        ROW_BYTES.find((count) => rowChars(count, digits) * charWidth + scrollbar <= width) ??
        ROW_BYTES.at(-1)!;
      inspector.setBytesPerRow(bytes);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, [inspector, digits, handle]);

  const request = inspector.scrollRequest.value;
  useEffect(() => {
    if (request) handle.current?.scrollToIndex(request.row, request.align);
  }, [request, handle]);

  const onRange = useCallback(
    (first: number, end: number) => inspector.setVisibleRows(first, end),
    [inspector],
  );

  const onKeyDown = (event: KeyboardEvent): void => {
    const page = Math.max(1, (handle.current?.pageRows() ?? 10) - 1) * perRow;
    const extend = event.shiftKey;
    const ctrl = event.ctrlKey || event.metaKey;
    const rowStart = cursor - (cursor % perRow);
    const moves: Record<string, () => void> = {
      ArrowLeft: () => inspector.moveCursor(-1, extend),
      ArrowRight: () => inspector.moveCursor(1, extend),
      ArrowUp: () => inspector.moveCursor(-perRow, extend),
      ArrowDown: () => inspector.moveCursor(perRow, extend),
      PageUp: () => inspector.moveCursor(-page, extend),
      PageDown: () => inspector.moveCursor(page, extend),
      Home: () => inspector.setCursor(ctrl ? 0 : rowStart, extend),
      End: () => inspector.setCursor(ctrl ? length - 1 : rowStart + perRow - 1, extend),
    };
    if (event.altKey) return;
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
      return;
    }
    if (event.key === 'Tab' && !ctrl) {
      // Tab goes from the hex column to the text column, then on out of the grid.
      if (!event.shiftKey && column === 'hex') inspector.column.value = 'text';
      else if (event.shiftKey && column === 'text') inspector.column.value = 'hex';
      else return;
      inspector.nibble.value = 0;
      event.preventDefault();
      return;
    }
    if (event.key === 'Escape') {
      inspector.anchor.value = null;
      inspector.nibble.value = 0;
      return;
    }
    if (ctrl && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      void inspector.undo();
      return;
    }
    if (ctrl || event.key.length !== 1) return;
    if (column === 'hex') {
      const digit = parseInt(event.key, 16);
      if (/^[0-9a-fA-F]$/.test(event.key)) {
        event.preventDefault();
        void inspector.typeHexDigit(digit);
      }
      return;
    }
    event.preventDefault();
    void inspector.typeText(event.key);
  };

  const onMouseDown = (event: MouseEvent): void => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-offset]');
    if (!target) return;
    const address = Number(target.dataset.offset);
    inspector.column.value = target.dataset.column === 'text' ? 'text' : 'hex';
    inspector.setCursor(address, event.shiftKey);
  };

  const renderRow = (index: number) => {
    const start = index * perRow;
    const end = Math.min(length, start + perRow);
    const offset = read ? start - read.offset : -1;
    const known = read !== null && offset >= 0 && offset < read.bytes.length;
    const selected =
      hasSelection && selection.start < start + perRow && selection.end > start
        ? [Math.max(0, selection.start - start), Math.min(perRow, selection.end - start)]
        : null;
    const cursorAt = cursor >= start && cursor < start + perRow ? cursor - start : -1;
    return (
      <HexRow
        key={index}
        start={start}
        count={Math.max(0, end - start)}
        perRow={perRow}
        digits={digits}
        bytes={known ? read.bytes.subarray(offset, offset + perRow) : null}
        marks={known && marks ? marks.subarray(offset, offset + perRow) : null}
        cursorAt={cursorAt}
        cursorId={cursorAt >= 0 ? `${inspector.source.id}-cursor` : ''}
        lowNibble={cursorAt >= 0 && nibble === 1 && column === 'hex'}
        selectedFrom={selected ? selected[0] : -1}
        selectedTo={selected ? selected[1] : -1}
      />
    );
  };

  const header = [];
  const headerText = [];
  for (let i = 0; i < perRow; i++) {
    const groupEnd = i % 4 === 3 && i !== perRow - 1;
    header.push(
      <span key={i} class={`memory-byte${groupEnd ? ' group-end' : ''}`}>
        {padHex(i, 2)}
      </span>,
    );
    headerText.push(
      <span key={i} class="memory-char">
        {(i % 16).toString(16)}
      </span>,
    );
  }

  return (
    <div class="memory-grid" ref={container}>
      <div class="memory-header" aria-hidden="true">
        <span class="memory-address">{'Address'.padEnd(digits)}</span>
        <span class="memory-hex">{header}</span>
        <span class="memory-text">{headerText}</span>
        <span ref={probe} class="memory-probe">
          0000000000
        </span>
      </div>
      <VirtualRows
        count={rowCount}
        rowHeight={ROW_HEIGHT}
        renderRow={renderRow}
        onRange={onRange}
        handle={handle}
        overscan={4}
        class="memory-rows"
        attributes={{
          role: 'grid',
          tabIndex: 0,
          'aria-label': `Bytes of ${inspector.source.label}`,
          'aria-rowcount': rowCount,
          'aria-activedescendant': `${inspector.source.id}-cursor`,
          'data-testid': 'memory-grid',
          'data-bytes-per-row': String(perRow),
          'data-cursor': String(cursor),
          'data-column': column,
          onKeyDown,
          onMouseDown,
        }}
      />
    </div>
  );
}

/**
 * The bytes of the selected line, as the WebAssembly Code Explorer shows them: the instruction
 * (or field) highlighted among its neighbours. Pointing at a byte highlights the line that holds
 * it; clicking it (or Enter on it, after ←/→) selects that line.
 */
import { useState } from 'preact/hooks';
import type { CodeViewState } from '../../state/index.ts';
import { formatCount, padHex } from '../common/index.ts';

/** Renders the hex strip of the Code tab. */
export function HexStrip({ code, digits }: { code: CodeViewState; digits: number }) {
  const hex = code.hex.value;
  const hoverOffset = code.hoverOffset.value;
  const hoverLine = code.hoverLine.value;
  const rows = code.lines.value;
  if (rows) void rows.version.value;
  const [cursor, setCursor] = useState<number | null>(null);
  if (!hex) {
    return (
      <div class="hex-strip" data-testid="hex-strip" aria-label="Bytes of the selected line">
        <span class="subtle">Select a line to see its bytes.</span>
      </div>
    );
  }
  const hovered = hoverLine === null ? undefined : rows?.get(hoverLine);
  const { focus } = hex;
  const inRange = (offset: number, start: number | null | undefined, length: number) =>
    start !== null &&
    start !== undefined &&
    offset >= start &&
    offset < start + Math.max(1, length);
  const goToByte = (offset: number) =>
    void code.goTo({ kind: 'offset', offset }, { record: false });
  const onKeyDown = (event: KeyboardEvent): void => {
    const last = hex.start + hex.bytes.length - 1;
    const current = cursor ?? focus.offset;
    if (event.key === 'ArrowRight') setCursor(Math.min(last, current + 1));
    else if (event.key === 'ArrowLeft') setCursor(Math.max(hex.start, current - 1));
    else if (event.key === 'Enter') goToByte(current);
    else return;
    event.preventDefault();
  };
  const shownCursor =
    cursor !== null && inRange(cursor, hex.start, hex.bytes.length) ? cursor : null;
  return (
    <div
      class="hex-strip"
      data-testid="hex-strip"
      data-offset={focus.offset}
      data-length={focus.length}
      role="group"
      aria-label={`Bytes at 0x${focus.offset.toString(16)}: ${focus.length} bytes`}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onBlur={() => setCursor(null)}
    >
      <span class="hex-address">{padHex(hex.start, digits)}</span>
      <span class="hex-bytes">
        {Array.from(hex.bytes, (byte, i) => {
          const offset = hex.start + i;
          const classes = ['hex-byte'];
          if (inRange(offset, focus.offset, focus.length)) classes.push('focus');
          if (
            offset === hoverOffset ||
            (hovered && inRange(offset, hovered.offset, hovered.length))
          )
            classes.push('hover');
          if (offset === shownCursor) classes.push('cursor');
          return (
            <span
              key={offset}
              class={classes.join(' ')}
              data-testid="hex-byte"
              data-offset={offset}
              title={`0x${offset.toString(16)}`}
              onMouseEnter={() => (code.hoverOffset.value = offset)}
              onMouseLeave={() => {
                if (code.hoverOffset.peek() === offset) code.hoverOffset.value = null;
              }}
              onClick={() => goToByte(offset)}
            >
              {padHex(byte, 2)}
            </span>
          );
        })}
      </span>
      <span class="hex-note subtle">
        {formatCount(focus.length)} {focus.length === 1 ? 'byte' : 'bytes'} at 0x
        {focus.offset.toString(16)}
      </span>
    </div>
  );
}

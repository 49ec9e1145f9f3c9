/**
 * A scroller that renders only the rows in view, for lists of any length: 260,000 functions,
 * 13 million lines of code, or a 16 GiB memory at 16 bytes a row. Past what a browser can lay
 * out (about 10 million pixels) the scrollbar is scaled: the thumb maps to the whole list, and
 * the wheel, the keyboard and `scrollToIndex` keep pixel-exact positions, so a 1 GiB memory
 * scrolls like a one-page one.
 */
import type { ComponentChildren, JSX, Ref } from 'preact';
import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'preact/hooks';

/** Tallest spacer we give the browser; beyond it the scrollbar is scaled. */
export const MAX_SCROLL_PX = 8_000_000;

/** What a parent can ask of the scroller. */
export interface VirtualRowsHandle {
  /** Brings row `index` into view. */
  scrollToIndex(index: number, align?: 'start' | 'center' | 'nearest'): void;
  /** The first fully or partly visible row. */
  firstVisible(): number;
  /** How many rows fit in the viewport. */
  pageRows(): number;
  /** The scrolling element (for focus). */
  element(): HTMLDivElement | null;
}

/** Props of {@link VirtualRows}. */
export interface VirtualRowsProps {
  /** Number of rows. */
  count: number;
  /** Height of every row in pixels. */
  rowHeight: number;
  /** Renders row `index` (it is positioned by the scroller). */
  renderRow: (index: number) => ComponentChildren;
  /** Called with the visible range (inclusive start, exclusive end) whenever it changes. */
  onRange?: (start: number, end: number) => void;
  /** Extra rows rendered above and below the viewport. */
  overscan?: number;
  /** Receives the imperative handle. */
  handle?: Ref<VirtualRowsHandle>;
  /** Class of the scrolling element (in addition to `virtual-rows`). */
  class?: string;
  /** Minimum width of the row layer (for horizontal scrolling of wide rows). */
  minWidth?: string;
  /** Anything else for the scrolling element: role, aria-*, tabIndex, onKeyDown, data-*. */
  attributes?: JSX.HTMLAttributes<HTMLDivElement> & Record<`data-${string}`, string>;
}

interface Position {
  /** Logical offset of the viewport's top in the full list, in pixels. */
  top: number;
  /** The element's scrollTop that goes with it. */
  scrollTop: number;
  /** Viewport height. */
  height: number;
}

/** Renders `count` rows of `rowHeight` pixels, only those in view. */
export function VirtualRows(props: VirtualRowsProps) {
  const { count, rowHeight, renderRow, onRange, overscan = 6, handle } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<Position>({ top: 0, scrollTop: 0, height: 0 });
  const positionRef = useRef(position);
  positionRef.current = position;
  // The scrollTop we set ourselves: its scroll event must not be read back as a user scroll.
  const expectedScrollTop = useRef<number | null>(null);

  const total = count * rowHeight;
  const scaled = total > MAX_SCROLL_PX;
  const spacerHeight = scaled ? MAX_SCROLL_PX : total;

  const geometry = useCallback(
    (height: number) => {
      const maxTop = Math.max(0, total - height);
      const maxScroll = Math.max(0, spacerHeight - height);
      return {
        maxTop,
        toTop: (scrollTop: number) =>
          scaled && maxScroll > 0 ? (scrollTop / maxScroll) * maxTop : scrollTop,
        toScroll: (top: number) => (scaled && maxTop > 0 ? (top / maxTop) * maxScroll : top),
      };
    },
    [total, spacerHeight, scaled],
  );

  const moveTo = useCallback(
    (top: number) => {
      const element = scroller.current;
      if (!element) return;
      const height = element.clientHeight;
      const { maxTop, toScroll } = geometry(height);
      const clamped = Math.max(0, Math.min(maxTop, top));
      const scrollTop = Math.round(toScroll(clamped));
      if (element.scrollTop !== scrollTop) {
        expectedScrollTop.current = scrollTop;
        element.scrollTop = scrollTop;
      }
      setPosition({ top: clamped, scrollTop: element.scrollTop, height });
    },
    [geometry],
  );

  const moveToRef = useRef(moveTo);
  moveToRef.current = moveTo;

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    if (
      expectedScrollTop.current !== null &&
      Math.abs(element.scrollTop - expectedScrollTop.current) < 1
    ) {
      expectedScrollTop.current = null;
      return;
    }
    expectedScrollTop.current = null;
    const height = element.clientHeight;
    setPosition({
      top: geometry(height).toTop(element.scrollTop),
      scrollTop: element.scrollTop,
      height,
    });
  }, [geometry]);

  // A scaled scrollbar moves many rows per pixel: take the wheel over so it moves pixels.
  useEffect(() => {
    const element = scroller.current;
    if (!element || !scaled) return;
    const onWheel = (event: WheelEvent): void => {
      if (event.deltaY === 0 || event.ctrlKey) return;
      event.preventDefault();
      const unit =
        event.deltaMode === 1 ? rowHeight : event.deltaMode === 2 ? element.clientHeight : 1;
      moveTo(positionRef.current.top + event.deltaY * unit);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [scaled, rowHeight, moveTo]);

  // Track the viewport's height. At the end of the list it stays at the end (a horizontal
  // scrollbar that appears would otherwise hide the last row).
  const totalRef = useRef(total);
  totalRef.current = total;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = (): void => {
      const height = element.clientHeight;
      const current = positionRef.current;
      if (height === current.height) return;
      const atEnd =
        current.height > 0 &&
        current.top > 0 &&
        current.top >= totalRef.current - current.height - 1;
      if (atEnd && height < current.height) moveToRef.current(totalRef.current);
      else setPosition({ ...current, height });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Keep the position valid when the list shrinks or grows.
  useLayoutEffect(() => {
    if (position.top > Math.max(0, total - position.height)) moveTo(total);
  }, [total]);

  const first = Math.max(0, Math.floor(position.top / rowHeight) - overscan);
  const visibleRows = Math.ceil((position.height || rowHeight * 20) / rowHeight) + 1;
  const last = Math.min(count, Math.floor(position.top / rowHeight) + visibleRows + overscan);
  const visibleStart = Math.min(count, Math.floor(position.top / rowHeight));
  const visibleEnd = Math.min(count, visibleStart + visibleRows);

  useEffect(() => {
    onRange?.(visibleStart, visibleEnd);
  }, [visibleStart, visibleEnd, onRange]);

  useImperativeHandle(
    handle ?? null,
    () => ({
      scrollToIndex(index, align = 'nearest') {
        const element = scroller.current;
        if (!element) return;
        const height = element.clientHeight;
        const rowTop = index * rowHeight;
        const current = positionRef.current.top;
        let top = current;
        if (align === 'start') top = rowTop;
        else if (align === 'center') top = rowTop - (height - rowHeight) / 2;
        else if (rowTop < current) top = rowTop;
        else if (rowTop + rowHeight > current + height) top = rowTop + rowHeight - height;
        moveTo(top);
      },
      firstVisible: () => Math.floor(positionRef.current.top / rowHeight),
      pageRows: () =>
        Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight) / rowHeight)),
      element: () => scroller.current,
    }),
    [rowHeight, moveTo],
  );

  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i));
  const layerY = position.scrollTop + first * rowHeight - position.top;

  return (
    <div
      {...props.attributes}
      ref={scroller}
      class={`virtual-rows ${props.class ?? ''}`}
      onScroll={onScroll}
    >
      <div class="virtual-rows-spacer" style={{ height: `${spacerHeight}px` }} />
      <div
        class="virtual-rows-layer"
        style={{ transform: `translateY(${layerY}px)`, minWidth: props.minWidth }}
      >
        {rows}
      </div>
    </div>
  );
}

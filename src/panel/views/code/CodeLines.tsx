/**
 * The module's text, virtual: only the lines in view are rendered (millions of lines scroll as
 * one page does), each with its byte offset in a gutter and its tokens coloured. A reference is
 * a link: click it, or select its line and press Enter (←/→ pick among a line's links).
 */
import type { JSX } from 'preact';
import { Component } from 'preact';
import { useCallback, useLayoutEffect } from 'preact/hooks';
import type { CodeLine, EntityRef } from '../../../protocol/decode/index.ts';
import type { CodeViewState } from '../../state/index.ts';
import { VirtualRows, type VirtualRowsHandle } from '../common/index.ts';

/** Height of a line of code, in pixels (denser than list rows, as DevTools' Sources). */
export const CODE_LINE_HEIGHT = 18;

/** The links of a line, in order. */
function linksOf(line: CodeLine): EntityRef[] {
  return line.tokens.flatMap((token) => (token.link ? [token.link] : []));
}

function renderText(
  line: CodeLine,
  cursor: number | null,
  onFollow: (link: EntityRef) => void,
): JSX.Element[] {
  const parts: JSX.Element[] = [];
  let at = 0;
  let link = 0;
  line.tokens.forEach((token, i) => {
    if (token.from > at) parts.push(<span key={`s${i}`}>{line.text.slice(at, token.from)}</span>);
    const text = line.text.slice(token.from, token.to);
    if (token.link) {
      const target = token.link;
      const isCursor = cursor === link++;
      parts.push(
        <span
          key={i}
          class={`tok-${token.kind} code-link${isCursor ? ' cursor' : ''}`}
          data-testid="code-link"
          data-link-kind={target.kind}
          data-link-index={target.index}
          title={`Go to ${target.kind} ${target.index}`}
          onClick={(event) => {
            event.stopPropagation();
            onFollow(target);
          }}
        >
          {text}
        </span>,
      );
    } else {
      parts.push(
        <span key={i} class={`tok-${token.kind}`}>
          {text}
        </span>,
      );
    }
    at = token.to;
  });
  if (at < line.text.length) parts.push(<span key="end">{line.text.slice(at)}</span>);
  return parts;
}

interface CodeRowProps {
  index: number;
  line: CodeLine | undefined;
  selected: boolean;
  /** The link Enter follows, on the selected line. */
  cursor: number | null;
  /** The hex strip's pointer is over one of its bytes. */
  hovered: boolean;
  digits: number;
  code: CodeViewState;
  follow: (link: EntityRef) => void;
}

/**
 * One line. Memoized: when a page of lines arrives or the selection moves, only the rows whose
 * line or state changed render again (a line of a 700,000-entry segment holds 16 links). A
 * class rather than `preact/compat`'s `memo`: importing compat rewires every view's events
 * (`onFocus` becomes `focusin`, `onChange` becomes `input`).
 */
class CodeRow extends Component<CodeRowProps> {
  override shouldComponentUpdate(next: CodeRowProps): boolean {
    const keys = Object.keys(next) as (keyof CodeRowProps)[];
    return keys.some((key) => next[key] !== this.props[key]);
  }

  render() {
    return renderRow(this.props);
  }
}

function renderRow(props: CodeRowProps) {
  const { index, line, code } = props;
  if (!line) {
    return (
      <div class="code-line placeholder" data-line={index}>
        <span class="code-gutter" />
        <span class="code-text" />
      </div>
    );
  }
  const classes = ['code-line'];
  if (line.wrapped) classes.push('wrapped');
  if (props.hovered) classes.push('bytes-hover');
  return (
    <div
      id={`code-line-${index}`}
      class={classes.join(' ')}
      role="option"
      aria-selected={props.selected}
      data-testid="code-line"
      data-line={index}
      data-offset={line.offset ?? ''}
      data-owner={`${line.owner.kind}:${line.owner.index}`}
      onMouseDown={() => code.select(index)}
      onMouseEnter={() => (code.hoverLine.value = index)}
      onMouseLeave={() => {
        if (code.hoverLine.peek() === index) code.hoverLine.value = null;
      }}
    >
      <span class="code-gutter" aria-hidden="true">
        {line.offset === null ? '' : line.offset.toString(16).padStart(props.digits, '0')}
      </span>
      <span class="code-text">{renderText(line, props.cursor, props.follow)}</span>
    </div>
  );
}

/** Props of {@link CodeLines}. */
export interface CodeLinesProps {
  code: CodeViewState;
  total: number;
  /** Hex digits of the largest offset (the gutter's width). */
  digits: number;
  handle: { current: VirtualRowsHandle | null };
}

/** Renders the lines of the module's text. */
export function CodeLines({ code, total, digits, handle }: CodeLinesProps) {
  const rows = code.lines.value;
  if (rows) void rows.version.value;
  const selected = code.selected.value;
  const cursor = code.linkCursor.value;
  const hoverOffset = code.hoverOffset.value;
  const request = code.scrollRequest.value;

  const follow = useCallback((link: EntityRef) => void code.follow(link), [code]);

  // Scroll where the state asks (a go-to, back/forward), once the scroller is there.
  useLayoutEffect(() => {
    if (!request || !handle.current) return;
    const line = Math.min(Math.max(0, request.line), Math.max(0, total - 1));
    handle.current.scrollToIndex(
      request.align === 'start' ? Math.max(0, line - 2) : line,
      request.align,
    );
  }, [request, total]);

  const onRange = useCallback(
    (start: number, end: number) => {
      code.setTop(start);
      code.lines.peek()?.ensure(Math.max(0, start - 40), end + 40);
    },
    [code],
  );

  const select = (line: number): void => {
    const clamped = Math.max(0, Math.min(total - 1, line));
    code.select(clamped);
    handle.current?.scrollToIndex(clamped);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey || event.metaKey) return;
    const page = handle.current?.pageRows() ?? 20;
    const current = selected ?? handle.current?.firstVisible() ?? 0;
    const line = selected === null ? undefined : rows?.get(selected);
    const links = line ? linksOf(line) : [];
    switch (event.key) {
      case 'ArrowDown':
        select(selected === null ? current : current + 1);
        break;
      case 'ArrowUp':
        select(current - 1);
        break;
      case 'PageDown':
        select(current + page);
        break;
      case 'PageUp':
        select(current - page);
        break;
      case 'Home':
        select(0);
        break;
      case 'End':
        select(total - 1);
        break;
      case 'ArrowRight':
        if (links.length === 0) return;
        code.linkCursor.value = Math.min(links.length - 1, cursor + 1);
        break;
      case 'ArrowLeft':
        if (links.length === 0) return;
        code.linkCursor.value = Math.max(0, cursor - 1);
        break;
      case 'Enter': {
        const link = links[Math.min(cursor, links.length - 1)];
        if (!link) return;
        follow(link);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const renderRow = (index: number) => {
    const line = rows?.get(index);
    const holdsHovered =
      line !== undefined &&
      hoverOffset !== null &&
      line.offset !== null &&
      hoverOffset >= line.offset &&
      hoverOffset < line.offset + Math.max(1, line.length);
    return (
      <CodeRow
        key={index}
        index={index}
        line={line}
        selected={index === selected}
        cursor={index === selected ? cursor : null}
        hovered={holdsHovered}
        digits={digits}
        code={code}
        follow={follow}
      />
    );
  };

  return (
    <VirtualRows
      count={total}
      rowHeight={CODE_LINE_HEIGHT}
      renderRow={renderRow}
      onRange={onRange}
      handle={handle}
      overscan={10}
      class="code-lines"
      attributes={{
        role: 'listbox',
        tabIndex: 0,
        'aria-label': 'Module text',
        'aria-activedescendant': selected === null ? undefined : `code-line-${selected}`,
        onKeyDown,
        'data-testid': 'code-lines',
        'data-total': String(total),
        'data-selected': selected === null ? '' : String(selected),
        style: { '--gutter-chars': String(digits) },
      }}
    />
  );
}

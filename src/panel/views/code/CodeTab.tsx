/**
 * The Code tab: the module's text as wasm2wat writes it, with names and byte offsets, read a
 * window at a time from the decode worker. References are links; back and forward (Alt+←/→)
 * retrace them; "go to function" (Ctrl+Shift+O) finds a function by name or index; the hex
 * strip shows the selected line's bytes. Other views send it targets through `reveal`.
 */
import { effect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import {
  codeViewOf,
  navigationOf,
  takeReveal,
  type CodeViewState,
  type ModuleDocument,
} from '../../state/index.ts';
import {
  Icon,
  Message,
  Progress,
  formatCount,
  useStore,
  type VirtualRowsHandle,
} from '../common/index.ts';
import { CodeLines } from './CodeLines.tsx';
import { DownloadButtons } from './DownloadButtons.tsx';
import { HexStrip } from './HexStrip.tsx';
import { QuickOpen } from './QuickOpen.tsx';

/** Hex digits needed for offsets into a module of `size` bytes. */
function offsetDigits(size: number): number {
  return Math.max(4, Math.max(1, size - 1).toString(16).length);
}

function Location({ code }: { code: CodeViewState }) {
  const rows = code.lines.value;
  if (rows) void rows.version.value;
  const selected = code.selected.value;
  const line = selected === null ? undefined : rows?.get(selected);
  if (!line) return null;
  const { owner } = line;
  const label = owner.kind === 'module' ? 'module' : `${owner.kind} ${owner.name}`;
  return (
    <span class="code-location subtle" data-testid="code-location" title={label}>
      {label} · line {formatCount(line.line + 1)}
    </span>
  );
}

/** Renders the Code tab of `doc`. */
export function CodeTab({ doc }: { doc: ModuleDocument }) {
  const store = useStore();
  const code = codeViewOf(doc, store.decoder);
  const handle = useRef<VirtualRowsHandle | null>(null);
  const status = code.index.status.value;
  const summary = code.index.summary.value;

  useEffect(() => {
    if (code.index.status.peek() === 'idle') void code.open().catch(() => undefined);
  }, [code]);

  // Targets other views send (a function chosen in a list, an offset in the features).
  useEffect(
    () =>
      effect(() => {
        if (!navigationOf(doc).pending.value) return;
        const target = takeReveal(doc, ['func', 'offset', 'code']);
        if (target)
          void code
            .reveal(target)
            .then(() => {
              if (document.activeElement === document.body) focusLines();
            })
            .catch(() => undefined);
      }),
    [doc, code],
  );

  const focusLines = (): void => handle.current?.element()?.focus();

  // Coming from another view (the Functions list's Enter), the keyboard stays with the code.
  const ready = summary !== null;
  useEffect(() => {
    if (ready && (document.activeElement === null || document.activeElement === document.body))
      focusLines();
  }, [ready]);

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.altKey && event.key === 'ArrowLeft') code.back();
    else if (event.altKey && event.key === 'ArrowRight') code.forward();
    else if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'o')
      code.quickOpen.show();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  if (!summary) {
    if (status === 'failed') {
      return (
        <div class="scroll-page">
          <Message kind="error" testId="code-error">
            The code could not be indexed: {code.index.error.value}
          </Message>
        </div>
      );
    }
    if (status === 'cancelled') {
      return (
        <div class="scroll-page">
          <Message kind="info">Indexing the code was cancelled.</Message>
          <button class="button" onClick={() => void code.open().catch(() => undefined)}>
            Index the code
          </button>
        </div>
      );
    }
    return (
      <Progress
        label="Indexing the code…"
        progress={code.index.progress.value}
        onCancel={() => code.index.cancel()}
      />
    );
  }

  const digits = offsetDigits(doc.size);
  return (
    <div class="code-view" data-testid="code-view" onKeyDown={onKeyDown}>
      <div class="toolbar" role="toolbar" aria-label="Code">
        <button
          class="toolbar-button"
          title="Back (Alt+←)"
          aria-label="Back"
          disabled={!code.canGoBack.value}
          onClick={() => {
            code.back();
            focusLines();
          }}
          data-testid="code-back"
        >
          <Icon name="back" />
        </button>
        <button
          class="toolbar-button"
          title="Forward (Alt+→)"
          aria-label="Forward"
          disabled={!code.canGoForward.value}
          onClick={() => {
            code.forward();
            focusLines();
          }}
          data-testid="code-forward"
        >
          <Icon name="forward" />
        </button>
        <div class="toolbar-divider" />
        <button
          class="toolbar-button"
          title="Go to function (Ctrl+Shift+O)"
          onClick={() => code.quickOpen.show()}
          data-testid="code-goto"
        >
          <Icon name="search" />
          Go to function
        </button>
        <div class="toolbar-divider" />
        <Location code={code} />
        <span class="spacer" />
        <span class="subtle code-summary">
          {formatCount(summary.totalLines)} lines
          {summary.malformedCount > 0
            ? ` · ${summary.malformedCount} bodies cannot be decoded`
            : ''}
        </span>
        <DownloadButtons doc={doc} />
      </div>
      {code.notice.value ? <Message kind="info">{code.notice.value}</Message> : null}
      <CodeLines code={code} total={summary.totalLines} digits={digits} handle={handle} />
      <HexStrip code={code} digits={digits} />
      {code.quickOpen.open.value ? <QuickOpen quick={code.quickOpen} onClose={focusLines} /> : null}
    </div>
  );
}

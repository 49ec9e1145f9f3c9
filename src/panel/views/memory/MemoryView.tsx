/**
 * The Memory view: Chrome's Linear Memory Inspector and more, over any {@link MemorySource}. A
 * navigator (back, forward, an address box that takes `0x10+4`, refresh), a search (hex or
 * text, with progress and cancel), the hex grid, and a side pane with the value inspector, the
 * text at the cursor, snapshots and `memory.grow` events. Keyboard: arrows, Page Up/Down,
 * Home/End move; hex digits or characters edit; Ctrl+G goes to an address, Ctrl+F searches,
 * F3 / Shift+F3 step through matches, Alt+←/→ go back and forward, Ctrl+Z undoes an edit,
 * Ctrl+S saves the selection.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  createMemoryInspector,
  parseAddress,
  type MemoryInspector,
  type MemorySource,
} from '../../state/index.ts';
import { Icon, Message, Progress, formatCount, type VirtualRowsHandle } from '../common/index.ts';
import { HexGrid } from './HexGrid.tsx';
import { GrowEvents, SnapshotsPane, pagesText } from './SnapshotsPane.tsx';
import { CursorText, ValueInspector } from './ValueInspector.tsx';
import { saveWithLink, type SaveFile } from './save-file.ts';
import './memory.css';

/** Props of {@link MemoryView}. */
export interface MemoryViewProps {
  inspector: MemoryInspector;
  /** Offers a file to the user (the environment's; a download link by default). */
  saveFile?: SaveFile;
  /** Content at the start of the toolbar (the memory selector of a list). */
  leading?: ComponentChildren;
}

function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

function AddressBox({
  inspector,
  input,
  onDone,
}: {
  inspector: MemoryInspector;
  input: { current: HTMLInputElement | null };
  onDone(): void;
}) {
  const cursor = inspector.cursor.value;
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <input
        ref={input}
        class={`text-input memory-address-input${error ? ' invalid' : ''}`}
        aria-label="Go to address (hex, decimal or an expression; Ctrl+G)"
        title={error ?? 'Go to address: 0x1f40, 8000, 0x10+4, . + 16 (Ctrl+G)'}
        placeholder="Address"
        spellcheck={false}
        value={text ?? hex(cursor)}
        aria-invalid={error ? 'true' : undefined}
        data-testid="memory-address"
        onFocus={(event) => {
          setText(hex(cursor));
          event.currentTarget.select();
        }}
        onBlur={() => {
          setText(null);
          setError(null);
        }}
        onInput={(event) => {
          setText(event.currentTarget.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            const parsed = inspector.goTo(event.currentTarget.value);
            if (parsed.ok) {
              setText(null);
              onDone();
            } else setError(parsed.error);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onDone();
          }
        }}
      />
      {error ? (
        <span class="error-text" role="alert" data-testid="memory-address-error">
          {error}
        </span>
      ) : null}
    </>
  );
}

function SearchControls({
  inspector,
  input,
}: {
  inspector: MemoryInspector;
  input: { current: HTMLInputElement | null };
}) {
  const search = inspector.search;
  const status = search.status.value;
  const matches = search.matches.value;
  const current = search.current.value;
  const kind = search.kind.value;
  let count = '';
  if (status.kind === 'done' || matches.length > 0) {
    const total = `${formatCount(matches.length)}${search.complete.value ? '' : '+'}`;
    count =
      matches.length === 0
        ? 'No matches'
        : current >= 0
          ? `${formatCount(current + 1)} of ${total}`
          : `${total} matches`;
  }
  return (
    <>
      <input
        ref={input}
        class={`text-input memory-search-input${status.kind === 'error' ? ' invalid' : ''}`}
        type="search"
        placeholder={kind === 'hex' ? 'Find hex: de ad be ef' : 'Find text'}
        aria-label="Find in memory (Ctrl+F; Enter: next, Shift+Enter: previous)"
        title={status.kind === 'error' ? status.message : undefined}
        value={search.query.value}
        data-testid="memory-search"
        onInput={(event) => (search.query.value = event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            const fresh = search.outdated.peek() || search.stale.peek() || status.kind !== 'done';
            if (fresh) void search.run();
            else if (event.shiftKey) void search.previous();
            else void search.next();
          } else if (event.key === 'Escape' && status.kind === 'running') {
            event.preventDefault();
            search.cancel();
          }
        }}
      />
      <select
        class="memory-toolbar-select"
        aria-label="Search for"
        value={kind}
        data-testid="memory-search-kind"
        onChange={(event) => {
          search.kind.value = event.currentTarget.value === 'hex' ? 'hex' : 'text';
          search.clear();
        }}
      >
        <option value="text">Text</option>
        <option value="hex">Hex</option>
      </select>
      {kind === 'text' ? (
        <button
          class="toolbar-button"
          aria-pressed={search.caseInsensitive.value}
          title="Ignore the case of ASCII letters"
          onClick={() => (search.caseInsensitive.value = !search.caseInsensitive.value)}
          data-testid="memory-search-case"
        >
          Aa
        </button>
      ) : null}
      <button
        class="toolbar-button"
        title="Previous match (Shift+F3)"
        aria-label="Previous match"
        disabled={matches.length === 0}
        onClick={() => void search.previous()}
        data-testid="memory-search-previous"
      >
        <Icon name="back" />
      </button>
      <button
        class="toolbar-button"
        title="Next match (F3)"
        aria-label="Next match"
        disabled={matches.length === 0}
        onClick={() => void search.next()}
        data-testid="memory-search-next"
      >
        <Icon name="forward" />
      </button>
      <span
        class="memory-count"
        data-testid="memory-search-count"
        data-matches={String(matches.length)}
        aria-live="polite"
      >
        {count}
        {search.stale.value && matches.length > 0 ? ' (memory changed)' : ''}
      </span>
    </>
  );
}

function SaveForm({
  inspector,
  saveFile,
  onClose,
}: {
  inspector: MemoryInspector;
  saveFile: SaveFile;
  onClose(): void;
}) {
  const selection = inspector.selection.peek();
  const [from, setFrom] = useState(hex(selection.start));
  const [to, setTo] = useState(hex(selection.end));
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const controller = useRef<AbortController | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
    first.current?.select();
    return () => controller.current?.abort();
  }, []);
  const save = async (): Promise<void> => {
    const length = inspector.length.peek() ?? 0;
    const cursor = inspector.cursor.peek();
    const start = parseAddress(from, { cursor, length });
    // The end is exclusive: the memory's size is a valid end.
    const end = parseAddress(to, { cursor, length: length + 1 });
    if (!start.ok) return setError(`From: ${start.error}`);
    if (!end.ok) return setError(`To: ${end.error}`);
    if (end.address <= start.address) return setError('the end must be after the start');
    controller.current = new AbortController();
    setError(null);
    setProgress({ done: 0, total: end.address - start.address });
    try {
      const blob = await inspector.readRange(start.address, end.address, {
        signal: controller.current.signal,
        onProgress: (done, total) => setProgress({ done, total }),
      });
      const label = inspector.source.label.replace(/[^\w.-]+/g, '_');
      saveFile(blob, `${label}-${hex(start.address)}-${hex(end.address)}.bin`);
      onClose();
    } catch (failure) {
      if (!(failure instanceof Error && failure.name === 'AbortError'))
        setError(failure instanceof Error ? failure.message : String(failure));
      setProgress(null);
    }
  };
  return (
    <form
      class="memory-save-form"
      data-testid="memory-save-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <span>Save bytes from</span>
      <input
        ref={first}
        class="text-input"
        aria-label="First byte to save"
        value={from}
        onInput={(event) => setFrom(event.currentTarget.value)}
        data-testid="memory-save-from"
      />
      <span>to</span>
      <input
        class="text-input"
        aria-label="End of the range to save (exclusive)"
        value={to}
        onInput={(event) => setTo(event.currentTarget.value)}
        data-testid="memory-save-to"
      />
      <button class="button primary" type="submit" disabled={progress !== null}>
        Save
      </button>
      <button class="button" type="button" onClick={onClose}>
        Cancel
      </button>
      {progress ? (
        <Progress
          label="Reading"
          progress={{ ...progress, label: '' }}
          onCancel={() => controller.current?.abort()}
        />
      ) : null}
      {error ? <span class="error-text">{error}</span> : null}
    </form>
  );
}

/** Renders the Memory view of `inspector` (follow the source while it shows). */
export function MemoryView({ inspector, saveFile = saveWithLink, leading }: MemoryViewProps) {
  useEffect(() => inspector.attach(), [inspector]);
  const grid = useRef<VirtualRowsHandle | null>(null);
  const addressInput = useRef<HTMLInputElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const [saving, setSaving] = useState(false);
  const length = inspector.length.value;
  const error = inspector.error.value;
  const notice = inspector.notice.value;
  const search = inspector.search;
  const searchStatus = search.status.value;
  const selection = inspector.selection.value;
  const hasSelection = inspector.anchor.value !== null;
  const focusGrid = (): void => grid.current?.element()?.focus();

  const onKeyDown = (event: KeyboardEvent): void => {
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (ctrl && !event.altKey && key === 'g') {
      event.preventDefault();
      addressInput.current?.focus();
    } else if (ctrl && !event.altKey && key === 'f') {
      event.preventDefault();
      searchInput.current?.focus();
      searchInput.current?.select();
    } else if (ctrl && !event.altKey && key === 's') {
      event.preventDefault();
      setSaving(true);
    } else if (event.key === 'F3') {
      event.preventDefault();
      void (event.shiftKey ? search.previous() : search.next());
    } else if (event.altKey && event.key === 'ArrowLeft') {
      event.preventDefault();
      inspector.goBack();
    } else if (event.altKey && event.key === 'ArrowRight') {
      event.preventDefault();
      inspector.goForward();
    }
  };

  return (
    <div
      class="memory-view"
      data-testid="memory-view"
      data-source={inspector.source.id}
      data-length={length === null ? '' : String(length)}
      onKeyDown={onKeyDown}
    >
      <div class="toolbar" role="toolbar" aria-label="Memory navigation">
        {leading}
        <button
          class="toolbar-button"
          title="Back (Alt+←)"
          aria-label="Back"
          disabled={!inspector.canGoBack.value}
          onClick={() => inspector.goBack()}
          data-testid="memory-back"
        >
          <Icon name="back" />
        </button>
        <button
          class="toolbar-button"
          title="Forward (Alt+→)"
          aria-label="Forward"
          disabled={!inspector.canGoForward.value}
          onClick={() => inspector.goForward()}
          data-testid="memory-forward"
        >
          <Icon name="forward" />
        </button>
        <AddressBox inspector={inspector} input={addressInput} onDone={focusGrid} />
        <button
          class="toolbar-button"
          title="Read the memory again"
          aria-label="Refresh"
          onClick={() => void inspector.refresh()}
          data-testid="memory-refresh"
        >
          ↻
        </button>
        <div class="toolbar-divider" />
        <SearchControls inspector={inspector} input={searchInput} />
        <div class="toolbar-divider" />
        <button
          class="toolbar-button"
          title="Save a range of bytes as a file (Ctrl+S)"
          onClick={() => setSaving(true)}
          data-testid="memory-save"
        >
          <Icon name="download" /> Save
        </button>
        <span class="spacer" />
        <span class="memory-count" data-testid="memory-size" title={inspector.source.label}>
          {length === null ? '…' : pagesText(length)}
        </span>
      </div>
      {saving ? (
        <SaveForm inspector={inspector} saveFile={saveFile} onClose={() => setSaving(false)} />
      ) : null}
      {searchStatus.kind === 'running' ? (
        <Progress
          label={`Searching${search.where === 'panel' ? ' (in the panel)' : ''}`}
          progress={{ done: searchStatus.done, total: searchStatus.total, label: '' }}
          onCancel={() => search.cancel()}
        />
      ) : null}
      {searchStatus.kind === 'error' ? (
        <div class="notice-row">
          <Message kind="error" testId="memory-search-error">
            {searchStatus.message}
          </Message>
        </div>
      ) : null}
      {error ? (
        <div class="notice-row">
          <Message kind="error" testId="memory-error">
            {error}
          </Message>
        </div>
      ) : null}
      {notice ? (
        <div class="notice-row">
          <Message kind={notice.kind} testId="memory-notice">
            {notice.text}
          </Message>
        </div>
      ) : null}
      <div class="memory-body">
        <HexGrid inspector={inspector} handle={grid} />
        <aside class="memory-side" aria-label="At the cursor">
          <ValueInspector inspector={inspector} />
          <CursorText inspector={inspector} />
          <SnapshotsPane inspector={inspector} />
          <GrowEvents inspector={inspector} />
        </aside>
      </div>
      <div class="status-bar" data-testid="memory-status">
        {inspector.source.label}
        <span class="sep">·</span>
        {hex(inspector.cursor.value)}
        {hasSelection ? (
          <>
            <span class="sep">·</span>
            {formatCount(selection.end - selection.start)} bytes selected
          </>
        ) : null}
        <span class="sep">·</span>
        <span data-testid="memory-changed-count" data-bytes={String(inspector.changedBytes.value)}>
          {inspector.changedBytes.value === 0
            ? 'no bytes in view changed by the last call'
            : `${formatCount(inspector.changedBytes.value)} bytes changed by the last call`}
        </span>
      </div>
    </div>
  );
}

/**
 * The Memory view of one source: makes its state, keeps it while the source stays the same,
 * and disposes it when the view goes.
 */
export function MemorySourceView({
  source,
  saveFile,
}: {
  source: MemorySource;
  saveFile?: SaveFile;
}) {
  const inspector = useMemo(() => createMemoryInspector(source), [source]);
  useEffect(() => () => inspector.dispose(), [inspector]);
  return <MemoryView inspector={inspector} saveFile={saveFile} />;
}

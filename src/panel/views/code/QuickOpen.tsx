/**
 * "Go to function", as DevTools' quick open: a box over the code that finds functions by name
 * or index as you type (fuzzy, matched characters in bold), ↑/↓ to pick, Enter to go, Escape to
 * close. Opened with Ctrl+Shift+O or the toolbar button.
 */
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { FunctionMatch } from '../../../protocol/decode/index.ts';
import type { QuickOpenState } from '../../state/index.ts';

function highlighted(match: FunctionMatch) {
  if (match.positions.length === 0) return match.name;
  const marked = new Set(match.positions);
  const parts: JSX.Element[] = [];
  let run = '';
  let runMarked = false;
  const flush = (key: number) => {
    if (run === '') return;
    parts.push(runMarked ? <b key={key}>{run}</b> : <span key={key}>{run}</span>);
    run = '';
  };
  for (let i = 0; i < match.name.length; i++) {
    const isMarked = marked.has(i);
    if (isMarked !== runMarked) flush(i);
    runMarked = isMarked;
    run += match.name[i];
  }
  flush(match.name.length);
  return parts;
}

/** Renders the quick-open box when it is open; `onClose` returns focus to the code. */
export function QuickOpen({ quick, onClose }: { quick: QuickOpenState; onClose(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const matches = quick.matches.value;
  const active = quick.active.value;

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    list.current
      ?.querySelector<HTMLElement>(`[data-position="${active}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const close = (): void => {
    quick.hide();
    onClose();
  };
  const choose = (position: number): void => {
    void quick.choose(position).then(onClose);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    switch (event.key) {
      case 'ArrowDown':
        quick.active.value = Math.min(matches.length - 1, active + 1);
        break;
      case 'ArrowUp':
        quick.active.value = Math.max(0, active - 1);
        break;
      case 'PageDown':
        quick.active.value = Math.min(matches.length - 1, active + 10);
        break;
      case 'PageUp':
        quick.active.value = Math.max(0, active - 10);
        break;
      case 'Enter':
        choose(active);
        break;
      case 'Escape':
        close();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      class="quick-open"
      role="dialog"
      aria-label="Go to function"
      data-testid="quick-open"
      onFocusOut={(event) => {
        const next = event.relatedTarget as Node | null;
        if (!next || !event.currentTarget.contains(next)) quick.hide();
      }}
    >
      <input
        ref={input}
        class="text-input quick-open-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-open-list"
        aria-activedescendant={matches.length > 0 ? `quick-open-${active}` : undefined}
        placeholder="Function name or index"
        value={quick.query.value}
        onInput={(event) => (quick.query.value = event.currentTarget.value)}
        onKeyDown={onKeyDown}
        data-testid="quick-open-input"
      />
      <ul class="quick-open-list" id="quick-open-list" role="listbox" ref={list}>
        {matches.length === 0 ? (
          <li class="empty-note">No function matches.</li>
        ) : (
          matches.map((match, position) => (
            <li
              key={match.index}
              id={`quick-open-${position}`}
              class="quick-open-item"
              role="option"
              aria-selected={position === active}
              data-testid="quick-open-item"
              data-index={match.index}
              data-position={position}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(position)}
            >
              <span class="quick-open-name">{highlighted(match)}</span>
              <span class="subtle">#{match.index}</span>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}

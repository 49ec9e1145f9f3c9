/**
 * A DevTools tab strip: the WAI-ARIA tabs pattern with a roving tab stop (←/→, Home/End move
 * between tabs and select them, as DevTools' own strips do), optional close buttons (middle
 * click, ×, or Delete on the focused tab), and badges.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/** One tab. */
export interface TabItem {
  id: string;
  title: ComponentChildren;
  /** Tooltip. */
  tooltip?: string;
  closable?: boolean;
  /** A small count shown after the title (errors, leaks). */
  badge?: number;
}

/** Props of {@link Tabs}. */
export interface TabsProps {
  label: string;
  tabs: TabItem[];
  selected: string | null;
  onSelect(id: string): void;
  onClose?(id: string): void;
  /** `data-testid` of the strip. */
  testId?: string;
  /** Content after the tabs (toolbar buttons). */
  children?: ComponentChildren;
}

/** Renders a tab strip. */
export function Tabs(props: TabsProps) {
  const strip = useRef<HTMLDivElement>(null);
  // Closing the focused tab removes the element that held the keyboard; once the owner has
  // chosen what is selected next, the tab stop takes the focus instead of the page's body.
  const closedWithKeyboard = useRef<string | null>(null);
  useLayoutEffect(() => {
    const closed = closedWithKeyboard.current;
    if (closed === null || props.tabs.some((tab) => tab.id === closed)) return;
    closedWithKeyboard.current = null;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    strip.current?.querySelector<HTMLElement>('[role="tab"][tabindex="0"]')?.focus();
  });
  const focusTab = (index: number): void => {
    const tab = props.tabs[(index + props.tabs.length) % props.tabs.length];
    if (!tab) return;
    props.onSelect(tab.id);
    strip.current?.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(tab.id)}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent, index: number, tab: TabItem): void => {
    // Modified keys belong to DevTools and the browser (Alt+← is history, Ctrl+Home scrolls).
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key === 'ArrowRight') focusTab(index + 1);
    else if (event.key === 'ArrowLeft') focusTab(index - 1);
    else if (event.key === 'Home') focusTab(0);
    else if (event.key === 'End') focusTab(props.tabs.length - 1);
    else if ((event.key === 'Delete' || event.key === 'Backspace') && tab.closable) {
      closedWithKeyboard.current = tab.id;
      props.onClose?.(tab.id);
    } else return;
    event.preventDefault();
  };
  return (
    <div
      class="tab-strip"
      role="tablist"
      aria-label={props.label}
      ref={strip}
      data-testid={props.testId}
    >
      {props.tabs.map((tab, index) => {
        const selected = tab.id === props.selected;
        return (
          <div
            key={tab.id}
            class="tab"
            role="tab"
            data-tab-id={tab.id}
            aria-selected={selected}
            tabIndex={selected || (props.selected === null && index === 0) ? 0 : -1}
            title={tab.tooltip}
            onClick={() => props.onSelect(tab.id)}
            onAuxClick={(event) => {
              if (event.button === 1 && tab.closable) props.onClose?.(tab.id);
            }}
            onKeyDown={(event) => onKeyDown(event, index, tab)}
          >
            <span>{tab.title}</span>
            {tab.badge ? <span class="count">{tab.badge}</span> : null}
            {tab.closable ? (
              <span
                class="close"
                role="button"
                aria-label={`Close ${typeof tab.title === 'string' ? tab.title : ''}`}
                onClick={(event) => {
                  event.stopPropagation();
                  props.onClose?.(tab.id);
                }}
              >
                ×
              </span>
            ) : null}
          </div>
        );
      })}
      {props.children}
    </div>
  );
}

// @vitest-environment happy-dom
/**
 * The tab strip with the keyboard, as in DevTools' own strips: arrows, Home and End move the
 * focus and select the tab they land on (wrapping at the ends), one tab is the strip's tab stop,
 * modified arrows are left to DevTools and the browser, and closing the focused tab with Delete
 * hands the keyboard to the tab selected next.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { Tabs } from '../../../../src/panel/views/common/index.ts';

afterEach(cleanup);

const TITLES = ['Overview', 'Code', 'Imports/Exports', 'Size'];

/** A strip whose owner keeps the selection, and closes tabs when asked if `closable`. */
function Owner({ closable = false }: { closable?: boolean }) {
  const [ids, setIds] = useState(TITLES);
  const [selected, setSelected] = useState<string | null>(TITLES[0]);
  return (
    <Tabs
      label="Views"
      tabs={ids.map((id) => ({ id, title: id, closable }))}
      selected={selected}
      onSelect={setSelected}
      onClose={(id) => {
        const at = ids.indexOf(id);
        const rest = ids.filter((other) => other !== id);
        setIds(rest);
        if (selected === id) setSelected(rest[Math.min(at, rest.length - 1)] ?? null);
      }}
      testId="strip"
    />
  );
}

const tab = (id: string): HTMLElement =>
  screen.getByTestId('strip').querySelector<HTMLElement>(`[data-tab-id="${id}"]`)!;

/** The selected tab's id, after checking it is the strip's only tab stop. */
function selectedTab(): string | undefined {
  const tabs = [...screen.getAllByRole('tab')];
  const stops = tabs.filter((element) => element.tabIndex === 0);
  const selected = tabs.filter((element) => element.getAttribute('aria-selected') === 'true');
  expect(stops).toEqual(selected);
  expect(stops).toHaveLength(1);
  return stops[0].dataset.tabId;
}

describe('the tab strip with the keyboard', () => {
  it('moves and selects with the arrows, wrapping at both ends, and jumps with Home and End', () => {
    render(<Owner />);
    tab('Overview').focus();
    fireEvent.keyDown(tab('Overview'), { key: 'ArrowRight' });
    expect(selectedTab()).toBe('Code');
    expect(document.activeElement).toBe(tab('Code'));

    fireEvent.keyDown(tab('Code'), { key: 'End' });
    expect(selectedTab()).toBe('Size');
    expect(document.activeElement).toBe(tab('Size'));
    fireEvent.keyDown(tab('Size'), { key: 'ArrowRight' });
    expect(selectedTab()).toBe('Overview');

    fireEvent.keyDown(tab('Overview'), { key: 'ArrowLeft' });
    expect(selectedTab()).toBe('Size');
    fireEvent.keyDown(tab('Size'), { key: 'Home' });
    expect(selectedTab()).toBe('Overview');
    expect(document.activeElement).toBe(tab('Overview'));
  });

  it('leaves modified arrows alone (Alt+← is history, not a tab)', () => {
    render(<Owner />);
    tab('Overview').focus();
    const unhandled = fireEvent.keyDown(tab('Overview'), { key: 'ArrowRight', altKey: true });
    expect(unhandled).toBe(true);
    fireEvent.keyDown(tab('Overview'), { key: 'End', ctrlKey: true });
    expect(selectedTab()).toBe('Overview');
  });

  it('hands the keyboard to the next selected tab when Delete closes the focused one', () => {
    render(<Owner closable />);
    tab('Overview').focus();
    fireEvent.keyDown(tab('Overview'), { key: 'ArrowRight' });
    fireEvent.keyDown(tab('Code'), { key: 'Delete' });
    expect(screen.getByTestId('strip').querySelector('[data-tab-id="Code"]')).toBeNull();
    expect(selectedTab()).toBe('Imports/Exports');
    expect(document.activeElement).toBe(tab('Imports/Exports'));
  });
});

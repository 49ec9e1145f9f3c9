// @vitest-environment happy-dom
/**
 * The Size tab, driven through a real store: the largest parts of a module with their share,
 * the filter, who reaches a selected function (expanding callers into their own callers), and
 * the way from there into the code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import type { ModuleDocument, PanelStore } from '../../../src/panel/state/index.ts';
import { watToWasm } from '../../support/wat.ts';
import { bufferOf, createTestStore } from '../support/panel-harness.tsx';

const MODULE = `(module
  (func $leaf (export "leaf") (result i32) (i32.const 1))
  (func $mid (result i32) (i32.add (call $leaf) (call $leaf)))
  (func $top (export "top") (result i32)
    (i32.add (call $mid) (i32.mul (i32.const 3) (i32.const 4))))
  (func $big (result i32)
    (i32.add (i32.add (i32.add (i32.const 1) (i32.const 2)) (i32.add (i32.const 3) (i32.const 4)))
      (i32.add (i32.add (i32.const 5) (i32.const 6)) (i32.add (i32.const 7) (i32.const 8)))))
  (memory 1)
  (data (i32.const 0) "a string of some length, long enough to be the largest part"))`;

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

async function openSize(): Promise<ModuleDocument> {
  store = createTestStore();
  render(<App store={store} />);
  const doc = store.documents.open(bufferOf(await watToWasm(MODULE)), 'sizes.wasm', {
    kind: 'file',
    fileName: 'sizes.wasm',
  });
  await waitFor(() => expect(doc.phase.value).toBe('open'));
  fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="size"]')!);
  await waitFor(() => expect(screen.getAllByTestId('size-row').length).toBeGreaterThan(4));
  return doc;
}

const rowNames = () => screen.getAllByTestId('size-row').map((row) => row.dataset.name);

describe('the Size tab', () => {
  it('lists the module’s parts largest first, with bytes and share, and filters them', async () => {
    await openSize();
    const rows = screen.getAllByTestId('size-row');
    const sizes = rows.map((row) => Number(row.dataset.size));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(rows[0].dataset.kind).toBe('data');
    expect(rowNames()).toContain('big');
    expect(rows.map((row) => row.dataset.kind)).toContain('custom');
    expect(rows[0].textContent).toMatch(/\d+(\.\d)?%/);
    const summary = screen.getByTestId('size-summary').textContent;
    expect(summary).toMatch(/items · module .* · code \d.* · data \d.* · custom \d/);
    // The module has no element segment: its share is left out, not shown as 0%.
    expect(summary).not.toContain('elements');
    fireEvent.input(screen.getByTestId('filter-size'), { target: { value: 'mid' } });
    await waitFor(() => expect(rowNames()).toEqual(['mid']));
  });

  it('shows who reaches a function, expands a caller into its callers, and opens the code', async () => {
    const doc = await openSize();
    const grid = screen.getByTestId('grid-size');
    fireEvent.mouseDown(grid.querySelector('[data-name="leaf"]')!);
    const tree = await screen.findByTestId('referrers');
    await waitFor(() => expect(tree.dataset.state).toBe('ready'));
    await waitFor(() =>
      expect(tree.querySelectorAll('[data-testid="referrer"]').length).toBeGreaterThanOrEqual(3),
    );
    const kinds = () =>
      [...tree.querySelectorAll<HTMLElement>('[data-testid="referrer"]')].map(
        (n) => n.dataset.kind,
      );
    expect(kinds()).toEqual(['root', 'call', 'export']);
    expect(tree.textContent).toContain('called by mid (2 call sites)');
    expect(tree.textContent).toContain('exported as "leaf"');
    // keyboard: down to the caller, → expands it into who calls $mid
    tree.focus();
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    await waitFor(() => expect(kinds()).toEqual(['root', 'call', 'call', 'export']));
    expect(tree.textContent).toContain('called by top');
    // Enter on the caller opens the code at the call
    fireEvent.keyDown(tree, { key: 'Enter' });
    expect(doc.tab.value).toBe('code');
    await waitFor(() => {
      const lines = screen.getByTestId('code-lines');
      const selected = lines.querySelector(`[data-line="${lines.dataset.selected}"]`);
      expect(selected?.textContent).toMatch(/call \$leaf$/);
    });
  });

  it('opens a function’s code from its row with Enter', async () => {
    const doc = await openSize();
    const grid = screen.getByTestId('grid-size');
    fireEvent.mouseDown(grid.querySelector('[data-name="top"]')!);
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(doc.tab.value).toBe('code');
    await waitFor(() => {
      const lines = screen.getByTestId('code-lines');
      const selected = lines.querySelector(`[data-line="${lines.dataset.selected}"]`);
      expect(selected?.textContent).toMatch(/\(func \$top/);
    });
  });
});

// @vitest-environment happy-dom
/**
 * The Code tab, driven as a user drives it (clicks and keys) through a real store whose decode
 * service runs in-thread: the text, following links and coming back, "go to function", the
 * hex strip, reveals from the lists, and downloads.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import type { ModuleDocument, PanelStore } from '../../../src/panel/state/index.ts';
import { decodeModule, printModule } from '../../../src/wasm/index.ts';
import { watToWasm } from '../../support/wat.ts';
import { bufferOf, createTestStore, type SavedFile } from '../support/panel-harness.tsx';

const DEMO = `(module $demo
  (import "env" "log" (func $log (param i32)))
  (global $count (mut i32) (i32.const 0))
  (memory (export "memory") 1)
  (func $add (export "add") (param i32 i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.add (local.get 0) (local.get 1)))
  (func $twice (export "twice") (param i32) (result i32)
    (call $log (local.get 0))
    (call $add (local.get 0) (local.get 0)))
  (data (i32.const 8) "hello"))`;

let store: PanelStore | null = null;
afterEach(() => {
  vi.unstubAllGlobals();
  cleanup();
  store?.dispose();
  store = null;
});

async function openDemo(saved?: SavedFile[]): Promise<{ doc: ModuleDocument; bytes: Uint8Array }> {
  store = createTestStore({ saved });
  render(<App store={store} />);
  const bytes = await watToWasm(DEMO);
  const doc = store.documents.open(bufferOf(bytes), 'demo.wasm', {
    kind: 'file',
    fileName: 'demo.wasm',
  });
  await waitFor(() => expect(doc.phase.value).toBe('open'));
  return { doc, bytes };
}

function showTab(id: string): void {
  fireEvent.click(screen.getByTestId('module-tabs').querySelector(`[data-tab-id="${id}"]`)!);
}

/** The rendered line elements, by line number. */
function lineElement(line: number): HTMLElement | null {
  return document.querySelector(`[data-testid="code-line"][data-line="${line}"]`);
}

function selectedText(): string {
  const selected = screen.getByTestId('code-lines').dataset.selected!;
  return lineElement(Number(selected))?.textContent ?? '';
}

async function openCode(): Promise<void> {
  showTab('code');
  await waitFor(() => expect(screen.getByTestId('code-lines').dataset.total).not.toBe('0'));
  await waitFor(() => expect(lineElement(0)?.textContent).toContain('(module $demo'));
}

describe('the Code tab', () => {
  it('shows the module’s text with offsets, coloured tokens and links', async () => {
    const { bytes } = await openDemo();
    await openCode();
    const total = Number(screen.getByTestId('code-lines').dataset.total);
    expect(total).toBe(printModule(decodeModule(bytes)).split('\n').length);
    expect(lineElement(total - 1)?.textContent).toMatch(
      /\(data \(;0;\) \(i32.const 8\) "hello"\)\)$/,
    );
    const call = [...document.querySelectorAll<HTMLElement>('[data-testid="code-link"]')].find(
      (link) => link.textContent === '$add' && link.dataset.linkKind === 'func',
    )!;
    expect(call.dataset.linkIndex).toBe('1');
    expect(call.classList.contains('tok-name')).toBe(true);
    const line = call.closest<HTMLElement>('[data-testid="code-line"]')!;
    expect(line.textContent).toMatch(/^[0-9a-f]{4}\s+call \$add\)?$/);
  });

  it('follows a call to its function and comes back with Alt+← and the toolbar', async () => {
    await openDemo();
    await openCode();
    const call = [...document.querySelectorAll<HTMLElement>('[data-testid="code-link"]')].find(
      (link) => link.textContent === '$add' && link.closest('[data-owner="func:2"]'),
    )!;
    fireEvent.mouseDown(call.closest('[data-testid="code-line"]')!);
    const from = screen.getByTestId('code-lines').dataset.selected;
    fireEvent.click(call);
    await waitFor(() => expect(selectedText()).toMatch(/\(func \$add \(type \d\)/));
    expect(screen.getByTestId('code-back').hasAttribute('disabled')).toBe(false);
    fireEvent.keyDown(screen.getByTestId('code-lines'), { key: 'ArrowLeft', altKey: true });
    await waitFor(() => expect(screen.getByTestId('code-lines').dataset.selected).toBe(from));
    fireEvent.click(screen.getByTestId('code-forward'));
    await waitFor(() => expect(selectedText()).toMatch(/\(func \$add/));
  });

  it('moves with the keyboard and follows the selected line’s link with Enter', async () => {
    await openDemo();
    await openCode();
    const lines = screen.getByTestId('code-lines');
    const callLine = [...document.querySelectorAll<HTMLElement>('[data-testid="code-line"]')].find(
      (line) => line.textContent?.includes('call $log'),
    )!;
    fireEvent.mouseDown(callLine);
    fireEvent.keyDown(lines, { key: 'ArrowDown' });
    fireEvent.keyDown(lines, { key: 'ArrowDown' });
    fireEvent.keyDown(lines, { key: 'ArrowDown' });
    await waitFor(() => expect(selectedText()).toContain('call $add'));
    fireEvent.keyDown(lines, { key: 'Enter' });
    await waitFor(() => expect(selectedText()).toMatch(/\(func \$add/));
    // a global reference leads to the global's definition
    fireEvent.keyDown(lines, { key: 'ArrowDown' });
    await waitFor(() => expect(selectedText()).toContain('global.get $count'));
    fireEvent.keyDown(lines, { key: 'Enter' });
    await waitFor(() => expect(selectedText()).toContain('(global $count (mut i32)'));
    // an import leads to its import line
    fireEvent.keyDown(lines, { key: 'Home' });
    await waitFor(() => expect(lines.dataset.selected).toBe('0'));
  });

  it('goes to a function by name with Ctrl+Shift+O, keyboard only', async () => {
    await openDemo();
    await openCode();
    fireEvent.keyDown(screen.getByTestId('code-lines'), {
      key: 'O',
      ctrlKey: true,
      shiftKey: true,
    });
    const input = await screen.findByTestId('quick-open-input');
    expect(document.activeElement).toBe(input);
    fireEvent.input(input, { target: { value: 'twc' } });
    await waitFor(() =>
      expect(screen.getAllByTestId('quick-open-item')[0].textContent).toContain('twice'),
    );
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.queryByTestId('quick-open')).toBeNull());
    await waitFor(() => expect(selectedText()).toMatch(/\(func \$twice/));
    // an index works too, and Escape closes without moving
    fireEvent.click(screen.getByTestId('code-goto'));
    const again = await screen.findByTestId('quick-open-input');
    fireEvent.input(again, { target: { value: '1' } });
    await waitFor(() =>
      expect(screen.getAllByTestId('quick-open-item')[0].dataset.index).toBe('1'),
    );
    fireEvent.keyDown(again, { key: 'Escape' });
    expect(screen.queryByTestId('quick-open')).toBeNull();
    expect(selectedText()).toMatch(/\(func \$twice/);
  });

  it('shows the selected instruction’s bytes, and a clicked byte selects its line', async () => {
    const { bytes } = await openDemo();
    await openCode();
    const line = [...document.querySelectorAll<HTMLElement>('[data-testid="code-line"]')].find(
      (element) => element.textContent?.includes('global.set $count'),
    )!;
    fireEvent.mouseDown(line);
    const offset = Number(line.dataset.offset);
    await waitFor(() =>
      expect(screen.getByTestId('hex-strip').dataset.offset).toBe(String(offset)),
    );
    const focused = [
      ...screen.getByTestId('hex-strip').querySelectorAll<HTMLElement>('.hex-byte.focus'),
    ];
    expect(focused.map((b) => b.textContent)).toEqual(['24', '00']);
    expect(Number(focused[0].dataset.offset)).toBe(offset);
    expect(bytes[offset]).toBe(0x24);
    // the byte after it belongs to the next instruction
    const next = screen
      .getByTestId('hex-strip')
      .querySelector<HTMLElement>(`[data-offset="${offset + 2}"]`)!;
    fireEvent.click(next);
    await waitFor(() => expect(selectedText()).toContain('local.get 0'));
  });

  it('shows a function chosen in the Functions list, and an export’s definition', async () => {
    const { doc } = await openDemo();
    showTab('functions');
    const grid = await screen.findByTestId('grid-functions');
    await waitFor(() => expect(grid.querySelectorAll('[data-testid="list-row"]').length).toBe(3));
    fireEvent.dblClick(grid.querySelector('[data-name="twice"]')!);
    expect(doc.tab.value).toBe('code');
    await waitFor(() => expect(selectedText()).toMatch(/\(func \$twice/));
    showTab('imports-exports');
    const exports = await screen.findByTestId('grid-exports');
    await waitFor(() => expect(exports.querySelector('[data-name="memory"]')).not.toBeNull());
    fireEvent.mouseDown(exports.querySelector('[data-name="memory"]')!);
    fireEvent.keyDown(exports, { key: 'Enter' });
    await waitFor(() => expect(selectedText()).toContain('(memory (;0;) 1)'));
  });

  it('downloads the module as .wasm and as its .wat text', async () => {
    // The in-thread worker posts its Blob over Node's MessageChannel, which clones Node's Blob
    // (as a browser's worker does its own), not happy-dom's.
    vi.stubGlobal('Blob', NodeBlob);
    const saved: SavedFile[] = [];
    const { bytes } = await openDemo(saved);
    await openCode();
    fireEvent.click(screen.getByTestId('download-wat'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].name).toBe('demo.wat');
    expect(await saved[0].blob.text()).toBe(printModule(decodeModule(bytes)));
    fireEvent.click(screen.getByTestId('download-wasm'));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1].name).toBe('demo.wasm');
    expect(new Uint8Array(await saved[1].blob.arrayBuffer())).toEqual(bytes);
    expect(screen.getByTestId('downloads').dataset.saved).toBe(`demo.wasm:${bytes.length}`);
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import {
  listState,
  navigationOf,
  reveal,
  type ModuleDocument,
  type PanelStore,
} from '../../../src/panel/state/index.ts';
import { HEADER, section, sleb, uleb, vec } from '../../support/binary-writer.ts';
import { watToWasm } from '../../support/wat.ts';
import { createTestStore, renderWithStore } from '../support/panel-harness.tsx';

const DEMO = `(module
  (memory 1)
  (table 4 funcref)
  (global $counter (mut i32) (i32.const 42))
  (global $ratio f64 (f64.const 3.5))
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $twice (param i32) (result i32) (call $add (local.get 0) (local.get 0)))
  (elem (i32.const 1) $add $twice)
  (data $greeting (i32.const 16) "Hello, WebAssembly! ABCDEFGHIJKLMNOP")
  (data $blob "passive"))`;

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

/** Opens `bytes` and shows its Data tab; returns the document. */
async function openData(bytes: Uint8Array): Promise<ModuleDocument> {
  store = createTestStore();
  renderWithStore(store, <App store={store} />);
  await store.openFiles([new File([bytes.slice()], 'module.wasm')]);
  await waitFor(() => expect(screen.getByTestId('module-tabs')).toBeTruthy());
  fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="data"]')!);
  await waitFor(() => screen.getByTestId('data-tab'));
  return store.documents.active.value!;
}

function hexRows(): HTMLElement[] {
  return [
    ...document.querySelectorAll<HTMLElement>(
      '[data-testid="segment-hex"] [data-testid="hex-row"]',
    ),
  ];
}

/** The ASCII column of the rendered hex rows, joined. */
function asciiText(): string {
  return hexRows()
    .map((row) => row.querySelector('.hex-ascii')?.textContent ?? '')
    .join('');
}

/** A module with one memory and one active data segment of `size` bytes at address 0x1000. */
function moduleWithBigSegment(size: number): Uint8Array {
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = i & 0xff;
  payload.set(new TextEncoder().encode('THE END.'), size - 8);
  const segmentHead = [1, 0x00, 0x41, ...sleb(0x1000), 0x0b, ...uleb(size)];
  const dataHead = [11, ...uleb(segmentHead.length + size), ...segmentHead];
  const head = [
    ...HEADER,
    ...section(5, vec([[0x00, ...uleb(Math.ceil((size + 0x1000) / 65536))]])),
  ];
  const bytes = new Uint8Array(head.length + dataHead.length + size);
  bytes.set(head);
  bytes.set(dataHead, head.length);
  bytes.set(payload, head.length + dataHead.length);
  return bytes;
}

/** A module whose one active element segment holds `count` references to function 0. */
function moduleWithBigElementSegment(count: number): Uint8Array {
  const items = new Array<number>(count).fill(0);
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vec([[0x60, 0, 0]])),
    ...section(3, vec([[0]])),
    ...section(4, vec([[0x70, 0x00, ...uleb(count)]])),
    ...section(9, [1, 0x00, 0x41, 0, 0x0b, ...uleb(count), ...items]),
    ...section(10, vec([[2, 0, 0x0b]])),
  ]);
}

describe('the Data tab', () => {
  it('lists data segments with mode, memory, offset expression and size, and shows the first one in hex', async () => {
    await openData(await watToWasm(DEMO));
    await waitFor(() => expect(hexRows().length).toBeGreaterThan(0));
    const rows = [
      ...screen.getByTestId('grid-datas').querySelectorAll<HTMLElement>('[data-testid="list-row"]'),
    ];
    expect(rows.map((row) => row.dataset.name)).toEqual(['greeting', 'blob']);
    expect(rows[0].textContent).toContain('active');
    expect(rows[0].textContent).toContain('(i32.const 16)');
    expect(rows[1].textContent).toContain('passive');
    expect(screen.getByTestId('segment-bytes').dataset.segment).toBe('0');
    expect(asciiText()).toBe('Hello, WebAssembly! ABCDEFGHIJKLMNOP');
    expect(hexRows()[0].querySelector('.hex-bytes')?.textContent).toMatch(/^48 ?65 ?6c ?6c ?6f/);
  });

  it('selects a byte on focus, with a click and with the arrow keys, and reads its values', async () => {
    await openData(await watToWasm(DEMO));
    await waitFor(() => expect(hexRows().length).toBeGreaterThan(0));
    const grid = screen.getByRole('grid', { name: 'Bytes of greeting' });
    // Tabbing in selects the first byte in view, so the arrows have a place to start.
    fireEvent.focus(grid);
    expect(grid.dataset.selected).toBe('0');
    fireEvent.mouseDown(hexRows()[0].querySelector('[data-byte="7"]')!);
    const status = screen.getByTestId('hex-status');
    expect(status.textContent).toContain('offset 0x7');
    // 'W' = 87; the segment starts at memory address 16, so byte 7 is at 0x17.
    expect(status.textContent).toContain('u8 87');
    expect(status.textContent).toContain('address 0x17');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(grid.dataset.selected).toBe(String(7 + 16));
    fireEvent.keyDown(grid, { key: 'ArrowLeft' });
    expect(grid.dataset.selected).toBe(String(6 + 16));
    fireEvent.keyDown(grid, { key: 'End' });
    expect(grid.dataset.selected).toBe(String(36 - 1));
  });

  it('numbers rows from the memory address or the file offset when asked', async () => {
    await openData(await watToWasm(DEMO));
    await waitFor(() => expect(hexRows().length).toBeGreaterThan(0));
    expect(hexRows()[0].dataset.address).toBe('0');
    fireEvent.change(screen.getByTestId('address-mode'), { target: { value: 'memory' } });
    await waitFor(() => expect(hexRows()[0].dataset.address).toBe('16'));
    expect(hexRows()[0].querySelector('.hex-address')?.textContent).toBe('00000010');
    fireEvent.change(screen.getByTestId('address-mode'), { target: { value: 'file' } });
    await waitFor(() => expect(Number(hexRows()[0].dataset.address)).toBeGreaterThan(16));
  });

  it('windows a 10 MB segment: the end is one key away and only the rows in view are rendered', async () => {
    const size = 10 * 1024 * 1024;
    await openData(moduleWithBigSegment(size));
    await waitFor(() => expect(hexRows().length).toBeGreaterThan(0));
    const grid = screen.getByRole('grid', { name: /^Bytes of/ });
    fireEvent.focus(grid);
    fireEvent.keyDown(grid, { key: 'End' });
    await waitFor(() => expect(asciiText()).toContain('THE END.'));
    expect(hexRows().length).toBeLessThan(100);
    expect(hexRows().at(-1)?.dataset.offset).toBe(String(size - 16));
    expect(screen.getByTestId('hex-status').textContent).toContain(
      `offset 0x${(size - 1).toString(16)}`,
    );
  });

  it('lists element segments and their items; 700,000 items page in, and an item opens its function', async () => {
    const doc = await openData(moduleWithBigElementSegment(700_000));
    fireEvent.click(screen.getByTestId('data-lists').querySelector('[data-tab-id="elems"]')!);
    const items = await waitFor(() => {
      const grid = screen.getByTestId('grid-elem-items');
      expect(grid.getAttribute('aria-rowcount')).toBe(String(700_000 + 1));
      return grid;
    });
    expect(screen.getByTestId('grid-elems').textContent).toContain('(i32.const 0)');
    fireEvent.keyDown(items, { key: 'End' });
    await waitFor(() =>
      expect(items.querySelector('[data-testid="elem-item"][data-ordinal="699999"]')).toBeTruthy(),
    );
    expect(items.querySelectorAll('[data-testid="elem-item"]').length).toBeLessThan(100);
    fireEvent.keyDown(items, { key: 'Enter' });
    expect(doc.tab.value).toBe('code');
    expect(navigationOf(doc).pending.value).toEqual({ kind: 'func', index: 0 });
  });

  it('a click on an element item function reveals that function', async () => {
    const doc = await openData(await watToWasm(DEMO));
    fireEvent.click(screen.getByTestId('data-lists').querySelector('[data-tab-id="elems"]')!);
    const link = await waitFor(() => {
      const found = document.querySelectorAll<HTMLElement>('[data-testid="elem-item-func"]');
      expect(found.length).toBe(2);
      return found[1];
    });
    expect(link.textContent).toContain('twice');
    fireEvent.click(link);
    expect(navigationOf(doc).pending.value).toEqual({ kind: 'func', index: 1 });
  });

  it('takes data and elem reveal targets: the list, the row and the item', async () => {
    const doc = await openData(await watToWasm(DEMO));
    // Filtering first: a reveal must still find segment 1 by its index.
    listState(doc, 'datas', store!.decoder).query.value = 'greet';
    doc.tab.value = 'overview';
    act(() => reveal(doc, { kind: 'data', index: 1 }));
    await waitFor(() => expect(screen.getByTestId('segment-bytes').dataset.segment).toBe('1'));
    expect(doc.tab.value).toBe('data');
    expect(navigationOf(doc).pending.value).toBeNull();
    await waitFor(() => expect(asciiText()).toBe('passive'));

    act(() => reveal(doc, { kind: 'elem', index: 0, item: 1 }));
    await waitFor(() => {
      const selected = document.querySelector('[data-testid="elem-item"][aria-selected="true"]');
      expect(selected?.getAttribute('data-ordinal')).toBe('1');
    });
    expect(screen.getByTestId('elem-items').dataset.segment).toBe('0');
  });

  it('lists globals with their types and initial values', async () => {
    await openData(await watToWasm(DEMO));
    fireEvent.click(screen.getByTestId('data-lists').querySelector('[data-tab-id="globals"]')!);
    await waitFor(() =>
      expect(
        screen.getByTestId('grid-globals').querySelectorAll('[data-testid="list-row"]'),
      ).toHaveLength(2),
    );
    const text = screen.getByTestId('grid-globals').textContent;
    expect(text).toContain('(mut i32)');
    expect(text).toContain('(i32.const 42)');
    expect(text).toContain('(f64.const 0x1.cp+1');
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, configure, fireEvent, screen, waitFor } from '@testing-library/preact';
import {
  BufferMemorySource,
  createMemoryInspector,
  createMemoryList,
  type MemoryInspector,
  type PanelStore,
} from '../../../src/panel/state/index.ts';
import { MemoryListView, MemoryView } from '../../../src/panel/views/memory/index.ts';
import { watToWasm } from '../../support/wat.ts';
import { createTestStore, renderWithStore } from '../support/panel-harness.tsx';

/**
 * A module whose memory holds a pointer to a string, an i32 and a string, and whose `poke`
 * writes 4 bytes at an address (a call that changes memory).
 */
const MODULE = `(module
  (memory (export "memory") 1)
  (data (i32.const 0x10) "\\40\\00\\00\\00")
  (data (i32.const 0x20) "\\78\\56\\34\\12")
  (data (i32.const 0x40) "hello, memory\\00")
  (data (i32.const 0x80) "needle .. needle")
  (func (export "poke") (param $at i32) (param $value i32)
    (i32.store (local.get $at) (local.get $value))))`;

// happy-dom renders a few hundred byte cells per read; on a loaded machine that takes a while.
configure({ asyncUtilTimeout: 10_000 });

let bytes: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  bytes = (await watToWasm(MODULE)).slice();
});

interface Harness {
  store: PanelStore;
  inspector: MemoryInspector;
  source: BufferMemorySource;
  memory: WebAssembly.Memory;
  poke(at: number, value: number): void;
}

let current: Harness | null = null;
afterEach(() => {
  cleanup();
  current?.inspector.dispose();
  current?.store.dispose();
  current = null;
});

/** Instantiates the module and renders a Memory view of its memory. */
async function showMemory(): Promise<Harness> {
  const { instance } = await WebAssembly.instantiate(bytes);
  const exports = instance.exports as {
    memory: WebAssembly.Memory;
    poke(at: number, value: number): void;
  };
  const source = new BufferMemorySource(exports.memory, { id: 'm0', label: 'memory 0' });
  const inspector = createMemoryInspector(source, { minRefreshMs: 0 });
  const store = createTestStore();
  let calls = 0;
  current = {
    store,
    inspector,
    source,
    memory: exports.memory,
    poke(at, value) {
      exports.poke(at, value);
      source.notify({ callId: ++calls });
    },
  };
  renderWithStore(store, <MemoryView inspector={inspector} saveFile={() => undefined} />);
  // The first rows are read (the placeholder is ··).
  await waitFor(() => expect(cell(0x20)?.textContent).toBe('78'));
  return current;
}

const grid = () => screen.getByTestId('memory-grid');
const cell = (address: number, column: 'hex' | 'text' = 'hex') =>
  grid().querySelector<HTMLElement>(`[data-offset="${address}"][data-column="${column}"]`);
const value = (type: string) =>
  screen.getByTestId('value-inspector').querySelector<HTMLElement>(`[data-type="${type}"]`)?.dataset
    .value;

describe('the Memory view', () => {
  it('puts the cursor where the user clicks, moves it with the keys, and shows the values there', async () => {
    const { inspector } = await showMemory();
    fireEvent.mouseDown(cell(0x20)!);
    expect(inspector.cursor.value).toBe(0x20);
    expect(cell(0x20)!.hasAttribute('data-cursor')).toBe(true);
    expect(value('u32')).toBe(String(0x12345678));
    expect(value('u8')).toBe(String(0x78));

    fireEvent.change(screen.getByTestId('value-endianness'), { target: { value: 'big' } });
    expect(value('u32')).toBe(String(0x78563412));

    fireEvent.keyDown(grid(), { key: 'ArrowRight' });
    expect(value('u8')).toBe(String(0x56));
    fireEvent.keyDown(grid(), { key: 'ArrowDown' });
    expect(inspector.cursor.value).toBe(0x21 + inspector.bytesPerRow.value);
    fireEvent.keyDown(grid(), { key: 'Home' });
    fireEvent.keyDown(grid(), { key: 'ArrowLeft', shiftKey: true });
    expect(inspector.selection.value.end - inspector.selection.value.start).toBe(2);
    fireEvent.keyDown(grid(), { key: 'Home', ctrlKey: true });
    expect(inspector.cursor.value).toBe(0);
  });

  it('goes to an address typed after Ctrl+G, follows a pointer, and goes back', async () => {
    const { inspector } = await showMemory();
    fireEvent.keyDown(grid(), { key: 'g', ctrlKey: true });
    const input = screen.getByTestId('memory-address') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    fireEvent.input(input, { target: { value: '0x8+8' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(inspector.cursor.value).toBe(0x10);
    expect(document.activeElement).toBe(grid());

    // The pointer at 0x10 points at the string at 0x40.
    fireEvent.click(screen.getByTestId('follow-ptr32'));
    expect(inspector.cursor.value).toBe(0x40);
    await waitFor(() =>
      expect(screen.getByTestId('cursor-c-string').textContent).toBe('"hello, memory"'),
    );
    fireEvent.keyDown(grid(), { key: 'ArrowLeft', altKey: true });
    expect(inspector.cursor.value).toBe(0x10);
    fireEvent.click(screen.getByTestId('memory-back'));
    expect(inspector.cursor.value).toBe(0);
    fireEvent.click(screen.getByTestId('memory-forward'));
    expect(inspector.cursor.value).toBe(0x10);

    fireEvent.keyDown(grid(), { key: 'g', ctrlKey: true });
    fireEvent.input(input, { target: { value: '0x100000' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByTestId('memory-address-error').textContent).toMatch(/past the end/);
  });

  it('edits the byte under the cursor with hex digits, and text in the text column', async () => {
    const { inspector, memory } = await showMemory();
    fireEvent.mouseDown(cell(0x30)!);
    fireEvent.keyDown(grid(), { key: 'a' });
    await waitFor(() => expect(inspector.nibble.value).toBe(1));
    fireEvent.keyDown(grid(), { key: 'B' });
    await waitFor(() => expect(inspector.cursor.value).toBe(0x31));
    expect(new Uint8Array(memory.buffer)[0x30]).toBe(0xab);
    expect(cell(0x30)!.textContent).toBe('ab');

    fireEvent.keyDown(grid(), { key: 'Tab' });
    expect(inspector.column.value).toBe('text');
    fireEvent.keyDown(grid(), { key: 'Z' });
    await waitFor(() => expect(new Uint8Array(memory.buffer)[0x31]).toBe(0x5a));
    expect(cell(0x31, 'text')!.textContent).toBe('Z');

    fireEvent.keyDown(grid(), { key: 'z', ctrlKey: true });
    await waitFor(() => expect(new Uint8Array(memory.buffer)[0x31]).toBe(0));
  });

  it('finds text and steps through the matches with Enter, F3 and Shift+F3', async () => {
    const { inspector } = await showMemory();
    const search = screen.getByTestId('memory-search') as HTMLInputElement;
    fireEvent.keyDown(grid(), { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(search);
    fireEvent.input(search, { target: { value: 'needle' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() =>
      expect(screen.getByTestId('memory-search-count').textContent).toBe('1 of 2'),
    );
    expect(inspector.cursor.value).toBe(0x80);
    expect(cell(0x80)!.dataset.match).toBe('current');
    expect(cell(0x8a)!.dataset.match).toBe('yes');
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(inspector.cursor.value).toBe(0x8a));
    expect(screen.getByTestId('memory-search-count').textContent).toBe('2 of 2');
    fireEvent.keyDown(grid(), { key: 'F3' });
    await waitFor(() => expect(inspector.cursor.value).toBe(0x80));
    fireEvent.keyDown(grid(), { key: 'F3', shiftKey: true });
    await waitFor(() => expect(inspector.cursor.value).toBe(0x8a));

    fireEvent.change(screen.getByTestId('memory-search-kind'), { target: { value: 'hex' } });
    fireEvent.input(search, { target: { value: '78 56 34 12' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(inspector.cursor.value).toBe(0x20));
    fireEvent.input(search, { target: { value: '7' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() =>
      expect(screen.getByTestId('memory-search-count').textContent).toBe('No matches'),
    );
  });

  it('highlights the bytes a call changed', async () => {
    const harness = await showMemory();
    harness.poke(0x44, 0x01020304);
    await waitFor(() => expect(cell(0x44)!.hasAttribute('data-changed')).toBe(true));
    for (const address of [0x45, 0x46, 0x47])
      expect(cell(address)!.hasAttribute('data-changed')).toBe(true);
    expect(cell(0x48)!.hasAttribute('data-changed')).toBe(false);
    expect(cell(0x44, 'text')!.hasAttribute('data-changed')).toBe(true);
    expect(screen.getByTestId('memory-changed-count').dataset.bytes).toBe('4');
    // The next call replaces the highlight.
    harness.poke(0x04, 0x7f);
    await waitFor(() => expect(cell(0x04)!.hasAttribute('data-changed')).toBe(true));
    expect(cell(0x44)!.hasAttribute('data-changed')).toBe(false);
  });

  it('lists and tints the ranges changed since a snapshot, and goes to one', async () => {
    const harness = await showMemory();
    fireEvent.click(screen.getByTestId('take-snapshot'));
    await waitFor(() => expect(screen.getByTestId('snapshot-diff').dataset.ranges).toBe('0'));
    harness.poke(0x100, -1);
    harness.poke(0x20, 0x13345678); // only the byte at 0x23 changes (0x12 → 0x13)
    fireEvent.click(screen.getByTestId('snapshot-row').querySelector('button')!);
    await waitFor(() => expect(screen.getByTestId('snapshot-diff').dataset.ranges).toBe('2'));
    const ranges = screen.getAllByTestId('diff-range');
    expect(ranges.map((r) => r.dataset.start)).toEqual([String(0x23), String(0x100)]);
    await waitFor(() => expect(cell(0x100)!.hasAttribute('data-since')).toBe(true));
    expect(cell(0x23)!.hasAttribute('data-since')).toBe(true);
    expect(cell(0x22)!.hasAttribute('data-since')).toBe(false);
    fireEvent.click(ranges[1].querySelector('button')!);
    expect(harness.inspector.cursor.value).toBe(0x100);
  });

  it('shows memory.grow as an event with the old and new size', async () => {
    const harness = await showMemory();
    harness.memory.grow(2);
    harness.source.notify({ callId: 99 });
    await waitFor(() =>
      expect(screen.getByTestId('grow-event').dataset.to).toBe(String(3 * 65536)),
    );
    expect(screen.getByTestId('grow-event').textContent).toContain(
      '1 page (64 KiB) → 3 pages (192 KiB)',
    );
    expect(screen.getByTestId('memory-size').textContent).toBe('3 pages (192 KiB)');
  });

  it('saves the selected range as a file', async () => {
    const { inspector } = await showMemory();
    const saved: { blob: Blob; name: string }[] = [];
    cleanup();
    renderWithStore(
      current!.store,
      <MemoryView inspector={inspector} saveFile={(blob, name) => saved.push({ blob, name })} />,
    );
    await waitFor(() => expect(cell(0x40)).toBeTruthy());
    fireEvent.mouseDown(cell(0x40)!);
    fireEvent.mouseDown(cell(0x44)!, { shiftKey: true });
    fireEvent.keyDown(grid(), { key: 's', ctrlKey: true });
    fireEvent.submit(screen.getByTestId('memory-save-form'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].name).toBe('memory_0-0x40-0x45.bin');
    expect(new TextDecoder().decode(await saved[0].blob.arrayBuffer())).toBe('hello');
  });
});

describe('several memories', () => {
  it('switches between memories with the selector, each keeping its cursor', async () => {
    const a = new BufferMemorySource(new WebAssembly.Memory({ initial: 1 }), {
      id: 'a',
      label: 'memory 0',
    });
    const b = new BufferMemorySource(new WebAssembly.Memory({ initial: 2 }), {
      id: 'b',
      label: 'memory 1',
    });
    const list = createMemoryList([a, b], { minRefreshMs: 0 });
    const store = createTestStore();
    renderWithStore(store, <MemoryListView list={list} />);
    await waitFor(() => expect(screen.getByTestId('memory-view').dataset.length).toBe('65536'));
    list.selected.value!.setCursor(9);
    fireEvent.change(screen.getByTestId('memory-select'), { target: { value: 'b' } });
    await waitFor(() => expect(screen.getByTestId('memory-view').dataset.length).toBe('131072'));
    expect(screen.getByTestId('memory-view').dataset.source).toBe('b');
    fireEvent.change(screen.getByTestId('memory-select'), { target: { value: 'a' } });
    await waitFor(() => expect(screen.getByTestId('memory-view').dataset.source).toBe('a'));
    expect(list.selected.value!.cursor.value).toBe(9);
    list.dispose();
    store.dispose();
  });
});

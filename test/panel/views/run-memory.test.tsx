// @vitest-environment happy-dom
/**
 * The Memory pane of the Run tab, through the store: the instance's memory over the sandbox
 * worker, the bytes a call changed highlighted, the value inspector at the cursor, edits,
 * search and snapshots answered by the worker, memory.grow events, and the lost store.
 * (Refreshes during a long call need a real worker thread: test/panel/state/sandbox.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanup,
  configure,
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import {
  instanceMemories,
  runMemory,
  type MemoryInspector,
  type ModuleDocument,
  type PanelStore,
} from '../../../src/panel/state/index.ts';
import { createTestStore, type TestStoreOptions } from '../support/panel-harness.tsx';
import { fixtureBytes } from '../support/sandbox-fixtures.ts';

// happy-dom renders a few hundred byte cells per read; on a loaded machine that takes a while.
configure({ asyncUtilTimeout: 10_000 });

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

interface Shown {
  store: PanelStore;
  doc: ModuleDocument;
  inspector(): MemoryInspector;
}

/** Opens the `memories` fixture's Run tab, instantiates it, and waits for its Memory pane. */
async function showRunMemory(options: TestStoreOptions = {}): Promise<Shown> {
  store = createTestStore(options);
  const panel = store;
  render(<App store={panel} />);
  const doc = panel.documents.open(await fixtureBytes('memories'), 'memories.wasm', {
    kind: 'file',
    fileName: 'memories.wasm',
  });
  await waitFor(() => expect(screen.getByTestId('module-tabs')).toBeTruthy());
  fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="run"]')!);
  // A worker thread loads the sandbox (and tsx) first: that takes a while on a loaded machine.
  await waitFor(() => expect(screen.getByTestId('exports-section')).toBeTruthy(), {
    timeout: 60_000,
  });
  // Nothing to show before there is an instance.
  expect(screen.queryByTestId('run-memory')).toBeNull();
  fireEvent.click(screen.getByTestId('instantiate'));
  await waitFor(() => expect(screen.getByTestId('run-memory')).toBeTruthy(), { timeout: 30_000 });
  // The data segment is read from the worker.
  await waitFor(() => expect(cell(0x40)?.textContent).toBe('68'));
  return {
    store: panel,
    doc,
    inspector: () => runMemory(doc, panel.sandbox).list.selected.value!,
  };
}

const pane = () => screen.getByTestId('run-memory');
const grid = () => within(pane()).getByTestId('memory-grid');
const cell = (address: number, column: 'hex' | 'text' = 'hex') =>
  screen
    .queryByTestId('run-memory')
    ?.querySelector<HTMLElement>(`[data-offset="${address}"][data-column="${column}"]`) ?? null;
const value = (type: string) =>
  within(pane()).getByTestId('value-inspector').querySelector<HTMLElement>(`[data-type="${type}"]`)
    ?.dataset.value;

function callForm(name: string): HTMLElement {
  const form = document.querySelector<HTMLElement>(
    `[data-testid="call-form"][data-export="${name}"]`,
  );
  if (!form) throw new Error(`no call form for ${name}`);
  return form;
}

/** Calls export `name` from its form with `args` typed into the fields. */
async function call(name: string, args: string[]): Promise<void> {
  const before = store!.sandbox.history.value.length;
  const fields = within(callForm(name)).queryAllByTestId('arg');
  args.forEach((text, i) => fireEvent.input(fields[i], { target: { value: text } }));
  fireEvent.click(within(callForm(name)).getByTestId('call'));
  await waitFor(() => {
    const history = store!.sandbox.history.value;
    expect(history.length).toBe(before + 1);
    expect(history.at(-1)?.outcome?.kind).toBe('returned');
  });
}

describe('the Memory pane of the Run tab', () => {
  it("shows the instance's memory, highlights what a call changed, and the values at the cursor follow the keys", async () => {
    const { inspector } = await showRunMemory();
    expect(within(pane()).getByTestId('run-memory-title').textContent).toMatch(/Memory of #\d+/);
    expect(within(pane()).getByTestId('memory-size').textContent).toBe('1 page (64 KiB)');
    await call('poke', ['0x44', '0x04030201']);
    await waitFor(() => expect(cell(0x44)!.hasAttribute('data-changed')).toBe(true));
    for (const address of [0x45, 0x46, 0x47])
      expect(cell(address)!.hasAttribute('data-changed')).toBe(true);
    expect(cell(0x43)!.hasAttribute('data-changed')).toBe(false);
    expect(cell(0x48)!.hasAttribute('data-changed')).toBe(false);
    expect(within(pane()).getByTestId('memory-changed-count').dataset.bytes).toBe('4');

    fireEvent.mouseDown(cell(0x44)!);
    expect(value('u32')).toBe(String(0x04030201));
    fireEvent.keyDown(grid(), { key: 'ArrowRight' });
    expect(inspector().cursor.value).toBe(0x45);
    expect(value('u8')).toBe('2');
    fireEvent.keyDown(grid(), { key: 'ArrowLeft' });
    fireEvent.keyDown(grid(), { key: 'ArrowLeft' });
    expect(value('u8')).toBe(String('l'.charCodeAt(0)));
    // The next call replaces the highlight with its own bytes.
    await call('poke', ['0x48', '0x11111111']);
    await waitFor(() => expect(cell(0x48)!.hasAttribute('data-changed')).toBe(true));
    expect(cell(0x44)!.hasAttribute('data-changed')).toBe(false);
  });

  it('edits a byte in the worker memory, and searches and compares snapshots in the worker', async () => {
    const { store: panel, inspector } = await showRunMemory();
    fireEvent.mouseDown(cell(0x40)!);
    fireEvent.keyDown(grid(), { key: '4' });
    fireEvent.keyDown(grid(), { key: '8' });
    const memory = panel.sandbox.instances.value[0].summary.exports.find(
      (e) => e.name === 'memory',
    )!;
    await waitFor(async () =>
      expect([
        ...(await panel.sandbox.memorySource(memory.handle, 'memory', false).read(0x40, 2)),
      ]).toEqual([0x48, 0x65]),
    );

    // The search runs where the bytes are.
    expect(inspector().search.where).toBe('source');
    const search = within(pane()).getByTestId('memory-search') as HTMLInputElement;
    fireEvent.input(search, { target: { value: 'memory' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() =>
      expect(within(pane()).getByTestId('memory-search-count').textContent).toBe('1 of 1'),
    );
    expect(inspector().cursor.value).toBe(0x47);

    fireEvent.click(within(pane()).getByTestId('take-snapshot'));
    await waitFor(() =>
      expect(within(pane()).getByTestId('snapshot-diff').dataset.ranges).toBe('0'),
    );
    await call('poke', ['0x2000', '-1']);
    fireEvent.click(within(pane()).getByTestId('snapshot-row').querySelector('button')!);
    await waitFor(() =>
      expect(within(pane()).getByTestId('snapshot-diff').dataset.ranges).toBe('1'),
    );
    const range = within(pane()).getByTestId('diff-range');
    expect(Number(range.dataset.start)).toBeLessThanOrEqual(0x2000);
  });

  it('shows memory.grow in a call as an event with the old and new size', async () => {
    await showRunMemory();
    await call('grow', ['2']);
    await waitFor(() =>
      expect(within(pane()).getByTestId('grow-event').dataset.to).toBe(String(3 * 65536)),
    );
    expect(within(pane()).getByTestId('grow-event').dataset.from).toBe(String(65536));
    expect(within(pane()).getByTestId('memory-size').textContent).toBe('3 pages (192 KiB)');
  });

  it('says the store was lost when the sandbox stops, and shows the re-made memory after Start again', async () => {
    const { store: panel } = await showRunMemory();
    const before = pane().querySelector<HTMLElement>('[data-testid="memory-view"]')!.dataset.source;
    panel.sandbox.stop('stopped by the test');
    await waitFor(() => expect(within(pane()).getByTestId('run-memory-lost')).toBeTruthy());
    expect(within(pane()).getByTestId('run-memory-lost').textContent).toMatch(
      /The store was lost, and its memory with it: stopped by the test/,
    );
    fireEvent.click(screen.getByTestId('restart'));
    await waitFor(() => {
      const view = pane().querySelector<HTMLElement>('[data-testid="memory-view"]');
      expect(view?.dataset.source).toBeTruthy();
      expect(view?.dataset.source).not.toBe(before);
    });
    await waitFor(() => expect(cell(0x40)?.textContent).toBe('68'));
  });
});

describe('instanceMemories', () => {
  it('lists exported memories, then imported ones not also exported, one entry per handle', () => {
    const memory = (address: 'i32' | 'i64') =>
      ({ kind: 'memory', initial: 1, maximum: null, address, shared: false }) as const;
    expect(
      instanceMemories({
        instanceId: 3,
        storeId: 1,
        moduleId: 1,
        exports: [
          { name: 'memory', type: memory('i32'), handle: 5 },
          { name: 'f', type: { kind: 'func', params: [], results: [] }, handle: 6 },
          { name: 'big', type: memory('i64'), handle: 8 },
        ],
        imports: [
          {
            index: 0,
            module: 'env',
            name: 'memory',
            type: memory('i32'),
            source: 'host',
            handle: 5,
          },
          { index: 1, module: 'env', name: 'heap', type: memory('i32'), source: 'host', handle: 7 },
        ],
      }),
    ).toEqual([
      { handle: 5, label: 'memory', is64: false },
      { handle: 8, label: 'big', is64: true },
      { handle: 7, label: 'env.heap', is64: false },
    ]);
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import {
  navigationOf,
  type ModuleDocument,
  type PanelStore,
} from '../../../src/panel/state/index.ts';
import { createTestStore, selectedCodeLine } from '../support/panel-harness.tsx';
import { fixtureBytes, type SandboxFixture } from '../support/sandbox-fixtures.ts';

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

async function openRunTab(
  name: SandboxFixture,
): Promise<{ store: PanelStore; doc: ModuleDocument }> {
  store = createTestStore();
  render(<App store={store} />);
  const doc = store.documents.open(await fixtureBytes(name), `${name}.wasm`, {
    kind: 'file',
    fileName: `${name}.wasm`,
  });
  await waitFor(() => expect(screen.getByTestId('module-tabs')).toBeTruthy());
  fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="run"]')!);
  await waitFor(() => expect(screen.getByTestId('exports-section')).toBeTruthy(), {
    timeout: 10_000,
  });
  return { store, doc };
}

async function instantiate(): Promise<void> {
  fireEvent.click(screen.getByTestId('instantiate'));
  await waitFor(
    () => expect(screen.getByTestId('exports-section').textContent).toMatch(/of instance #\d+/),
    { timeout: 10_000 },
  );
}

function showPane(id: string): HTMLElement {
  fireEvent.click(screen.getByTestId('run-panes').querySelector(`[data-tab-id="${id}"]`)!);
  return screen.getByTestId(`pane-${id}`);
}

function callForm(name: string): HTMLElement {
  const form = document.querySelector<HTMLElement>(
    `[data-testid="call-form"][data-export="${name}"]`,
  );
  if (!form) throw new Error(`no call form for ${name}`);
  return form;
}

/** Calls export `name` from its form with `args` and returns the outcome's text. */
async function call(name: string, args: string[] = []): Promise<string> {
  const inputs = within(callForm(name)).queryAllByTestId('arg');
  args.forEach((value, i) => fireEvent.input(inputs[i], { target: { value } }));
  const before = store!.sandbox.history.peek().length;
  fireEvent.click(within(callForm(name)).getByTestId('call'));
  await waitFor(() => expect(store!.sandbox.history.value.length).toBe(before + 1));
  await waitFor(() =>
    expect(within(callForm(name)).getByTestId('outcome').dataset.kind).not.toBe('running'),
  );
  return within(callForm(name)).getByTestId('outcome').textContent ?? '';
}

function entry(index: number): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="table-entry"][data-index="${index}"]`);
}

describe('the Tables pane', () => {
  it('shows a 700,000-entry table a window at a time, names each function and opens it in the code', async () => {
    const { doc } = await openRunTab('state-views');
    await instantiate();
    showPane('tables');
    await waitFor(() =>
      expect(screen.getByTestId('table-facts').textContent).toContain('700,000 entries'),
    );
    await waitFor(() => expect(entry(1)).toBeTruthy());
    expect(entry(0)!.textContent).toMatch(/add \(func \d+\)func\(i32, i32\) -> i32/);
    // `mul` is not exported: it is placed from the module's own records.
    expect(entry(1)!.textContent).toMatch(/^1mul \(func \d+\)func\(i32, i32\) -> i32$/);
    expect(entry(2)!.textContent).toContain('null');
    // Only the rows in view (and a few more) are in the document.
    expect(document.querySelectorAll('[data-testid="table-entry"]').length).toBeLessThan(100);
    // End goes to the last entry: its page is read from the worker.
    const grid = screen.getByTestId('table-entries');
    fireEvent.mouseDown(entry(0)!);
    fireEvent.keyDown(grid, { key: 'End' });
    await waitFor(() => expect(entry(699_999)?.textContent).toMatch(/^699999add \(func \d+\)/));
    expect(entry(699_998)?.textContent).toContain('null');
    // A function entry opens its function in the code view.
    const addIndex = Number(entry(699_999)!.dataset.func);
    fireEvent.click(within(entry(699_999)!).getByTestId('table-entry-func'));
    expect(doc.tab.value).toBe('code');
    // The Code tab takes the target: the function's first line is selected.
    const line = await selectedCodeLine();
    expect(line.textContent).toMatch(new RegExp(`\\(func (\\$add|\\(;${addIndex};\\))`));
    expect(navigationOf(doc).pending.value).toBeNull();
  });

  it('sets an entry to a function the panel knows, refuses text that is not one, and a call sees it', async () => {
    await openRunTab('state-views');
    await instantiate();
    const add = store!.sandbox.instances.value[0].summary.exports.find((e) => e.name === 'add')!;
    expect(await call('call_at', ['2'])).toMatch(/uninitialized|null/i);
    showPane('tables');
    await waitFor(() => expect(entry(2)).toBeTruthy());
    fireEvent.mouseDown(entry(2)!);
    const value = screen.getByTestId('table-set-value') as HTMLInputElement;
    fireEvent.input(value, { target: { value: 'add' } });
    fireEvent.click(screen.getByTestId('table-set-apply'));
    await waitFor(() => expect(screen.getByTestId('table-set-error').textContent).toMatch(/\w/));
    expect(value.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(value, { target: { value: `#${add.handle}` } });
    fireEvent.click(screen.getByTestId('table-set-apply'));
    await waitFor(() => expect(entry(2)?.textContent).toMatch(/^2add/));
    expect(screen.queryByTestId('table-set-error')).toBeNull();
    expect(await call('call_at', ['2'])).toContain('i32 13');
  });

  it('lists the externref table too: null entries, and a host reference by its description', async () => {
    await openRunTab('state-views');
    await instantiate();
    showPane('tables');
    const select = (await waitFor(() => screen.getByTestId('table-select'))) as HTMLSelectElement;
    const refs = [...select.options].find((o) => o.textContent?.startsWith('refs'))!;
    fireEvent.change(select, { target: { value: refs.value } });
    await waitFor(() =>
      expect(screen.getByTestId('table-facts').textContent).toMatch(/externref · 3 entries/),
    );
    await waitFor(() => expect(entry(2)?.textContent).toBe('2null'));
    const storeId = store!.sandbox.instances.value[0].summary.storeId;
    const handle = await store!.sandbox.createExternRef(storeId, 'a lamp');
    fireEvent.mouseDown(entry(1)!);
    fireEvent.input(screen.getByTestId('table-set-value'), { target: { value: `#${handle}` } });
    fireEvent.click(screen.getByTestId('table-set-apply'));
    await waitFor(() => expect(entry(1)?.textContent).toContain('a lamp'));
    expect(entry(2)?.textContent).toBe('2null');
  });
});

function globalRow(name: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(
    `[data-testid="global-row"][data-global="${name}"]`,
  );
  if (!row) throw new Error(`no row for global ${name}`);
  return row;
}

describe('the Globals pane', () => {
  it('lists exported and imported globals with type, mutability and value; only mutable ones are fields', async () => {
    await openRunTab('state-views');
    await instantiate();
    showPane('globals');
    await waitFor(() => expect(globalRow('count').dataset.value).toBe('0'));
    const rows = screen.getAllByTestId('global-row');
    expect(rows.map((r) => [r.dataset.global, r.dataset.source, r.dataset.mutable])).toEqual([
      ['count', 'export', 'true'],
      ['lanes', 'export', 'true'],
      ['version', 'export', 'false'],
      ['env.bias', 'import', 'true'],
      ['env.scale', 'import', 'false'],
    ]);
    expect(globalRow('version').textContent).toContain('i32const');
    expect(globalRow('version').dataset.value).toBe('3');
    expect(within(globalRow('version')).queryByTestId('global-input')).toBeNull();
    expect(within(globalRow('count')).getByTestId('global-input')).toBeTruthy();
  });

  it('edits an i64 as a BigInt beyond 2^53 and a v128 as lanes; a call sees the new values', async () => {
    await openRunTab('state-views');
    await instantiate();
    showPane('globals');
    await waitFor(() => expect(globalRow('count').dataset.value).toBe('0'));
    const count = within(globalRow('count')).getByTestId('global-input') as HTMLInputElement;
    // Text that is not an i64 is refused at the field, and nothing is set.
    fireEvent.input(count, { target: { value: '18446744073709551616' } });
    expect(within(globalRow('count')).getByTestId('global-error').textContent).toMatch(
      /out of range/,
    );
    expect(count.getAttribute('aria-invalid')).toBe('true');
    fireEvent.submit(count.closest('form')!);
    expect(globalRow('count').dataset.value).toBe('0');
    // Escape puts the value back.
    fireEvent.keyDown(count, { key: 'Escape' });
    expect(count.value).toBe('0');
    fireEvent.input(count, { target: { value: '9007199254740993' } });
    fireEvent.submit(count.closest('form')!);
    await waitFor(() => expect(globalRow('count').dataset.value).toBe('9007199254740993'));
    expect(await call('bump')).toContain('i64 9007199254740994');
    await waitFor(() => expect(globalRow('count').dataset.value).toBe('9007199254740994'));

    const lanes = within(globalRow('lanes')).getByTestId('global-input') as HTMLInputElement;
    fireEvent.input(lanes, { target: { value: 'i32x4 9 0 0 0' } });
    fireEvent.submit(lanes.closest('form')!);
    await waitFor(() =>
      expect(globalRow('lanes').dataset.value).toBe('0x00000000000000000000000000000009'),
    );
    expect(await call('lane0')).toContain('i32 9');
    // An imported mutable global is edited the same way.
    const bias = within(globalRow('env.bias')).getByTestId('global-input') as HTMLInputElement;
    fireEvent.input(bias, { target: { value: '0x10' } });
    fireEvent.submit(bias.closest('form')!);
    await waitFor(() => expect(globalRow('env.bias').dataset.value).toBe('16'));
    expect(await call('bump')).toContain('i64 9007199254741011');
  });
});

function hostFuncRow(importName: string): HTMLElement {
  const rows = [
    ...document.querySelectorAll<HTMLElement>(
      `[data-testid="host-func-row"][data-import="${importName}"]`,
    ),
  ];
  const row = rows.at(-1);
  if (!row) throw new Error(`no host function row for ${importName}`);
  return row;
}

function storeRow(storeId: number): HTMLElement {
  const row = document.querySelector<HTMLElement>(
    `[data-testid="store-row"][data-store="${storeId}"]`,
  );
  if (!row) throw new Error(`no row for store ${storeId}`);
  return row;
}

describe('the Lifetimes pane', () => {
  it('shows each store and its host functions, and follows a dispose to the freed error and the last member', async () => {
    await openRunTab('imports');
    await instantiate();
    const instance = store!.sandbox.instances.value[0].summary;
    showPane('lifetimes');
    await waitFor(() => expect(storeRow(instance.storeId).dataset.status).toBe('live'));
    expect(storeRow(instance.storeId).textContent).toContain('2 (2 live)');
    await waitFor(() => expect(hostFuncRow('env.log').dataset.phase).toBe('live'));
    expect(hostFuncRow('env.log').textContent).toContain('func(i32) -> i32');
    expect(hostFuncRow('env.log').textContent).toContain('0 of 2 members dropped');
    expect(hostFuncRow('env.tick').dataset.phase).toBe('live');

    // A call through the instance counts; the selected function's timeline shows it.
    await call('call_log', ['3']);
    showPane('lifetimes');
    await waitFor(() => expect(hostFuncRow('env.log').textContent).toMatch(/live1/));
    fireEvent.mouseDown(hostFuncRow('env.log'));
    const detail = screen.getByTestId('func-detail');
    await waitFor(() =>
      expect(
        within(detail)
          .getAllByTestId('timeline-point')
          .map((p) => p.dataset.kind),
      ).toEqual(['created', 'call']),
    );
    expect(within(detail).getAllByTestId('timeline-point')[0].textContent).toContain(
      `created in store #${instance.storeId} for env.log`,
    );

    // Disposed, the panel keeping its handles: released by the store, one member left.
    fireEvent.mouseDown(storeRow(instance.storeId));
    fireEvent.click(screen.getByTestId('dispose-store-keep'));
    await waitFor(() => expect(storeRow(instance.storeId).dataset.status).toBe('disposed'));
    await waitFor(() => expect(hostFuncRow('env.log').dataset.phase).toBe('released'));
    expect(hostFuncRow('env.log').textContent).toContain('released by its store');
    expect(hostFuncRow('env.log').dataset.members).toBe('1');
    // Calling an instance whose store is gone: the freed error.
    fireEvent.click(screen.getByTestId('call-after-dispose'));
    await waitFor(() => expect(screen.getByTestId('lifetime-call').dataset.kind).toBe('failed'));
    expect(screen.getByTestId('failure').dataset.code).toBe('freed');
    // The host function itself, called through the kept Func: a call after free.
    fireEvent.mouseDown(hostFuncRow('env.log'));
    expect(within(screen.getByTestId('func-detail')).getByTestId('bookkeeping').textContent).toBe(
      '1 of 2 members dropped: the closure is freed, its bookkeeping still held',
    );
    fireEvent.click(screen.getByTestId('call-func'));
    await waitFor(() =>
      expect(screen.getByTestId('lifetime-call').textContent).toMatch(
        /host func called after free of its associated store/,
      ),
    );
    await waitFor(() =>
      expect(hostFuncRow('env.log').textContent).toMatch(/released by its store11/),
    );
    await waitFor(() =>
      expect(
        within(screen.getByTestId('func-detail'))
          .getAllByTestId('timeline-point')
          .map((p) => p.dataset.kind),
      ).toEqual(['created', 'call', 'released', 'after-free']),
    );

    // Dropping the kept handles and running the collector: both members gone.
    fireEvent.mouseDown(storeRow(instance.storeId));
    await waitFor(() =>
      expect((screen.getByTestId('forget-store') as HTMLButtonElement).disabled).toBe(false),
    );
    fireEvent.click(screen.getByTestId('forget-store'));
    await waitFor(() => expect(screen.queryByTestId('forget-store')).toBeNull());
    await waitFor(() =>
      expect((screen.getByTestId('collect-garbage') as HTMLButtonElement).disabled).toBe(false),
    );
    fireEvent.click(screen.getByTestId('collect-garbage'));
    await waitFor(() => expect(hostFuncRow('env.log').dataset.phase).toBe('freed'));
    expect(hostFuncRow('env.log').textContent).toContain('2 of 2 members dropped');
    expect(hostFuncRow('env.tick').dataset.members).toBe('2');
  });

  it('dropping the panel’s handle to a Func leaves it live while its instance imports it', async () => {
    await openRunTab('imports');
    await instantiate();
    showPane('lifetimes');
    await waitFor(() => expect(hostFuncRow('env.log').dataset.phase).toBe('live'));
    fireEvent.mouseDown(hostFuncRow('env.log'));
    fireEvent.click(screen.getByTestId('drop-func'));
    await waitFor(() => expect(screen.queryByTestId('drop-func')).toBeNull());
    expect(screen.getByTestId('func-detail').textContent).toContain(
      'The panel holds no handle to it.',
    );
    // The instance is still held: nothing waits for the collector, and a collection changes nothing.
    expect(screen.queryByTestId('awaits-collector')).toBeNull();
    fireEvent.click(screen.getByTestId('collect-garbage'));
    await waitFor(() =>
      expect(screen.getByTestId('collect-garbage').hasAttribute('disabled')).toBe(false),
    );
    expect(hostFuncRow('env.log').dataset.phase).toBe('live');
    expect(await call('call_log', ['1'])).toContain('i32 0');
  });

  it('says "released when the collector runs" where the collector cannot be forced', async () => {
    await openRunTab('imports');
    await instantiate();
    const { instanceId } = store!.sandbox.instances.value[0].summary;
    store!.sandbox.environment.value = {
      ...store!.sandbox.environment.value!,
      canForceGc: false,
    };
    showPane('lifetimes');
    await waitFor(() => expect(hostFuncRow('env.log').dataset.phase).toBe('live'));
    expect(screen.getByTestId('collect-garbage').textContent).toBe('Invite the collector');
    expect(screen.getByTestId('lifetimes-pane').textContent).toContain(
      'A browser page cannot force garbage collection',
    );
    await store!.sandbox.dropInstance(instanceId);
    fireEvent.mouseDown(hostFuncRow('env.log'));
    await waitFor(() =>
      expect(screen.getByTestId('awaits-collector').textContent).toContain(
        'released when the collector runs',
      ),
    );
  });
});

describe('the Leaks pane', () => {
  it('lists each flagged record with its kind, object, store, time and fix; the Run tab counts them', async () => {
    await openRunTab('imports');
    await instantiate();
    const instance = store!.sandbox.instances.value[0].summary;
    showPane('leaks');
    expect(screen.getByTestId('leaks-pane').textContent).toContain('No leaks flagged');
    await store!.sandbox.disposeStore(instance.storeId, true);
    const log = instance.exports.find((e) => e.name === 'call_log')!;
    await store!.sandbox.callHandle(log.handle, 'call_log()', [{ type: 'i32', value: 1 }]);
    await store!.sandbox.callHandle(instance.imports[0].handle, 'env.log()', [
      { type: 'i32', value: 1 },
    ]);
    await waitFor(() => expect(screen.getAllByTestId('leak-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('leak-row');
    expect(rows.map((r) => [r.dataset.kind, r.dataset.store])).toEqual([
      ['used-after-dispose', String(instance.storeId)],
      ['host-call-after-free', String(instance.storeId)],
    ]);
    expect(rows[0].textContent).toContain('Used after its store was disposed');
    expect(rows[0].textContent).toMatch(/\d\d:\d\d:\d\d\.\d{3}/);
    expect(within(rows[1]).getByTestId('leak-fix').textContent).toMatch(/^Fix: /);
    expect(screen.getByTestId('leak-kinds').textContent).toBe(
      'Used after its store was disposed: 1 · Host function called after free: 1',
    );
    const badge = () =>
      screen.getByTestId('module-tabs').querySelector('[data-tab-id="run"] .count')?.textContent;
    expect(badge()).toBe('2');
    expect(
      screen.getByTestId('run-panes').querySelector('[data-tab-id="leaks"] .count')?.textContent,
    ).toBe('2');
    // A store let go of without dispose(): flagged once the collector finds it.
    const second = await store!.sandbox.createStore();
    await store!.sandbox.forgetStore(second);
    await store!.sandbox.collectGarbage();
    await waitFor(() =>
      expect(
        screen.getAllByTestId('leak-row').some((r) => r.dataset.kind === 'store-not-disposed'),
      ).toBe(true),
    );
    // The disposed store's kept objects were reachable at that collection: flagged too.
    const kinds = new Set(screen.getAllByTestId('leak-row').map((r) => r.dataset.kind));
    expect(kinds).toEqual(
      new Set([
        'used-after-dispose',
        'host-call-after-free',
        'store-not-disposed',
        'reachable-after-dispose',
      ]),
    );
    expect(badge()).toBe(String(screen.getAllByTestId('leak-row').length));
  });
});

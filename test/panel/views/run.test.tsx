// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import { type ModuleDocument, type PanelStore } from '../../../src/panel/state/index.ts';
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

function callForm(name: string): HTMLElement {
  const form = document.querySelector<HTMLElement>(
    `[data-testid="call-form"][data-export="${name}"]`,
  );
  if (!form) throw new Error(`no call form for ${name}`);
  return form;
}

async function instantiate(): Promise<void> {
  fireEvent.click(screen.getByTestId('instantiate'));
  await waitFor(
    () => expect(screen.getByTestId('exports-section').textContent).toMatch(/of instance #\d+/),
    {
      timeout: 10_000,
    },
  );
}

describe('the Run tab', () => {
  it('lists the imports with what each is given, and instantiates into a new store', async () => {
    await openRunTab('imports');
    const rows = screen.getAllByTestId('import-row');
    expect(rows.map((row) => [row.dataset.import, row.dataset.choice])).toEqual([
      ['env.log', 'auto'],
      ['env.tick', 'auto'],
      ['env.memory', 'auto'],
      ['env.counter', 'auto'],
      ['env.table', 'auto'],
    ]);
    expect(rows[2].textContent).toContain('a new memory of this type');
    await instantiate();
    expect(screen.getByTestId('sandbox-status').dataset.status).toBe('ready');
    expect((screen.getByTestId('store-select') as HTMLSelectElement).value).toMatch(/^\d+$/);
    // The instance's memory and globals are shown with their values.
    await waitFor(() =>
      expect(screen.getByTestId('live-state').textContent).toContain('1 page (65.5 kB)'),
    );
    await waitFor(() =>
      expect(screen.getByTestId('live-state').textContent).toMatch(/ratio.*f64 0\.5/),
    );
  });

  it('calls an export with typed arguments and shows the typed results; bad fields say why', async () => {
    await openRunTab('imports');
    await instantiate();
    const form = callForm('mix');
    const [a, b, c] = within(form).getAllByTestId('arg') as HTMLInputElement[];
    fireEvent.input(a, { target: { value: '0xffffffffffffffff' } });
    // A quiet NaN's payload crosses the JS API intact (engines quiet signalling ones).
    fireEvent.input(b, { target: { value: '-nan:0x400001' } });
    fireEvent.input(c, { target: { value: '-0' } });
    fireEvent.click(within(form).getByTestId('call'));
    await waitFor(() =>
      expect(within(callForm('mix')).getByTestId('outcome').dataset.kind).toBe('returned'),
    );
    const values = [
      ...callForm('mix').querySelectorAll<HTMLElement>('[data-testid="outcome"] .value'),
    ].map((v) => `${v.dataset.type} ${v.dataset.value}`);
    expect(values).toEqual(['f64 -0', 'f32 -nan:0x400001', 'i64 -1']);
    // A value out of range is refused at the field; nothing runs.
    const add = callForm('add');
    fireEvent.input(within(add).getAllByTestId('arg')[0], { target: { value: '4294967296' } });
    fireEvent.submit(add.querySelector('form')!);
    await waitFor(() =>
      expect(within(callForm('add')).getByTestId('arg-error').textContent).toMatch(/out of range/),
    );
    expect(within(callForm('add')).getAllByTestId('arg')[0].getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(store!.sandbox.history.value).toHaveLength(1);
  });

  it('shows a trap with its message and a stack that links into the code view', async () => {
    const { doc } = await openRunTab('imports');
    await instantiate();
    fireEvent.click(within(callForm('boom')).getByTestId('call'));
    await waitFor(() => expect(within(callForm('boom')).getByTestId('failure')).toBeTruthy());
    const failure = within(callForm('boom')).getByTestId('failure');
    expect(failure.dataset.code).toBe('trap');
    expect(within(failure).getByTestId('failure-message').textContent).toBe('unreachable');
    const frames = within(failure).getAllByTestId('frame-link');
    expect(frames.map((f) => f.textContent?.split(' ')[0])).toEqual(['inner', 'boom']);
    fireEvent.click(frames[0]);
    expect(doc.tab.value).toBe('code');
    // The Code tab takes the target and selects the trapping function's first line.
    const line = await selectedCodeLine();
    expect(line.dataset.owner).toBe(`func:${frames[0].dataset.func}`);
    expect(line.textContent).toContain('(func $inner');
  });

  it("a host function set to trap: the call fails with the user's message and names the import", async () => {
    await openRunTab('imports');
    const log = screen.getAllByTestId('import-row')[0];
    fireEvent.change(within(log).getByTestId('import-mode'), { target: { value: 'trap' } });
    const message = within(screen.getAllByTestId('import-row')[0]).getByTestId(
      'import-trap-message',
    );
    fireEvent.input(message, { target: { value: 'no logging today' } });
    await instantiate();
    fireEvent.click(within(callForm('call_log')).getByTestId('call'));
    await waitFor(() => expect(within(callForm('call_log')).getByTestId('failure')).toBeTruthy());
    const failure = within(callForm('call_log')).getByTestId('failure');
    expect(failure.dataset.code).toBe('host');
    expect(failure.textContent).toContain('in host function env.log');
    expect(within(failure).getByTestId('failure-message').textContent).toBe('no logging today');
    // The console logged the trapping call.
    await waitFor(() =>
      expect(screen.getByTestId('console-lines').textContent).toContain(
        'env.log(0) ✕ no logging today',
      ),
    );
  });

  it('runs a WASI command and reads "hello" in the console', async () => {
    await openRunTab('wasi-hello');
    expect(screen.getByTestId('wasi-section')).toBeTruthy();
    expect(screen.getAllByTestId('import-row')[0].dataset.choice).toBe('wasi');
    fireEvent.click(screen.getByTestId('wasi-run'));
    await waitFor(() => {
      const lines = [
        ...screen.getByTestId('console-lines').querySelectorAll<HTMLElement>('.console-line'),
      ];
      expect(lines.filter((l) => l.dataset.kind === 'stdout').map((l) => l.textContent)).toEqual([
        'hello',
      ]);
      expect(lines.filter((l) => l.dataset.kind === 'stderr').map((l) => l.textContent)).toEqual([
        'a note on stderr',
      ]);
    });
    // Each WASI call is logged too; host calls can be hidden.
    await waitFor(() =>
      expect(screen.getByTestId('console-lines').textContent).toContain(
        'wasi_snapshot_preview1.fd_write(',
      ),
    );
    fireEvent.click(screen.getByTestId('console-host-calls'));
    expect(screen.getByTestId('console-lines').textContent).not.toContain('fd_write');
    fireEvent.click(screen.getByTestId('console-clear'));
    expect(screen.getByTestId('console-lines').textContent).toMatch(/appears here/);
  });

  it('takes files dropped on the WASI directory, and does not open them as modules', async () => {
    const { store: panel } = await openRunTab('wasi-hello');
    const file = new File(['some input'], 'input.txt');
    fireEvent.drop(screen.getByTestId('wasi-drop'), {
      dataTransfer: { files: [file], types: ['Files'] },
    });
    await waitFor(() =>
      expect(
        screen.getByTestId('wasi-files').querySelector('[data-path="input.txt"]'),
      ).toBeTruthy(),
    );
    expect(panel.sandbox.wasiFiles.value).toEqual([{ path: 'input.txt', size: 10 }]);
    expect(panel.documents.list.value).toHaveLength(1);
    expect(panel.ui.notice.value).toBeNull();
  });

  it('keeps a history of calls to re-run, and Edit puts the arguments back', async () => {
    await openRunTab('imports');
    await instantiate();
    const add = callForm('add');
    const [a, b] = within(add).getAllByTestId('arg');
    fireEvent.input(a, { target: { value: '20' } });
    fireEvent.input(b, { target: { value: '22' } });
    fireEvent.click(within(add).getByTestId('call'));
    await waitFor(() =>
      expect(
        within(screen.getAllByTestId('history-row')[0]).getByTestId('outcome').dataset.kind,
      ).toBe('returned'),
    );
    fireEvent.input(within(callForm('add')).getAllByTestId('arg')[0], { target: { value: '0' } });
    fireEvent.click(within(screen.getAllByTestId('history-row')[0]).getByTestId('rerun'));
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    await waitFor(() =>
      expect(
        within(screen.getAllByTestId('history-row')[0]).getByTestId('outcome').textContent,
      ).toContain('i32 42'),
    );
    fireEvent.click(within(screen.getAllByTestId('history-row')[1]).getByTestId('edit'));
    expect((within(callForm('add')).getAllByTestId('arg')[0] as HTMLInputElement).value).toBe('20');
  });

  it('says the store was lost after Stop and offers to start again', async () => {
    const { store: panel } = await openRunTab('imports');
    await instantiate();
    panel.sandbox.stop('stopped by the test');
    await waitFor(() => expect(screen.getByTestId('sandbox-lost')).toBeTruthy());
    expect(screen.getByTestId('sandbox-lost').textContent).toContain('The store was lost.');
    expect(screen.getByTestId('sandbox-lost').textContent).toContain('1 store and 1 instance');
    expect(screen.getByTestId('sandbox-status').dataset.status).toBe('lost');
    fireEvent.click(screen.getByTestId('restart'));
    await waitFor(() => expect(screen.queryByTestId('sandbox-lost')).toBeNull(), {
      timeout: 10_000,
    });
    await waitFor(() =>
      expect(screen.getByTestId('exports-section').textContent).toMatch(/of instance #\d+/),
    );
    fireEvent.click(within(callForm('add')).getByTestId('call'));
    await waitFor(() =>
      expect(within(callForm('add')).getByTestId('outcome').dataset.kind).toBe('returned'),
    );
  });

  it('says why a threaded module cannot run where the engine cannot make a shared memory', async () => {
    const { store: panel } = await openRunTab('threads');
    // Node makes shared memories; a DevTools panel, not cross-origin isolated, may not.
    expect(screen.queryByTestId('threads-note')).toBeNull();
    panel.sandbox.environment.value = {
      crossOriginIsolated: false,
      sharedMemory: false,
      features: [],
      userAgent: 'test',
      canForceGc: true,
    };
    await waitFor(() => expect(screen.getByTestId('threads-note')).toBeTruthy());
    expect(screen.getByTestId('threads-note').textContent).toMatch(/not cross-origin isolated/);
  });

  it('shows the leak count of the sandbox on the Run tab', async () => {
    const { store: panel } = await openRunTab('imports');
    await instantiate();
    const storeId = panel.sandbox.stores.value[0].storeId;
    // The panel keeps its handles and calls a function of the disposed store: a leak.
    await panel.sandbox.disposeStore(storeId, true);
    const instanceId = panel.sandbox.instances.value[0].summary.instanceId;
    await panel.sandbox.call(instanceId, 'call_log', [{ type: 'i32', value: 1 }]);
    // (More may follow: objects the panel still holds are reachable after the dispose.)
    await waitFor(() => {
      const leaks = panel.sandbox.registry.value?.leaks ?? [];
      expect(leaks.map((l) => l.kind)).toContain('used-after-dispose');
      const badge = screen.getByTestId('module-tabs').querySelector('[data-tab-id="run"] .count');
      expect(badge?.textContent).toBe(String(leaks.length));
    });
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import type { PanelModule, PanelStore } from '../../../src/panel/state/index.ts';
import { watToWasm } from '../../support/wat.ts';
import { createTestStore } from '../support/panel-harness.tsx';
import { render } from '@testing-library/preact';

const DEMO = `(module $demo
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $twice (export "twice") (param i32) (result i32) (call $add (local.get 0) (local.get 0))))`;

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

function fileOf(bytes: Uint8Array, name: string): File {
  return new File([bytes.slice()], name);
}

describe('the panel shell', () => {
  it('welcomes a user with no module open, and has no page section on the standalone page', () => {
    store = createTestStore();
    render(<App store={store} />);
    expect(screen.getByTestId('welcome')).toBeTruthy();
    expect(document.querySelector('[data-section="page"]')).toBeNull();
  });

  it('opens a dropped or chosen .wasm file in a tab and shows its overview', async () => {
    store = createTestStore();
    render(<App store={store} />);
    const bytes = await watToWasm(DEMO, { names: true });
    await store.openFiles([fileOf(bytes, 'demo.wasm')]);
    await waitFor(() => expect(screen.getByTestId('overview')).toBeTruthy());
    expect(screen.getByTestId('overview-name').textContent).toContain('demo.wasm');
    const counts = screen.getByTestId('overview-counts');
    expect(counts.querySelector('[data-count="functions"]')?.getAttribute('data-value')).toBe('3');
    expect(counts.querySelector('[data-count="exports"]')?.getAttribute('data-value')).toBe('3');
    expect(screen.getByTestId('section-chart').querySelectorAll('rect').length).toBeGreaterThan(3);
    // The tab strip lists it; closing it returns to the welcome page.
    const tab = screen
      .getByTestId('document-tabs')
      .querySelector(`[data-tab-id="${store.documents.list.value[0].id}"]`)!;
    expect(tab.textContent).toContain('demo.wasm');
    fireEvent.click(tab.querySelector('.close')!);
    expect(screen.getByTestId('welcome')).toBeTruthy();
    expect(store.documents.list.value).toHaveLength(0);
  });

  it('says why a file that is neither a module nor text cannot be opened', async () => {
    store = createTestStore();
    render(<App store={store} />);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await store.openFiles([new File([png], 'picture.png')]);
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toContain('picture.png'));
  });

  it('opens a truncated module as far as it can: the sections read and the error with its offset', async () => {
    store = createTestStore();
    render(<App store={store} />);
    const bytes = await watToWasm(DEMO, { names: true });
    await store.openFiles([fileOf(bytes.subarray(0, bytes.length - 7), 'cut.wasm')]);
    await waitFor(() => expect(screen.getByTestId('decode-error')).toBeTruthy());
    expect(screen.getByTestId('decode-error').textContent).toMatch(
      /WasmDecodeError: .*0x[0-9a-f]+/,
    );
    expect(screen.getByTestId('section-table').textContent).toContain('type');
    // Views that need a decoded module say so instead of staying blank.
    fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="functions"]')!);
    expect(screen.getByRole('tabpanel').textContent).toContain('needs a module that decodes');
  });

  it('groups the page modules by frame and worker, and narrows them with the filter', () => {
    store = createTestStore({ kind: 'extension' });
    const base = {
      size: 100,
      entry: 'instantiate',
      frameId: 0,
      time: 0,
      instances: 1,
      stale: false,
      bytesCached: true,
      complete: true,
      bytesError: null,
      fetching: false,
    } as const;
    const modules: PanelModule[] = [
      {
        ...base,
        hash: 'a'.repeat(64),
        sourceUrl: 'http://x/app.wasm',
        frameUrl: 'http://x/',
        worker: null,
      },
      {
        ...base,
        hash: 'b'.repeat(64),
        sourceUrl: 'http://x/codec.wasm',
        frameUrl: 'http://x/',
        worker: { workerId: 'w1', url: 'http://x/worker.js' },
      },
      {
        ...base,
        hash: 'c'.repeat(64),
        sourceUrl: 'http://y/other.wasm',
        frameUrl: 'http://y/',
        frameId: 3,
        worker: null,
      },
    ];
    store.capture!.modules.value = modules;
    render(<App store={store} />);
    const list = screen.getByTestId('module-list');
    expect(list.querySelectorAll('[role="group"]')).toHaveLength(3);
    expect(list.querySelectorAll('[data-testid="module-row"]')).toHaveLength(3);
    fireEvent.input(screen.getByTestId('module-filter'), { target: { value: 'codec' } });
    expect(list.querySelectorAll('[data-testid="module-row"]')).toHaveLength(1);
    expect(list.querySelector('[role="group"]')?.getAttribute('aria-label')).toBe(
      'http://x/worker.js',
    );
  });
});

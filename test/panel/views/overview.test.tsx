// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import type { PanelStore } from '../../../src/panel/state/index.ts';
import { watToWasm } from '../../support/wat.ts';
import { createTestStore, renderWithStore } from '../support/panel-harness.tsx';

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

async function open(wat: string): Promise<void> {
  store = createTestStore();
  renderWithStore(store, <App store={store} />);
  await store.openFiles([new File([(await watToWasm(wat)).slice()], 'module.wasm')]);
  await waitFor(() => screen.getByTestId('overview'));
}

/** `count` exported functions named `f0`, `f1`, … */
function manyExports(count: number): string {
  const funcs = Array.from({ length: count }, (_, i) => `(func (export "f${i}"))`).join('\n');
  return `(module ${funcs})`;
}

describe('the Overview tab', () => {
  it('counts imported functions beside Functions, and dims kinds the module has none of', async () => {
    await open(`(module
      (import "env" "a" (func))
      (import "env" "b" (func))
      (func (export "f")))`);
    const counts = screen.getByTestId('overview-counts');
    const functions = counts.querySelector<HTMLElement>('[data-count="functions"]')!;
    expect(functions.dataset.value).toBe('3');
    expect(functions.querySelector('dt')?.textContent).toBe('Functions (2 imported)');
    expect(
      functions.querySelector<HTMLElement>('[data-count="importedFunctions"]')?.dataset.value,
    ).toBe('2');
    expect(counts.querySelector('[data-count="tags"]')?.className).toBe('zero');
    expect(counts.querySelector('[data-count="exports"]')?.className).toBe('');
  });

  it('keeps the SHA-256 on one line, whole in its tooltip', async () => {
    await open('(module)');
    const hash = screen.getByTestId('overview-sha256');
    expect(hash.textContent).toMatch(/^[0-9a-f]{64}$/);
    expect(hash.getAttribute('title')).toBe(hash.textContent);
    expect(hash.classList.contains('hash')).toBe(true);
  });
});

describe('the Imports/Exports tab', () => {
  it('sizes a short list to its rows and gives the long one the rest', async () => {
    await open(manyExports(40));
    fireEvent.click(
      screen.getByTestId('module-tabs').querySelector('[data-tab-id="imports-exports"]')!,
    );
    const imports = await waitFor(() => screen.getByRole('region', { name: 'Imports' }));
    const exports = screen.getByRole('region', { name: 'Exports' });
    // No imports: title, toolbar, column header and the "No imports." note.
    expect(imports.style.flex).toBe('0 0 auto');
    expect(imports.style.height).toBe('99px');
    expect(exports.style.height).toBe('');
    await waitFor(() =>
      expect(screen.getByTestId('list-imports').textContent).toContain('No imports.'),
    );
  });

  it('shows an export internal name only where it differs from the export name', async () => {
    await open(`(module
      (func $add (export "add"))
      (func $internal (export "public_name")))`);
    fireEvent.click(
      screen.getByTestId('module-tabs').querySelector('[data-tab-id="imports-exports"]')!,
    );
    const rows = await waitFor(() => {
      const found = screen.getByTestId('grid-exports').querySelectorAll('[data-testid="list-row"]');
      expect(found).toHaveLength(2);
      return [...found];
    });
    const cells = rows.map((row) => row.lastElementChild?.textContent);
    expect(cells).toEqual(['', 'internal']);
    expect(screen.getByTestId('list-exports').textContent).toContain('2 exports');
  });
});

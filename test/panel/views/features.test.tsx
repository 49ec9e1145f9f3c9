// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import { navigationOf, type PanelStore } from '../../../src/panel/state/index.ts';
import { CANARIES } from '../../../src/runtime/features/index.ts';
import { supportedFeatures, unsupportedFeaturesMessage } from '../../../src/runtime/index.ts';
import { customSection, name, vec } from '../../support/binary-writer.ts';
import { watToWasm } from '../../support/wat.ts';
import { createTestStore, renderWithStore } from '../support/panel-harness.tsx';

const SIMD_AND_BULK = `(module
  (memory 1)
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "splat") (param i32) (result v128) (i32x4.splat (local.get 0))))`;

const SIGN_EXT = `(module
  (func (export "ext") (param i32) (result i32) (i32.extend8_s (local.get 0))))`;

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

/** A `target_features` custom section declaring `entries` (`+simd128`). */
function targetFeatures(entries: string[]): number[] {
  return customSection(
    'target_features',
    vec(entries.map((entry) => [entry.charCodeAt(0), ...name(entry.slice(1))])),
  );
}

/** Opens `bytes` as a file and shows its Features tab. */
async function openFeatures(bytes: Uint8Array): Promise<HTMLElement> {
  store = createTestStore();
  renderWithStore(store, <App store={store} />);
  await store.openFiles([new File([bytes.slice()], 'module.wasm')]);
  await waitFor(() => expect(screen.getByTestId('module-tabs')).toBeTruthy());
  fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="features"]')!);
  return waitFor(() => screen.getByTestId('features'));
}

function rowOf(table: HTMLElement, selector: string): HTMLElement {
  const row = table.querySelector<HTMLElement>(selector);
  if (!row) throw new Error(`no ${selector} in ${table.outerHTML.slice(0, 200)}`);
  return row;
}

describe('the Features tab', () => {
  it('lists the proposals used with first offset and count, and this browser support', async () => {
    await openFeatures(await watToWasm(SIMD_AND_BULK));
    const used = screen.getByTestId('features-used');
    const features = [...used.querySelectorAll<HTMLElement>('tr[data-feature]')].map(
      (row) => row.dataset.feature,
    );
    expect(features).toEqual(['bulk-memory', 'simd']);
    const bulk = rowOf(used, '[data-feature="bulk-memory"]');
    expect(bulk.dataset.uses).toBe('2');
    expect(Number(bulk.dataset.firstOffset)).toBeGreaterThan(8);
    expect(bulk.dataset.supported).toBe(String(supportedFeatures().has('bulk-memory')));
    expect(bulk.textContent).toContain('Bulk Memory Operations');
    expect(screen.getByTestId('engine-verdict').dataset.valid).toBe('true');
  });

  it('gives the first Chrome, Firefox, Safari, Node.js and Deno versions, and each proposal per runtime', async () => {
    await openFeatures(await watToWasm(SIMD_AND_BULK));
    const table = screen.getByTestId('compat-table');
    const versions = Object.fromEntries(
      [...table.querySelectorAll<HTMLElement>('tr[data-runtime]')].map((row) => [
        row.dataset.runtime,
        row.dataset.version,
      ]),
    );
    expect(versions).toEqual({
      Chrome: '91',
      Firefox: '89',
      Safari: '16.4',
      'Node.js': '16.4',
      Deno: '1.9',
    });
    expect(rowOf(table, '[data-runtime="Chrome"]').textContent).toContain('simd');
    const matrix = screen.getByTestId('compat-matrix');
    expect(rowOf(matrix, '[data-feature="bulk-memory"] [data-runtime="Firefox"]').textContent).toBe(
      '79',
    );
    expect(screen.getByTestId('compat-source').textContent).toMatch(
      /WebAssembly\/website [0-9a-f]{7}/,
    );
  });

  it('says a runtime runs a proposal only behind a flag rather than giving a version', async () => {
    const relaxed = await watToWasm(`(module
      (func (export "f") (param v128 v128 v128) (result v128)
        (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))`);
    await openFeatures(relaxed);
    const safari = rowOf(screen.getByTestId('compat-table'), '[data-runtime="Safari"]');
    expect(safari.dataset.verdict).toBe('flag');
    expect(safari.textContent).toContain('Behind a flag');
    expect(safari.dataset.version).toBe('');
    expect(screen.getByTestId('compat-notes').textContent).toContain('useWebAssemblyRelaxedSIMD');
  });

  it('says a module uses no proposal when it is WebAssembly 1.0', async () => {
    await openFeatures(await watToWasm('(module (func (export "f") (result i32) (i32.const 1)))'));
    expect(screen.getByTestId('features-used').dataset.count).toBe('0');
    expect(
      rowOf(screen.getByTestId('compat-table'), '[data-runtime="Chrome"]').dataset.version,
    ).toBe('57');
    expect(screen.queryByTestId('compat-matrix')).toBeNull();
  });

  it('clicking a first offset asks the code view to show that byte', async () => {
    await openFeatures(await watToWasm(SIMD_AND_BULK));
    const row = rowOf(screen.getByTestId('features-used'), '[data-feature="simd"]');
    fireEvent.click(row.querySelector('[data-testid="feature-offset"]')!);
    const doc = store!.documents.active.value!;
    expect(doc.tab.value).toBe('code');
    expect(navigationOf(doc).pending.value).toEqual({
      kind: 'offset',
      offset: Number(row.dataset.firstOffset),
    });
  });

  it("shows the runtime's unsupported message prominently when this engine cannot compile the module", async () => {
    const bytes = CANARIES['custom-page-sizes']();
    await openFeatures(bytes);
    const verdict = screen.getByTestId('engine-verdict');
    if (supportedFeatures().has('custom-page-sizes')) {
      expect(verdict.dataset.valid).toBe('true');
      return;
    }
    expect(verdict.dataset.valid).toBe('false');
    const message = screen.getByTestId('engine-message');
    expect(message.getAttribute('role')).toBe('alert');
    expect(message.textContent).toContain(unsupportedFeaturesMessage(['custom-page-sizes']));
    expect(
      rowOf(screen.getByTestId('features-used'), '[data-feature="custom-page-sizes"]').dataset
        .supported,
    ).toBe('false');
  });

  it('compares target_features with what the code uses', async () => {
    const code = await watToWasm(SIGN_EXT, { names: false });
    const bytes = Uint8Array.from([
      ...code,
      ...targetFeatures(['+bulk-memory', '-simd128', '+wide-arithmetic']),
    ]);
    await openFeatures(bytes);
    const table = screen.getByTestId('target-features');
    const rows = Object.fromEntries(
      [...table.querySelectorAll<HTMLElement>('tr[data-target-feature]')].map((row) => [
        row.dataset.targetFeature,
        row.dataset.status,
      ]),
    );
    expect(rows).toEqual({
      'bulk-memory': 'unused',
      simd128: 'unused',
      'wide-arithmetic': 'unknown',
      'sign-ext': 'undeclared',
    });
    expect(rowOf(table, '[data-target-feature="sign-ext"]').textContent).toContain('not declared');
  });
});

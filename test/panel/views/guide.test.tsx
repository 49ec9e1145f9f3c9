// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import type { PanelStore } from '../../../src/panel/state/index.ts';
import { createTestStore } from '../support/panel-harness.tsx';
import { watToWasm } from '../../support/wat.ts';

// A path, not a URL object: happy-dom replaces the global URL.
const EXAMPLE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../src/panel/gallery/examples/lifetimes.wat',
);

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

function step(id: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(
    `[data-testid="guide-step"][data-step="${id}"]`,
  );
  if (!element) throw new Error(`no guide step ${id}`);
  return element;
}

describe('the guided lifetimes example', () => {
  it('walks through every step; each kind of leak happens, and the registry says what it saw', async () => {
    store = createTestStore();
    render(<App store={store} />);
    const bytes = await watToWasm(readFileSync(EXAMPLE, 'utf8'));
    store.documents.open(bytes.slice().buffer, 'lifetimes.wasm', {
      kind: 'gallery',
      exampleId: 'lifetimes',
    });
    await waitFor(() => expect(screen.getByTestId('module-tabs')).toBeTruthy());
    fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="run"]')!);
    await waitFor(() => expect(screen.getByTestId('guide')).toBeTruthy(), { timeout: 10_000 });
    const ids = screen.getAllByTestId('guide-step').map((s) => s.dataset.step!);
    expect(ids).toHaveLength(10);
    // A later step waits for the earlier ones.
    expect(within(step(ids[1])).getByTestId('guide-run').hasAttribute('disabled')).toBe(true);
    for (const id of ids) {
      const button = within(step(id)).getByTestId('guide-run');
      await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
      fireEvent.click(button);
      await waitFor(() => expect(step(id).dataset.status).toBe('ran'), { timeout: 10_000 });
      await waitFor(() => expect(step(id).dataset.observed).toBe('true'), { timeout: 10_000 });
    }
    const seen = (id: string) => within(step(id)).getByTestId('guide-observation').textContent;
    expect(seen('drop-func')).toMatch(/env\.log.*: live, 1 call, 0 of 2 members dropped/);
    expect(seen('drop-instance')).toMatch(
      /released by the collector, 1 call, 1 of 2 members dropped/,
    );
    expect(seen('dispose')).toMatch(/2 of 2 members dropped.*Leaks of store A: 0/);
    expect(within(step('used-after-dispose')).getByTestId('guide-output').textContent).toMatch(
      /greet\(1\) failed with freed/,
    );
    expect(within(step('host-call-after-free')).getByTestId('guide-output').textContent).toMatch(
      /host func called after free of its associated store/,
    );
    expect(seen('clean-up')).toMatch(/2 of 2 members dropped/);

    // The Leaks pane: the three one-off kinds once each, and what was still reachable.
    fireEvent.click(screen.getByTestId('run-panes').querySelector('[data-tab-id="leaks"]')!);
    const kinds = screen.getAllByTestId('leak-row').map((r) => r.dataset.kind);
    expect(kinds.filter((k) => k === 'store-not-disposed')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'used-after-dispose')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'host-call-after-free')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'reachable-after-dispose').length).toBeGreaterThan(0);
    expect(new Set(kinds).size).toBe(4);
  });
});

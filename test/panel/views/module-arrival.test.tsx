// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { App } from '../../../src/panel/views/index.ts';
import { MODULE_TABS } from '../../../src/panel/views/module/module-tabs.ts';
import type { ArrivalEvent, PanelStore } from '../../../src/panel/state/index.ts';
import { sha256Hex } from '../../../src/protocol/index.ts';
import { payloadsModule, skeletonOf } from '../../support/skeleton-fixture.ts';
import { createTestStore } from '../support/panel-harness.tsx';

let bytes: Uint8Array;
let skeleton: Uint8Array;
let hash: string;
let store: PanelStore | null = null;

beforeAll(async () => {
  bytes = await payloadsModule();
  skeleton = skeletonOf(bytes) as Uint8Array;
  hash = await sha256Hex(bytes);
});

afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

/** Opens the payloads module as arriving, with a function that feeds it events. */
function openArriving(): (event: ArrivalEvent) => void {
  store = createTestStore({ kind: 'extension' });
  const listeners = new Set<(event: ArrivalEvent) => void>();
  store.documents.openArriving(
    'app.wasm',
    { kind: 'page', hash, url: 'http://x/app.wasm' },
    bytes.length,
    {
      sha256: hash,
      watch: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  );
  return (event) => {
    for (const listener of [...listeners]) listener(event);
  };
}

describe('a captured module whose bytes are arriving', () => {
  it('shows how much arrived, then its overview from the skeleton, then completes', async () => {
    const send = openArriving();
    render(<App store={store!} />);
    send({ kind: 'progress', received: 2000, total: bytes.length });
    await waitFor(() => expect(screen.getByTestId('progress').textContent).toContain('Receiving'));
    send({ kind: 'skeleton', skeleton });
    await waitFor(() => expect(screen.getByTestId('overview')).toBeTruthy());
    const view = screen.getByTestId('module-view');
    expect(view.dataset.arrival).toBe('arriving');
    const progress = screen.getByTestId('bytes-progress');
    expect(progress.dataset.received).toBe('2000');
    expect(progress.dataset.total).toBe(String(bytes.length));
    expect(screen.getByTestId('overview-size').dataset.bytes).toBe(String(bytes.length));
    // The lists read the structure: they show while the bytes arrive.
    fireEvent.click(screen.getByTestId('module-tabs').querySelector('[data-tab-id="functions"]')!);
    await waitFor(() =>
      expect(document.querySelectorAll('[data-testid="list-row"]').length).toBeGreaterThan(3),
    );
    send({ kind: 'complete', bytes });
    await waitFor(() => expect(screen.getByTestId('module-view').dataset.arrival).toBe('complete'));
    expect(screen.queryByTestId('bytes-progress')).toBeNull();
  });

  it('says a view that needs the code waits for it, with how much arrived', async () => {
    MODULE_TABS.push({
      id: 'needs-code',
      title: 'Needs code',
      view: () => <p>code</p>,
      needsDecode: true,
    });
    try {
      const send = openArriving();
      render(<App store={store!} />);
      send({ kind: 'skeleton', skeleton });
      send({ kind: 'progress', received: 12_300_000, total: 31_300_000 });
      await waitFor(() => expect(screen.getByTestId('overview')).toBeTruthy());
      fireEvent.click(
        screen.getByTestId('module-tabs').querySelector('[data-tab-id="needs-code"]')!,
      );
      expect(screen.getByTestId('waiting-for-bytes').textContent).toContain(
        'Waiting for the code section (12.3 of 31.3 MB)',
      );
      send({ kind: 'failed', message: 'hash mismatch' });
      await waitFor(() => expect(screen.getByTestId('bytes-failed')).toBeTruthy());
      expect(screen.getByTestId('waiting-for-bytes').textContent).toContain('hash mismatch');
    } finally {
      MODULE_TABS.pop();
    }
  });
});

/**
 * The Run tab's live-state and lifetime panes in the real DevTools panel: a user edits a
 * mutable i64 global past 2^53 and calls again (the call sees it), browses a 700,000-entry
 * table, then runs the gallery's guided lifetimes example step by step and sees each kind of
 * leak flagged (Chromium runs with --expose-gc, so the collector steps are deterministic);
 * the Run tab's badge counts them. Screenshots light and dark, and at 400 px wide.
 */
import assert from 'node:assert/strict';
import type { PanelDriver } from '../harness/panel-driver.ts';
import { testPage } from '../harness/pages.ts';
import { openFixture, setPanelWidth, showPanelInFront } from '../harness/sandbox-panel.ts';
import { chromiumTest } from '../harness/suite.ts';

const CALL_FORM = (name: string) => `[data-testid="call-form"][data-export="${name}"]`;
const GLOBAL = (name: string) => `[data-testid="global-row"][data-global="${name}"]`;
const STEP = (id: string) => `[data-testid="guide-step"][data-step="${id}"]`;

async function showPane(panel: PanelDriver, id: string): Promise<void> {
  await panel.click(`[data-testid="run-panes"] [data-tab-id="${id}"]`);
  await panel.waitUntil<boolean>(
    `!!document.querySelector('[data-testid="pane-${id}"]')`,
    `the ${id} pane`,
  );
}

export default chromiumTest({
  name: 'the Run tab edits a global, browses a table and walks the guided lifetimes example to each leak',
  timeoutMs: 150_000,
  async run({ browser, server, slug, tab }) {
    const { panel } = tab;
    const pagePath = server.page(`/${slug}/index.html`, testPage(slug, 'return 1;'));
    await tab.page.navigate(server.origin + pagePath);
    assert.equal(await tab.page.result(), 1);
    await showPanelInFront(tab, browser);
    await panel.evaluate('globalThis.wasmLayerPanel.ui.sidebarOpen.value = false');

    // Globals: edit a mutable i64 past 2^53, then call again.
    await openFixture(panel, 'state-views');
    await panel.click('[data-testid="module-tabs"] [data-tab-id="run"]');
    await panel.waitUntil<boolean>(
      `document.querySelector('[data-testid="instantiate"]')?.disabled === false`,
      'the sandbox to be ready',
    );
    await panel.click('[data-testid="instantiate"]');
    try {
      await panel.waitUntil<boolean>(
        `/of instance #\\d+/.test(document.querySelector('[data-testid="exports-section"]')?.textContent ?? '')`,
        'an instance',
      );
    } catch (error) {
      // Seen once in CI under load: say what the Run tab showed instead.
      const shown = await panel.evaluate<string>(
        `[(document.querySelector('[data-testid="run-tab"]')?.innerText ?? 'no Run tab').slice(0, 300),
          'console: ' + JSON.stringify(globalThis.wasmLayerPanel.sandbox.console.value.slice(-5).map((l) => l.text)),
          'status: ' + globalThis.wasmLayerPanel.sandbox.status.value].join(' … ')`,
      );
      throw new Error(`${(error as Error).message}; the Run tab showed: ${shown}`, {
        cause: error,
      });
    }
    await showPane(panel, 'globals');
    await panel.waitUntil<boolean>(
      `document.querySelector('${GLOBAL('count')}')?.dataset.value === '0'`,
      'the value of count',
    );
    await panel.click(`${GLOBAL('count')} [data-testid="global-input"]`);
    await panel.press('a', 2);
    await panel.type('not a number');
    const refused = await panel.waitUntil<string>(
      `document.querySelector('${GLOBAL('count')} [data-testid="global-error"]')?.textContent`,
      'the field to refuse the text',
    );
    assert.match(refused, /i64: expected a decimal or 0x hex integer/);
    await panel.press('a', 2);
    await panel.type('9007199254740993');
    await panel.press('Enter');
    await panel.waitUntil<boolean>(
      `document.querySelector('${GLOBAL('count')}')?.dataset.value === '9007199254740993'`,
      'count to be set',
    );
    await panel.click(`${CALL_FORM('bump')} [data-testid="call"]`);
    const bumped = await panel.waitUntil<string>(
      `document.querySelector('${CALL_FORM('bump')} [data-testid="outcome"] .value')?.dataset.value`,
      'the result of bump',
    );
    assert.equal(bumped, '9007199254740994');
    await panel.waitUntil<boolean>(
      `document.querySelector('${GLOBAL('count')}')?.dataset.value === '9007199254740994'`,
      'the Globals pane to show the new value',
    );
    await tab.screenshot('run-globals-light');

    // Tables: 700,000 entries, the last one reached with End.
    await showPane(panel, 'tables');
    await panel.waitUntil<boolean>(
      `/700,000 entries/.test(document.querySelector('[data-testid="table-facts"]')?.textContent ?? '')`,
      'the table size',
    );
    await panel.click('[data-testid="table-entry"][data-index="0"]');
    await panel.press('End');
    const last = await panel.waitUntil<string>(
      `document.querySelector('[data-testid="table-entry"][data-index="699999"]')?.textContent`,
      'the last entry',
    );
    assert.match(last, /^699999add \(func \d+\)/);
    const rendered = await panel.evaluate<number>(
      `document.querySelectorAll('[data-testid="table-entry"]').length`,
    );
    assert.ok(rendered < 120, `${rendered} rows rendered for a 700,000-entry table`);
    await tab.screenshot('run-tables-light');

    // The guided example, from the gallery into the editor, then its module's Run tab.
    await panel.openSidebar();
    await panel.click('[data-testid="gallery-example"][data-example="lifetimes"]');
    await panel.waitUntil<boolean>(
      `(() => { const doc = globalThis.wasmLayerPanel.editor.module();
        return !!doc && doc.title === 'lifetimes.wasm' && doc.phase.value === 'open'; })()`,
      'the example module',
    );
    await panel.evaluate(`(() => {
      const store = globalThis.wasmLayerPanel;
      const doc = store.editor.module();
      store.ui.sidebarOpen.value = false;
      store.documents.show({ kind: 'module', id: doc.id });
      doc.tab.value = 'run';
    })()`);
    const steps = await panel.waitUntil<string[]>(
      `(() => { const steps = [...document.querySelectorAll('[data-testid="guide-step"]')];
        return steps.length ? steps.map((s) => s.dataset.step) : null; })()`,
      'the guide',
    );
    assert.equal(steps.length, 10);
    await showPane(panel, 'lifetimes');
    for (const id of steps) {
      await panel.waitUntil<boolean>(
        `document.querySelector('${STEP(id)} [data-testid="guide-run"]')?.disabled === false`,
        `step ${id} to be ready`,
      );
      await panel.click(`${STEP(id)} [data-testid="guide-run"]`);
      await panel.waitUntil<boolean>(
        `document.querySelector('${STEP(id)}')?.dataset.observed === 'true'`,
        `the registry to see step ${id}`,
      );
      if (id === 'drop-instance') await tab.screenshot('run-lifetimes-light');
    }
    const observed = await panel.evaluate<string>(
      `document.querySelector('${STEP('drop-instance')} [data-testid="guide-observation"]').textContent`,
    );
    assert.match(observed, /released by the collector, 1 call, 1 of 2 members dropped/);

    await showPane(panel, 'leaks');
    const kinds = await panel.evaluate<string[]>(
      `[...document.querySelectorAll('[data-testid="leak-row"]')].map((r) => r.dataset.kind)`,
    );
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    assert.equal(count('store-not-disposed'), 1, kinds.join());
    assert.equal(count('used-after-dispose'), 1, kinds.join());
    assert.equal(count('host-call-after-free'), 1, kinds.join());
    assert.ok(count('reachable-after-dispose') >= 1, kinds.join());
    assert.equal(new Set(kinds).size, 4);
    const badge = await panel.evaluate<string>(
      `document.querySelector('[data-testid="module-tabs"] [data-tab-id="run"] .count')?.textContent`,
    );
    assert.equal(badge, String(kinds.length));
    await tab.screenshot('run-leaks-light');
    await setPanelWidth(tab.devtools, 400);
    await tab.screenshot('run-leaks-narrow');
    await showPane(panel, 'lifetimes');
    await panel.click('[data-testid="host-func-row"][data-import="env.log"]');
    await tab.screenshot('run-lifetimes-narrow');
    await setPanelWidth(tab.devtools, null);
    await panel.setTheme('dark');
    await tab.screenshot('run-lifetimes-dark');
    await showPane(panel, 'leaks');
    await tab.screenshot('run-leaks-dark');
    // Back to the first module (its instance is in store #2, alive): its globals in the dark.
    await panel.evaluate(`(() => {
      const store = globalThis.wasmLayerPanel;
      const doc = store.documents.list.value.find((d) => d.title === 'state-views.wasm');
      store.documents.show({ kind: 'module', id: doc.id });
    })()`);
    await showPane(panel, 'globals');
    await panel.waitUntil<boolean>(
      `document.querySelector('${GLOBAL('count')}')?.dataset.value === '9007199254740994'`,
      'the globals of the first module',
    );
    await tab.screenshot('run-globals-dark');
  },
});

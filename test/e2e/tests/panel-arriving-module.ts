/**
 * A user clicks a large captured module while its bytes are still on their way: the overview
 * shows from the module's skeleton before the bytes are verified (the row is not yet
 * complete, the module view says its bytes are arriving), the lists work, and once all bytes
 * match the module's hash the same view completes in place.
 */
import assert from 'node:assert/strict';
import { largeModule } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { setPanelWidth } from '../harness/sandbox-panel.ts';
import { chromiumTest } from '../harness/suite.ts';

/** How long each task of the page's own work takes, and for how long it keeps working. */
const BUSY_TASK_MS = 40;
const BUSY_FOR_MS = 20_000;

/** What the panel looked like the first time the overview was on screen. */
interface FirstOverview {
  at: number;
  arrival: string | undefined;
  verified: boolean | undefined;
  received: number;
}

export default chromiumTest({
  name: 'a large captured module shows its overview before its bytes are verified, then completes',
  timeoutMs: 180_000,
  async run({ browser, server, slug, tab }) {
    const module = largeModule();
    const wasmPath = server.add(`/${slug}/large.wasm`, {
      body: module.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const { instance } = await WebAssembly.instantiateStreaming(
          fetch(${JSON.stringify(wasmPath)}), { env: { log() {} } });
        window.keepAlive = instance;
        // The page goes on with work of its own, in tasks of ${BUSY_TASK_MS} ms: the hook sends
        // one chunk between two of them, so the bytes take seconds to arrive, as they do on a
        // busy page or a loaded machine, while the panel (another process) is free.
        const busyUntil = performance.now() + ${BUSY_FOR_MS};
        const work = new MessageChannel();
        work.port1.onmessage = () => {
          const end = performance.now() + ${BUSY_TASK_MS};
          while (performance.now() < end);
          if (end < busyUntil) work.port2.postMessage(null);
        };
        work.port2.postMessage(null);
        return instance instanceof WebAssembly.Instance;`,
      ),
    );
    const hashJson = JSON.stringify(module.hash);
    // Records, from inside the panel, the state of the page the moment the overview appears:
    // polling from here could miss a short window.
    await tab.panel.evaluate(`(() => {
      // The row's data-complete, read from the state it is rendered from: a narrow dock hides
      // the sidebar once a module is chosen.
      const verified = () => globalThis.wasmLayer.modules().find((m) => m.hash === ${hashJson})?.complete;
      const observer = new MutationObserver(() => {
        if (globalThis.__firstOverview || !document.querySelector('[data-testid="overview-size"]')) return;
        const view = document.querySelector('[data-testid="module-view"]');
        const progress = document.querySelector('[data-testid="bytes-progress"]');
        globalThis.__firstOverview = {
          at: performance.now(),
          arrival: view?.dataset.arrival,
          verified: verified(),
          received: Number(progress?.dataset.received ?? -1),
        };
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      return true;
    })()`);

    await tab.page.navigate(server.origin + pagePath);
    assert.equal(await tab.page.result(90_000), true);
    const listed = await tab.panel.waitForModule(module.hash, () => true, 90_000);
    assert.equal(listed.size, module.bytes.length);
    // A DevTools window behind the page's lays out no frames, so its panel has no size to
    // click in (see screenshots.ts).
    await tab.devtools.send('Page.bringToFront');
    await tab.panel.click(`[data-testid="module-row"][data-hash="${module.hash}"]`);

    const first = await tab.panel.waitUntil<FirstOverview>(
      'globalThis.__firstOverview ?? null',
      'the overview of the arriving module',
      90_000,
    );
    // Chrome's relay sends the bytes through the byte bridge, not extension messaging.
    const bridged = await tab.panel.evaluate<string | null>(
      `performance.getEntriesByName('wasm-layer:panel:bridged').at(-1)?.detail?.hash ?? null`,
    );
    assert.equal(bridged, module.hash, 'no chunk of the module came through the byte bridge');
    // The page itself cannot load the bridge page: it is served only under a per-session URL.
    const bridgePage = `chrome-extension://${browser.extensionId}/src/content/bridge/bridge.html`;
    assert.equal(
      await tab.page.evaluate<string>(
        `fetch(${JSON.stringify(bridgePage)}).then(() => 'loaded', () => 'refused')`,
      ),
      'refused',
    );
    assert.equal(first.arrival, 'arriving', `overview first seen with ${JSON.stringify(first)}`);
    assert.equal(first.verified, false, `the bytes were verified: ${JSON.stringify(first)}`);
    assert.ok(first.received < module.bytes.length, `${first.received} bytes received`);
    const exportsCount = await tab.panel.evaluate<string>(
      `document.querySelector('[data-count="exports"]').dataset.value`,
    );
    assert.equal(exportsCount, String(65_000 + 2));
    const arrivingNow = await tab.panel.evaluate<string | undefined>(
      `document.querySelector('[data-testid="module-view"]')?.dataset.arrival`,
    );
    if (arrivingNow === 'arriving') await tab.screenshot('arriving-overview');

    // The lists read the structure only, so they work before the bytes are here.
    await tab.panel.click('[data-testid="module-tabs"] [data-tab-id="functions"]');
    await tab.panel.waitUntil<boolean>(
      `document.querySelectorAll('[data-testid="list-row"]').length > 10`,
      'function rows',
      60_000,
    );

    await tab.panel.evaluate('globalThis.wasmLayerPanel.ui.sidebarOpen.value = true');
    const row = await tab.panel.waitForModule(module.hash, (r) => r.complete, 150_000);
    assert.equal(row.size, module.bytes.length);
    await tab.panel.waitUntil<boolean>(
      `document.querySelector('[data-testid="module-view"]')?.dataset.arrival === 'complete'`,
      'the module view to complete in place',
      60_000,
    );
    assert.equal(
      await tab.panel.evaluate<boolean>(
        `!document.querySelector('[data-testid="bytes-progress"]')`,
      ),
      true,
    );
    await tab.panel.evaluate('globalThis.wasmLayerPanel.ui.sidebarOpen.value = false');
    await tab.panel.click('[data-testid="module-tabs"] [data-tab-id="overview"]');
    await tab.screenshot('arrived-overview');
    await tab.panel.setTheme('dark');
    await tab.screenshot('arrived-overview-dark');
    await setPanelWidth(tab.devtools, 400);
    await tab.screenshot('arrived-overview-narrow');
    await setPanelWidth(tab.devtools, null);
    await tab.panel.setTheme('light');
  },
});

/**
 * A user opens a module the page compiled: clicks its row in the sidebar, sees its overview
 * (size, counts, section chart), then its exports, in the real DevTools panel.
 */
import assert from 'node:assert/strict';
import { smallModule } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'clicking a captured module opens its overview, and its exports are listed with types',
  async run({ server, slug, tab }) {
    const fixture = await smallModule(`${slug}-open`);
    const wasmPath = server.add(`/${slug}/app.wasm`, {
      body: fixture.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const { instance } = await WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wasmPath)}));
        window.keep = instance;
        return instance.exports.add(2, 3);`,
      ),
    );
    await tab.page.navigate(server.origin + pagePath);
    assert.equal(await tab.page.result(), 5);
    await tab.panel.waitForModule(fixture.hash);

    // A DevTools window behind the page lays the panel out at 0×0, where the virtual list of
    // modules renders no rows to click.
    await tab.showDevTools();
    await tab.panel.click(`[data-testid="module-row"][data-hash="${fixture.hash}"]`);
    const size = await tab.panel.waitUntil<string>(
      `document.querySelector('[data-testid="overview-size"]')?.dataset.bytes`,
      'the overview of the opened module',
    );
    assert.equal(Number(size), fixture.bytes.length);
    const exportsCount = await tab.panel.evaluate<string>(
      `document.querySelector('[data-count="exports"]').dataset.value`,
    );
    assert.equal(exportsCount, '6');
    await tab.screenshot('overview-light');
    await tab.panel.setTheme('dark');
    await tab.screenshot('overview-dark');
    await tab.panel.setTheme('light');

    await tab.panel.click('[data-testid="module-tabs"] [data-tab-id="imports-exports"]');
    const names = await tab.panel.waitUntil<string[]>(
      `(() => { const rows = [...document.querySelectorAll('[data-testid="grid-exports"] [data-testid="list-row"]')];
        return rows.length === 6 ? rows.map((row) => row.dataset.name) : null; })()`,
      'six export rows',
    );
    assert.deepEqual(names, ['memory', 'counter', 'ratio', 'table', 'add', 'bump']);
    await tab.screenshot('imports-exports-light');
  },
});

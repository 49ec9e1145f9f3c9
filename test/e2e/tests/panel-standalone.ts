/**
 * `npm start`: the panel as an ordinary page. The script serves dist/standalone and prints its
 * URL; in headless Chromium the page loads without page capture, the gallery opens an example
 * in the editor, its module opens in the explorer, and its Run tab instantiates it and shows the
 * memory a call changed. Screenshots: light, dark, and a 400 px wide window.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, STANDALONE_DIR } from '../harness/build.ts';
import { openPage } from '../harness/inspected-page.ts';
import { PanelDriver } from '../harness/panel-driver.ts';
import { killGroup, spawnGroup, waitFor } from '../harness/processes.ts';
import { screenshotPage } from '../harness/screenshots.ts';
import { chromiumTest } from '../harness/suite.ts';

/** Starts `npm start`'s script on a free port and resolves with the URL it prints. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (!fs.existsSync(path.join(STANDALONE_DIR, 'standalone.html')))
    throw new Error(`${STANDALONE_DIR} is not built; run the e2e suite without --no-build`);
  const child = spawnGroup(
    path.join(REPO_ROOT, 'node_modules/.bin/tsx'),
    ['scripts/start.ts', '--no-build', '--port=0'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr?.on('data', (chunk: Buffer) => (output += String(chunk)));
  const stop = () => killGroup(child);
  try {
    const url = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
        return /WASM Layer panel: (http:\/\/\S+)/.exec(output)?.[1];
      },
      'npm start to print its URL',
      30_000,
      100,
    );
    return { url, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; output: ${output}`, { cause: error });
  }
}

export default chromiumTest({
  name: 'the npm start page loads, and its gallery opens an example in the editor and the explorer',
  timeoutMs: 90_000,
  async run({ plainBrowser }) {
    const server = await startServer();
    const browser = await plainBrowser();
    const page = await openPage(browser.cdp);
    try {
      const driver = new PanelDriver(page.session, () => page.session.send('Page.bringToFront'));
      await page.session.send('Emulation.setDeviceMetricsOverride', {
        width: 1200,
        height: 760,
        deviceScaleFactor: 1,
        mobile: false,
      });
      await page.navigate(`${server.url}?theme=light`);
      await driver.waitUntil(
        `!!document.querySelector('[data-testid="welcome"]') && !!document.querySelector('[data-testid="gallery"]')`,
        'the welcome page and the gallery',
      );
      // A page has no inspected page: no capture section, no status line.
      assert.equal(
        await page.evaluate<boolean>(
          `!document.querySelector('[data-section="page"]') && !document.querySelector('[data-testid="status"]')`,
        ),
        true,
      );
      await screenshotPage(page.session, 'standalone-welcome-light');

      await driver.click('[data-testid="gallery-example"][data-example="memory-strings"]');
      await driver.waitUntil(
        `document.querySelector('[data-testid="editor"]')?.dataset.status === 'assembled' &&
         document.querySelector('[data-testid="example-notes"]')?.dataset.example === 'memory-strings' &&
         !!document.querySelector('[data-testid="editor-code"] .cm-editor')`,
        'the example in the editor',
      );
      await driver.waitUntil(
        `globalThis.wasmLayerPanel.editor.module()?.phase.value === 'open'`,
        'the example module decoded',
      );
      await screenshotPage(page.session, 'standalone-editor-light');
      await driver.evaluate(`globalThis.wasmLayerPanel.ui.theme.value = 'dark'`);
      await screenshotPage(page.session, 'standalone-editor-dark');
      await driver.evaluate(`globalThis.wasmLayerPanel.ui.theme.value = 'light'`);

      await driver.click('[data-testid="editor-open-module"]');
      const overview = await driver.waitUntil<{ name: string; memories: string; exports: string }>(
        `(() => { const name = document.querySelector('[data-testid="overview-name"]')?.textContent;
          const count = (key) => document.querySelector('[data-count="' + key + '"]')?.dataset.value;
          return name ? { name, memories: count('memories'), exports: count('exports') } : null; })()`,
        'the module overview',
      );
      assert.match(overview.name, /memory-strings\.wasm/);
      assert.equal(overview.exports, '4');
      await screenshotPage(page.session, 'standalone-overview-light');

      // Run it, as in the DevTools panel: instantiate, upper(16), and the Memory view shows the
      // bytes the call changed.
      await driver.click('[data-testid="module-tabs"] [data-tab-id="run"]');
      await driver.click('[data-testid="instantiate"]:not([disabled])');
      const upper = '[data-testid="call-form"][data-export="upper"]';
      await driver.waitUntil<boolean>(
        `!!document.querySelector('[data-testid="run-memory"] [data-testid="memory-view"]') &&
         !!document.querySelector('${upper} [data-testid="call"]:not([disabled])')`,
        'an instance and its Memory view',
      );
      await driver.evaluate(`(() => {
        const field = document.querySelector('${upper} [data-testid="arg"]');
        field.value = '16';
        field.dispatchEvent(new Event('input', { bubbles: true }));
        document.querySelector('${upper} [data-testid="call"]').click();
      })()`);
      const changed = await driver.waitUntil<string>(
        `document.querySelector('${upper} [data-testid="outcome"][data-kind="returned"]') &&
         document.querySelector('[data-testid="run-memory"] [data-testid="memory-changed-count"]')?.dataset.bytes`,
        'upper to return and its bytes to be highlighted',
      );
      assert.equal(changed, '13', 'the 13 lower-case letters of "Hello, WebAssembly!"');
      await screenshotPage(page.session, 'standalone-run-light');

      // A 400 px wide window: the sidebar floats, the editor still fits.
      await page.session.send('Emulation.setDeviceMetricsOverride', {
        width: 400,
        height: 700,
        deviceScaleFactor: 1,
        mobile: false,
      });
      // The sidebar (open since the wide layout) now floats over the tabs: hide it first.
      if (await page.evaluate<boolean>(`!!document.querySelector('[data-testid="sidebar"]')`))
        await driver.click('[data-testid="sidebar"] [data-testid="sidebar-toggle"]');
      await driver.click('[data-testid="document-tabs"] [data-tab-id="editor"]');
      await driver.waitUntil(
        `!!document.querySelector('[data-testid="editor-code"] .cm-editor')`,
        'the editor at 400 px',
      );
      const fits = await page.evaluate<{ scrollWidth: number; width: number; toolbar: number }>(
        `({ scrollWidth: document.documentElement.scrollWidth, width: innerWidth,
            toolbar: document.querySelector('[data-testid="editor-open-module"]').getBoundingClientRect().right })`,
      );
      assert.ok(
        fits.scrollWidth <= fits.width,
        `the page scrolls sideways: ${JSON.stringify(fits)}`,
      );
      assert.ok(fits.toolbar <= fits.width, `the toolbar is cut: ${JSON.stringify(fits)}`);
      await screenshotPage(page.session, 'standalone-editor-narrow-light');
      await driver.openSidebar();
      await screenshotPage(page.session, 'standalone-gallery-narrow-light');
    } finally {
      await page.close();
      await server.stop();
    }
  },
});

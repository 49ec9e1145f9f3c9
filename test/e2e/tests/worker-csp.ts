/**
 * A page whose Content-Security-Policy forbids blob workers: the hook cannot instrument its
 * worker, yet the worker must still start and work as without the extension, and the status
 * must report it as uncovered.
 */
import assert from 'node:assert/strict';
import { smallModule } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'a worker the page CSP keeps from being instrumented still works and is reported uncovered',
  async run({ server, slug, tab }) {
    const module = await smallModule(slug);
    const wasmPath = server.add(`/${slug}/module.wasm`, {
      body: module.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const workerPath = server.add(`/${slug}/worker.js`, {
      body: `WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wasmPath)})).then(
        ({ instance }) => postMessage({ sum: instance.exports.add(10, 11) }),
        (error) => postMessage({ error: String(error) }));`,
      contentType: CONTENT_TYPE.js,
    });
    const pagePath = server.add(`/${slug}/index.html`, {
      body: testPage(
        slug,
        `const worker = new Worker(${JSON.stringify(workerPath)});
        window.keepAlive = worker;
        return new Promise((resolve, reject) => {
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = () => reject(new Error('the worker failed to start'));
        });`,
      ),
      contentType: CONTENT_TYPE.html,
      headers: { 'content-security-policy': "worker-src 'self'" },
    });
    await tab.page.navigate(server.origin + pagePath);
    assert.deepEqual(await tab.page.result(), { sum: 21 });
    await tab.panel.waitForStatus(
      (status) => status.workersUncovered === 1 && status.hookInstalled,
      'one uncovered worker in the status',
      25_000,
    );
  },
});

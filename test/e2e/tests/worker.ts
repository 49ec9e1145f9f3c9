/**
 * Modules compiled in dedicated workers (a classic one and a module one) are captured and
 * marked as worker modules, and the status counts both workers as covered.
 */
import assert from 'node:assert/strict';
import { smallModule } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

// The module URL is absolute so that capture is tested apart from the worker's own location,
// which is checked separately below.
const WORKER_SCRIPT = (wasmUrl: string): string => `
  WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wasmUrl)})).then(
    ({ module, instance }) => {
      self.keepAlive = instance;
      postMessage({
        sum: instance.exports.add(6, 7),
        isModule: module instanceof WebAssembly.Module,
        location: self.location.href,
      });
    },
    (error) => postMessage({ error: String(error) }),
  );`;

export default chromiumTest({
  name: 'modules in classic and module dedicated workers are captured as worker modules',
  async run({ server, slug, tab }) {
    const classic = await smallModule(`${slug}-classic`);
    const moduleWorker = await smallModule(`${slug}-module`);
    const classicWasm = server.add(`/${slug}/classic.wasm`, {
      body: classic.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const moduleWasm = server.add(`/${slug}/module.wasm`, {
      body: moduleWorker.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const classicJs = server.add(`/${slug}/classic-worker.js`, {
      body: WORKER_SCRIPT(server.origin + classicWasm),
      contentType: CONTENT_TYPE.js,
    });
    const moduleJs = server.add(`/${slug}/module-worker.js`, {
      body: WORKER_SCRIPT(server.origin + moduleWasm),
      contentType: CONTENT_TYPE.js,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const run = (worker) => new Promise((resolve) => { worker.onmessage = (event) => resolve(event.data); });
        const classic = new Worker(${JSON.stringify(classicJs)});
        const module = new Worker(${JSON.stringify(moduleJs)}, { type: 'module' });
        check(classic instanceof Worker, 'classic instanceof Worker');
        window.keepAlive = [classic, module];
        return Promise.all([run(classic), run(module)]);`,
      ),
    );
    const pageUrl = server.origin + pagePath;
    await tab.page.navigate(pageUrl);
    const results = await tab.page.result<{ sum: number; isModule: boolean; location: string }[]>();
    assert.deepEqual(
      results.map(({ sum, isModule }) => ({ sum, isModule })),
      [
        { sum: 13, isModule: true },
        { sum: 13, isModule: true },
      ],
    );

    for (const fixture of [classic, moduleWorker]) {
      const row = await tab.panel.waitForModule(fixture.hash);
      assert.equal(row.worker, true);
      assert.equal(row.frameUrl, pageUrl);
      assert.equal(row.instances, 1);
    }
    await tab.panel.waitForStatus(
      (status) => status.workersCovered === 2 && status.workersUncovered === 0,
      'two covered workers and no uncovered one',
    );
    // Transparency: the instrumented worker still sees its own script URL as its location.
    assert.deepEqual(
      results.map((result) => result.location),
      [server.origin + classicJs, server.origin + moduleJs],
    );
  },
});

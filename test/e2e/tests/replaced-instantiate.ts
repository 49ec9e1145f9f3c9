/**
 * A page that replaces `WebAssembly.instantiate` with its own wrapper after load: the entry
 * points look exactly as in a browser without the extension (name, length, property flags),
 * the page's wrapper runs and gets correct results, and the module is still captured
 * underneath it.
 */
import assert from 'node:assert/strict';
import { openPage } from '../harness/inspected-page.ts';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'a page replacing WebAssembly.instantiate after load keeps working and is captured',
  async run({ server, slug, tab, plainBrowser }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        await new Promise((resolve) => (document.readyState === 'complete' ? resolve() : addEventListener('load', resolve)));
        const names = ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming', 'Module', 'Instance'];
        const before = names.map((name) => {
          const { writable, enumerable, configurable } = Object.getOwnPropertyDescriptor(WebAssembly, name);
          return { name: WebAssembly[name].name, length: WebAssembly[name].length, writable, enumerable, configurable };
        });
        const previous = WebAssembly.instantiate;
        let calls = 0;
        WebAssembly.instantiate = function instantiate(source, imports) {
          calls++;
          return previous.call(WebAssembly, source, imports);
        };
        const { instance } = await WebAssembly.instantiate(await fetchBytes(${wasm}));
        window.keepAlive = instance;
        return { before, calls, sum: instance.exports.add(8, 8) };`,
    );
    await tab.page.navigate(scenario.pageUrl);
    const withExtension = await tab.page.result<{ calls: number; sum: number }>();
    assert.equal(withExtension.calls, 1);
    assert.equal(withExtension.sum, 16);

    const plain = await openPage((await plainBrowser()).cdp);
    try {
      await plain.navigate(scenario.pageUrl);
      assert.deepEqual(withExtension, await plain.result());
    } finally {
      await plain.close();
    }
    const row = await tab.panel.waitForModule(
      scenario.module.hash,
      (r) => r.complete && r.instances === 1,
    );
    assert.equal(row.entry, 'instantiate');
  },
});

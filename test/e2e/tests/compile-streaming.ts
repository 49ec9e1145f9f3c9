/**
 * `WebAssembly.compileStreaming(fetch(…))`: the page gets a real `WebAssembly.Module`, and the
 * panel lists the module with entry "compileStreaming" and the response URL as its source.
 */
import assert from 'node:assert/strict';
import { SMALL_MODULE_FACTS } from '../harness/fixtures.ts';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'compileStreaming yields a real Module and is listed with its response URL',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const module = await WebAssembly.compileStreaming(fetch(${wasm}));
        check(module instanceof WebAssembly.Module, 'module instanceof WebAssembly.Module');
        return { exports: exportNames(module) };`,
      { chunks: 3, chunkDelayMs: 30 },
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.deepEqual(await tab.page.result(), { exports: [...SMALL_MODULE_FACTS.exports] });
    const row = await tab.panel.waitForModule(scenario.module.hash);
    assert.equal(row.entry, 'compileStreaming');
    assert.equal(row.sourceUrl, scenario.wasmUrl);
    assert.equal(row.size, scenario.module.bytes.length);
    assert.equal(row.instances, 0);
  },
});

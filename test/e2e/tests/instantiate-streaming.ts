/**
 * `WebAssembly.instantiateStreaming` of a module served in slow chunks: the page gets a
 * working instance, and the panel lists the module with its entry point, source URL and
 * verified bytes.
 */
import assert from 'node:assert/strict';
import { SMALL_MODULE_FACTS } from '../harness/fixtures.ts';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'instantiateStreaming of a chunked response is captured with its source URL',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const result = await WebAssembly.instantiateStreaming(fetch(${wasm}));
        check(Object.keys(result).join() === 'module,instance', 'result is { module, instance }');
        check(result.module instanceof WebAssembly.Module, 'module instanceof WebAssembly.Module');
        check(result.instance instanceof WebAssembly.Instance, 'instance instanceof WebAssembly.Instance');
        return { sum: result.instance.exports.add(40, 2), exports: exportNames(result.module) };`,
      { chunks: 4, chunkDelayMs: 50 },
    );
    await tab.page.navigate(scenario.pageUrl);
    const result = await tab.page.result<{ sum: number; exports: string[] }>();
    assert.deepEqual(result, { sum: 42, exports: [...SMALL_MODULE_FACTS.exports] });

    const row = await tab.panel.waitForModule(scenario.module.hash);
    assert.equal(row.entry, 'instantiateStreaming');
    assert.equal(row.size, scenario.module.bytes.length);
    assert.equal(row.sourceUrl, scenario.wasmUrl);
    assert.equal(row.frameUrl, scenario.pageUrl);
    assert.equal(row.worker, false);
    assert.equal(row.stale, false);
    assert.equal(row.instances, 1);
    assert.equal((await tab.panel.status()).hookInstalled, true);
  },
});

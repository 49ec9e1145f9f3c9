/**
 * `WebAssembly.instantiate(bytes)`: the page gets `{ module, instance }` with real objects,
 * and the panel lists the module with entry "instantiate" and one instance.
 */
import assert from 'node:assert/strict';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'WebAssembly.instantiate(bytes) returns { module, instance } and is listed with one instance',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const result = await WebAssembly.instantiate(await fetchBytes(${wasm}));
        check(Object.keys(result).join() === 'module,instance', 'result is { module, instance }');
        check(result.module instanceof WebAssembly.Module, 'module instanceof WebAssembly.Module');
        check(result.instance instanceof WebAssembly.Instance, 'instance instanceof WebAssembly.Instance');
        return { sum: result.instance.exports.add(2, 3), bumped: result.instance.exports.bump() };`,
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.deepEqual(await tab.page.result(), { sum: 5, bumped: 43 });
    const row = await tab.panel.waitForModule(
      scenario.module.hash,
      (r) => r.complete && r.instances === 1,
    );
    assert.equal(row.entry, 'instantiate');
    assert.equal(row.size, scenario.module.bytes.length);
    assert.equal(row.frameUrl, scenario.pageUrl);
  },
});

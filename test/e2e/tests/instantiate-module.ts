/**
 * `WebAssembly.instantiate(module)` on an already compiled module resolves to a bare
 * `WebAssembly.Instance` (not a pair), and each call adds an instance to the module's row.
 */
import assert from 'node:assert/strict';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'WebAssembly.instantiate(module) returns an Instance and counts every instance',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const module = await WebAssembly.compile(await fetchBytes(${wasm}));
        const first = await WebAssembly.instantiate(module);
        const second = await WebAssembly.instantiate(module, {});
        check(first instanceof WebAssembly.Instance, 'first instanceof WebAssembly.Instance');
        check(!('module' in first), 'instantiate(module) resolves to the instance itself');
        check(first !== second && first.exports.memory !== second.exports.memory, 'two instances');
        window.keepAlive = [first, second];
        return { sums: [first.exports.add(1, 1), second.exports.add(2, 2)] };`,
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.deepEqual(await tab.page.result(), { sums: [2, 4] });
    const row = await tab.panel.waitForModule(
      scenario.module.hash,
      (r) => r.complete && r.instances === 2,
    );
    assert.equal(row.entry, 'compile');
  },
});

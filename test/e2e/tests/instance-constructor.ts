/**
 * `new WebAssembly.Instance(module, imports)`: a real instance whose exports work, counted on
 * the module's row; the constructor keeps its identity.
 */
import assert from 'node:assert/strict';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'new WebAssembly.Instance(module) yields a working Instance counted on the row',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const module = new WebAssembly.Module(await fetchBytes(${wasm}));
        const instance = new WebAssembly.Instance(module, {});
        check(instance instanceof WebAssembly.Instance, 'instance instanceof WebAssembly.Instance');
        check(instance.constructor === WebAssembly.Instance, 'constructor identity');
        check(instance.exports.memory instanceof WebAssembly.Memory, 'memory export');
        check(instance.exports.table.get(0) === instance.exports.add, 'table holds the export');
        window.keepAlive = instance;
        return {
          name: WebAssembly.Instance.name,
          sum: instance.exports.add(20, 22),
          counter: instance.exports.counter.value,
        };`,
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.deepEqual(await tab.page.result(), { name: 'Instance', sum: 42, counter: 42 });
    const row = await tab.panel.waitForModule(
      scenario.module.hash,
      (r) => r.complete && r.instances === 1,
    );
    assert.equal(row.entry, 'Module');
  },
});

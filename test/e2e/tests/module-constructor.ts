/**
 * `new WebAssembly.Module(bytes)`: the constructor keeps its identity (prototype, subclassing,
 * the TypeError without `new`), and the panel lists the module with entry "Module".
 */
import assert from 'node:assert/strict';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'new WebAssembly.Module(bytes) behaves like the original and is listed with entry "Module"',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const bytes = await fetchBytes(${wasm});
        const module = new WebAssembly.Module(bytes);
        check(module instanceof WebAssembly.Module, 'module instanceof WebAssembly.Module');
        check(module.constructor === WebAssembly.Module, 'constructor identity');
        class Derived extends WebAssembly.Module {}
        const derived = new Derived(bytes);
        check(derived instanceof Derived && derived instanceof WebAssembly.Module, 'subclassing');
        let callError = null;
        try { WebAssembly.Module(bytes); } catch (error) { callError = describeError(error); }
        return {
          name: WebAssembly.Module.name,
          length: WebAssembly.Module.length,
          callError: callError && { name: callError.name, isTypeError: callError.isTypeError },
          customSections: WebAssembly.Module.customSections(module, 'name').length,
        };`,
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.deepEqual(await tab.page.result(), {
      name: 'Module',
      length: 1,
      callError: { name: 'TypeError', isTypeError: true },
      customSections: 1,
    });
    const row = await tab.panel.waitForModule(scenario.module.hash);
    assert.equal(row.entry, 'Module');
    assert.equal(row.size, scenario.module.bytes.length);
    assert.equal(row.instances, 0);
  },
});

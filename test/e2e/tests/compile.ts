/**
 * `WebAssembly.compile(bytes)`: the page gets a real `WebAssembly.Module` (no instance yet),
 * and the panel lists the module as compiled, with no instances.
 */
import assert from 'node:assert/strict';
import { SMALL_MODULE_FACTS } from '../harness/fixtures.ts';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'WebAssembly.compile(bytes) yields a real Module and is listed with entry "compile"',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const module = await WebAssembly.compile(await fetchBytes(${wasm}));
        check(module instanceof WebAssembly.Module, 'module instanceof WebAssembly.Module');
        check(Object.getPrototypeOf(module) === WebAssembly.Module.prototype, 'prototype');
        return { exports: exportNames(module), imports: WebAssembly.Module.imports(module).length };`,
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.deepEqual(await tab.page.result(), {
      exports: [...SMALL_MODULE_FACTS.exports],
      imports: 0,
    });
    const row = await tab.panel.waitForModule(scenario.module.hash);
    assert.equal(row.entry, 'compile');
    assert.equal(row.size, scenario.module.bytes.length);
    assert.equal(row.frameUrl, scenario.pageUrl);
    assert.equal(row.instances, 0);
  },
});

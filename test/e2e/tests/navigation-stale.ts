/**
 * When the inspected tab navigates, the previous document's module stays listed but marked
 * stale, while the new document's module is listed fresh.
 */
import assert from 'node:assert/strict';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

const INSTANTIATE = (wasm: string): string => `
  const { instance } = await WebAssembly.instantiateStreaming(fetch(${wasm}));
  window.keepAlive = instance;
  return instance.exports.add(1, 2);`;

export default chromiumTest({
  name: 'navigating marks the previous page modules stale and lists the new ones fresh',
  async run({ server, slug, tab }) {
    const before = await serveScenario(server, `${slug}-before`, INSTANTIATE);
    const after = await serveScenario(server, `${slug}-after`, INSTANTIATE);

    await tab.page.navigate(before.pageUrl);
    assert.equal(await tab.page.result(), 3);
    const fresh = await tab.panel.waitForModule(before.module.hash);
    assert.equal(fresh.stale, false);

    await tab.page.navigate(after.pageUrl);
    assert.equal(await tab.page.result(), 3);
    const current = await tab.panel.waitForModule(after.module.hash);
    assert.equal(current.stale, false);
    assert.equal(current.frameUrl, after.pageUrl);
    const previous = await tab.panel.waitForModule(before.module.hash, (row) => row.stale);
    assert.equal(previous.frameUrl, before.pageUrl);
  },
});

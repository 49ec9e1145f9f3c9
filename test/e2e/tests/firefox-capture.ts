/**
 * Firefox ESR with the add-on installed as a temporary add-on: the hook, the relay and the
 * background capture a page's module, and the real toolbox's WASM Layer panel lists it with
 * verified bytes.
 */
import assert from 'node:assert/strict';
import { waitFor } from '../harness/processes.ts';
import { serveScenario } from '../harness/scenario.ts';
import { firefoxTest } from '../harness/suite.ts';

interface RowData {
  hash?: string;
  entry?: string;
  complete?: string;
  instances?: string;
}

export default firefoxTest({
  name: 'a module instantiated in Firefox appears complete in the toolbox panel',
  timeoutMs: 90_000,
  async run({ server, slug, firefox }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const { module, instance } = await WebAssembly.instantiateStreaming(fetch(${wasm}));
        window.keepAlive = instance;
        return { sum: instance.exports.add(2, 2), isModule: module instanceof WebAssembly.Module };`,
    );
    await firefox.showPanel();
    await firefox.navigate(scenario.pageUrl);
    assert.deepEqual(await firefox.evaluate('window.__e2eResult'), { sum: 4, isModule: true });

    let rows: RowData[] = [];
    try {
      await waitFor(
        async () => {
          rows = await firefox.evaluateInPanel<RowData[]>(
            `[...document.querySelectorAll('[data-testid="module-row"]')].map((row) => ({ ...row.dataset }))`,
          );
          return rows.some((row) => row.hash === scenario.module.hash && row.complete === 'true');
        },
        'the module row in the Firefox panel',
        30_000,
        250,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; rows seen: ${JSON.stringify(rows)}`, {
        cause: error,
      });
    }
    const row = rows.find((candidate) => candidate.hash === scenario.module.hash);
    assert.equal(row?.entry, 'instantiateStreaming');
    const hookInstalled = await firefox.evaluateInPanel<string | undefined>(
      `document.querySelector('[data-testid="status"]')?.dataset.hookInstalled`,
    );
    assert.equal(hookInstalled, 'true');
  },
});

/**
 * A user opens a module the page compiled that uses SIMD and bulk memory, and reads its
 * Features tab in the real DevTools panel: the proposals with their first offsets, this
 * browser's support, and the first Chrome, Firefox, Safari, Node.js and Deno versions.
 */
import assert from 'node:assert/strict';
import { sha256 } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';
import { watToWasm } from '../../support/wat.ts';

export default chromiumTest({
  name: 'the Features tab lists SIMD and bulk memory and the first runtime versions that run the module',
  async run({ server, slug, tab }) {
    const bytes = await watToWasm(`(module
      (memory (export "memory") 1)
      (data (i32.const 16) ${JSON.stringify(slug)})
      (func (export "fill") (param i32 i32 i32)
        (memory.fill (local.get 0) (local.get 1) (local.get 2)))
      (func (export "lanes") (param i32) (result i32)
        (i32x4.extract_lane 3 (i32x4.splat (local.get 0)))))`);
    const hash = sha256(bytes);
    const wasmPath = server.add(`/${slug}/features.wasm`, {
      body: bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const { instance } = await WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wasmPath)}));
        window.keep = instance;
        return instance.exports.lanes(7);`,
      ),
    );
    await tab.page.navigate(server.origin + pagePath);
    assert.equal(await tab.page.result(), 7);
    await tab.panel.waitForModule(hash);

    // The first DevTools window of a run can be slow to answer on a loaded machine.
    await tab.panel.click(`[data-testid="module-row"][data-hash="${hash}"]`, 45_000);
    await tab.panel.click('[data-testid="module-tabs"] [data-tab-id="features"]');
    const used = await tab.panel.waitUntil<
      { feature: string; offset: number; supported: string }[]
    >(
      `(() => {
        const rows = [...document.querySelectorAll('[data-testid="features-used"] tr[data-feature]')];
        return rows.length > 0 ? rows.map((row) => ({ feature: row.dataset.feature,
          offset: Number(row.dataset.firstOffset), supported: row.dataset.supported })) : null;
      })()`,
      'the proposals the module uses',
    );
    assert.deepEqual(
      used.map((row) => [row.feature, row.supported]),
      [
        ['bulk-memory', 'true'],
        ['simd', 'true'],
      ],
    );
    assert.ok(used.every((row) => row.offset > 8 && row.offset < bytes.length));
    assert.equal(
      await tab.panel.evaluate<string>(
        `document.querySelector('[data-testid="engine-verdict"]').dataset.valid`,
      ),
      'true',
    );
    const versions = await tab.panel.evaluate<Record<string, string>>(
      `Object.fromEntries([...document.querySelectorAll('[data-testid="compat-table"] tr[data-runtime]')]
        .map((row) => [row.dataset.runtime, row.dataset.version]))`,
    );
    assert.deepEqual(versions, {
      Chrome: '91',
      Firefox: '89',
      Safari: '16.4',
      'Node.js': '16.4',
      Deno: '1.9',
    });
    await tab.screenshot('features-light');
    await tab.panel.setTheme('dark');
    await tab.screenshot('features-dark');
    await tab.panel.setTheme('light');

    // The first use of SIMD asks the code view for that byte.
    const simd = used.find((row) => row.feature === 'simd')!;
    await tab.panel.click('[data-feature="simd"] [data-testid="feature-offset"]');
    const pending = await tab.panel.waitUntil<{ tab: string; target: unknown }>(
      `(() => { const doc = globalThis.wasmLayerPanel.documents.active.value;
        return doc.tab.value === 'code' ? { tab: doc.tab.value, target: null } : null; })()`,
      'the module to switch to its code tab',
    );
    assert.equal(pending.tab, 'code');
    assert.ok(simd.offset > 0);
  },
});

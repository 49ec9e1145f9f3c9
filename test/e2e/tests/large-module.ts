/**
 * A generated module over 30 MB, streamed: the page instantiates it, and all its bytes reach
 * the panel in chunks, where the SHA-256 is verified (`data-complete`) and the bytes are the
 * ones served.
 */
import assert from 'node:assert/strict';
import { largeModule } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'a 30 MB module arrives complete in the panel with a verified hash',
  timeoutMs: 150_000,
  async run({ server, slug, tab }) {
    const module = largeModule();
    assert.ok(
      module.bytes.length >= 30 * 1024 * 1024 * 0.99,
      `generated ${module.bytes.length} bytes`,
    );
    const wasmPath = server.add(`/${slug}/large.wasm`, {
      body: module.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const { module, instance } = await WebAssembly.instantiateStreaming(
          fetch(${JSON.stringify(wasmPath)}), { env: { log() {} } });
        window.keepAlive = instance;
        return { exports: exportNames(module).length, isInstance: instance instanceof WebAssembly.Instance };`,
      ),
    );
    await tab.page.navigate(server.origin + pagePath);
    const result = await tab.page.result<{ exports: number; isInstance: boolean }>(90_000);
    assert.equal(result.isInstance, true);
    assert.ok(result.exports > 60_000, `${result.exports} exports`);

    const row = await tab.panel.waitForModule(module.hash, (r) => r.complete, 120_000);
    assert.equal(row.size, module.bytes.length);
    assert.equal(row.entry, 'instantiateStreaming');
    // The panel re-hashed what it received; check the length it holds as well.
    const held = await tab.panel.evaluate<number>(
      `globalThis.wasmLayer.moduleBytes(${JSON.stringify(module.hash)}).then((bytes) => bytes.length)`,
    );
    assert.equal(held, module.bytes.length);
  },
});

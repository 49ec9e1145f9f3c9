/**
 * Two different modules on one page, one of them instantiated twice: two rows, each with its
 * own hash, entry point and instance count.
 */
import assert from 'node:assert/strict';
import { smallModule } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

export default chromiumTest({
  name: 'two modules on one page get one row each with their own instance counts',
  async run({ server, slug, tab }) {
    const first = await smallModule(`${slug}-first`);
    const second = await smallModule(`${slug}-second`);
    const firstPath = server.add(`/${slug}/first.wasm`, {
      body: first.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const secondPath = server.add(`/${slug}/second.wasm`, {
      body: second.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const [a, b] = await Promise.all([
          WebAssembly.instantiateStreaming(fetch(${JSON.stringify(firstPath)})),
          fetchBytes(${JSON.stringify(secondPath)}).then((bytes) => WebAssembly.instantiate(bytes)),
        ]);
        const again = await WebAssembly.instantiate(a.module);
        window.keepAlive = [a, b, again];
        return [a.instance.exports.add(1, 2), b.instance.exports.add(3, 4), again.exports.add(5, 6)];`,
      ),
    );
    await tab.page.navigate(server.origin + pagePath);
    assert.deepEqual(await tab.page.result(), [3, 7, 11]);

    const firstRow = await tab.panel.waitForModule(
      first.hash,
      (r) => r.complete && r.instances === 2,
    );
    const secondRow = await tab.panel.waitForModule(
      second.hash,
      (r) => r.complete && r.instances === 1,
    );
    assert.equal(firstRow.entry, 'instantiateStreaming');
    assert.equal(secondRow.entry, 'instantiate');
    const ours = (await tab.panel.rows()).filter(
      (r) => r.hash === first.hash || r.hash === second.hash,
    );
    assert.equal(ours.length, 2, 'one row per distinct module');
  },
});

/**
 * Modules compiled in a same-origin and in a cross-origin (out-of-process) iframe are both
 * captured, each row naming the frame it came from.
 */
import assert from 'node:assert/strict';
import { smallModule } from '../harness/fixtures.ts';
import { framePage, framesPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

const FRAME_SCRIPT = `
  const { instance } = await WebAssembly.instantiateStreaming(fetch('module.wasm'));
  window.keepAlive = instance;
  return { sum: instance.exports.add(4, 5), origin: location.origin };`;

export default chromiumTest({
  name: 'same-origin and cross-origin iframes are captured with their frame URLs',
  async run({ server, slug, tab }) {
    const same = await smallModule(`${slug}-same`);
    const cross = await smallModule(`${slug}-cross`);
    server.add(`/${slug}/same/module.wasm`, { body: same.bytes, contentType: CONTENT_TYPE.wasm });
    server.add(`/${slug}/cross/module.wasm`, { body: cross.bytes, contentType: CONTENT_TYPE.wasm });
    const sameFrame =
      server.origin + server.page(`/${slug}/same/frame.html`, framePage('same', FRAME_SCRIPT));
    const crossFrame =
      server.crossOrigin +
      server.page(`/${slug}/cross/frame.html`, framePage('cross', FRAME_SCRIPT));
    const pagePath = server.page(`/${slug}/index.html`, framesPage(slug, [sameFrame, crossFrame]));

    await tab.page.navigate(server.origin + pagePath);
    const results =
      await tab.page.result<
        { origin: string; result: { ok: boolean; result?: { sum: number } } }[]
      >();
    assert.deepEqual(
      results.map((entry) => [entry.origin, entry.result]).sort(),
      [
        [server.crossOrigin, { ok: true, result: { sum: 9, origin: server.crossOrigin } }],
        [server.origin, { ok: true, result: { sum: 9, origin: server.origin } }],
      ].sort(),
    );

    const sameRow = await tab.panel.waitForModule(same.hash);
    assert.equal(sameRow.frameUrl, sameFrame);
    assert.equal(sameRow.sourceUrl, server.origin + `/${slug}/same/module.wasm`);
    const crossRow = await tab.panel.waitForModule(cross.hash);
    assert.equal(crossRow.frameUrl, crossFrame);
    assert.equal(crossRow.sourceUrl, server.crossOrigin + `/${slug}/cross/module.wasm`);
    assert.equal(crossRow.instances, 1);
  },
});

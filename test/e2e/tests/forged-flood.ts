/**
 * A hostile page: it forges the hook's handshake (with its own ports) many times and floods
 * the relay with thousands of instance reports. The relay drops what exceeds its limits and
 * says so (`data-dropped` > 0), the background's service worker still answers, and a real
 * module compiled afterwards is captured completely, with live requests still working.
 */
import assert from 'node:assert/strict';
import { HOOK_HANDSHAKE_TAG } from '../../../src/protocol/index.ts';
import { listTargets, attach } from '../harness/cdp.ts';
import { smallModule } from '../harness/fixtures.ts';
import { watToWasm } from '../../support/wat.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

const FORGED_HANDSHAKES = 200;
const FLOOD_INSTANCES = 3000;

export default chromiumTest({
  name: 'forged handshakes and a report flood are dropped and counted; capture keeps working',
  timeoutMs: 90_000,
  async run({ server, slug, tab, browser }) {
    // No memory: thousands of instances of a module with one would exhaust address space.
    const floodBytes = await watToWasm(`(module (func (export "f")) (@custom "tag" "${slug}"))`);
    const real = await smallModule(`${slug}-real`);
    const floodPath = server.add(`/${slug}/flood.wasm`, {
      body: floodBytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const realPath = server.add(`/${slug}/real.wasm`, {
      body: real.bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const tag = JSON.stringify(HOOK_HANDSHAKE_TAG);
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const forgedPorts = [];
        for (let i = 0; i < ${FORGED_HANDSHAKES}; i++) {
          const channel = new MessageChannel();
          forgedPorts.push(channel.port1);
          window.postMessage({ [${tag}]: true }, '*', [channel.port2]);
          // Reports on a forged port must go nowhere: send well-formed-looking lies on it.
          channel.port1.postMessage({ kind: 'module', hash: 'f'.repeat(64), size: 8, entry: 'compile',
            sourceUrl: location.href, frameUrl: location.href, time: 0, worker: null });
        }
        for (let i = 0; i < 200; i++) window.postMessage({ [${tag}]: 'no port ' + i, kind: 'status' }, '*');
        const floodModule = new WebAssembly.Module(await fetchBytes(${JSON.stringify(floodPath)}));
        const kept = [];
        for (let i = 0; i < ${FLOOD_INSTANCES}; i++) kept.push(new WebAssembly.Instance(floodModule));
        window.keepAlive = kept;
        // Let the relay's token bucket refill, as a real page would not flood forever.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const { instance } = await WebAssembly.instantiateStreaming(fetch(${JSON.stringify(realPath)}));
        window.realInstance = instance;
        return { sum: instance.exports.add(1, 1), kept: kept.length };`,
      ),
    );
    await tab.page.navigate(server.origin + pagePath);
    assert.deepEqual(await tab.page.result(), { sum: 2, kept: FLOOD_INSTANCES });

    const row = await tab.panel.waitForModule(real.hash, (r) => r.complete, 30_000);
    assert.equal(row.entry, 'instantiateStreaming');
    const status = await tab.panel.waitForStatus((s) => s.dropped > 0, 'data-dropped > 0');
    assert.equal(status.hookInstalled, true);
    const rows = await tab.panel.rows();
    assert.ok(!rows.some((r) => r.hash === 'f'.repeat(64)), 'a forged module report was listed');

    const globals = await tab.panel.evaluate<{ name: string; value: string }[]>(
      `globalThis.wasmLayer.readGlobals({ hash: ${JSON.stringify(real.hash)} })`,
    );
    assert.deepEqual(
      globals.map(({ name, value }) => [name, value]),
      [
        ['counter', '42'],
        ['ratio', '3.5'],
      ],
    );

    const worker = (await listTargets(browser.cdp)).find(
      (target) =>
        target.type === 'service_worker' &&
        target.url.startsWith(`chrome-extension://${browser.extensionId}/`),
    );
    assert.ok(worker, 'the background service worker is still running');
    const session = await attach(browser.cdp, worker);
    assert.equal(await session.evaluate<number>('6 * 7'), 42);
    await browser.cdp.send('Target.detachFromTarget', { sessionId: session.sessionId });
  },
});

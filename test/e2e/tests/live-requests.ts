/**
 * Live requests from the panel reach the page's instance: `wasmLayer.readMemory` returns
 * the bytes the page holds (including ones it wrote at run time), `readGlobals` returns the
 * globals' current values, and `writeMemory` changes what the page reads.
 */
import assert from 'node:assert/strict';
import { SMALL_MODULE_FACTS } from '../harness/fixtures.ts';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

const RUNTIME_BYTES = [0xde, 0xad, 0xbe, 0xef, 0x00, 0x7f];
const RUNTIME_OFFSET = 4096;

export default chromiumTest({
  name: 'readMemory, readGlobals and writeMemory through wasmLayer reach the live instance',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      slug,
      (wasm) => `
        const { instance } = await WebAssembly.instantiateStreaming(fetch(${wasm}));
        window.instance = instance;
        new Uint8Array(instance.exports.memory.buffer).set(${JSON.stringify(RUNTIME_BYTES)}, ${RUNTIME_OFFSET});
        return instance.exports.bump();`,
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.equal(await tab.page.result(), SMALL_MODULE_FACTS.counter + 1);
    const hash = JSON.stringify(scenario.module.hash);
    await tab.panel.waitForModule(scenario.module.hash, (r) => r.instances === 1);

    const tag = Array.from(new TextEncoder().encode(slug));
    const tagBytes = await tab.panel.evaluate<number[]>(
      `wasmLayer.readMemory({ hash: ${hash}, offset: ${SMALL_MODULE_FACTS.tagAddress}, length: ${tag.length} }).then(Array.from)`,
    );
    assert.deepEqual(tagBytes, tag);
    const runtimeBytes = await tab.panel.evaluate<number[]>(
      `wasmLayer.readMemory({ hash: ${hash}, offset: ${RUNTIME_OFFSET}, length: ${RUNTIME_BYTES.length} }).then(Array.from)`,
    );
    assert.deepEqual(runtimeBytes, RUNTIME_BYTES);

    const globals = await tab.panel.evaluate<{ name: string; valueType: string; value: string }[]>(
      `wasmLayer.readGlobals({ hash: ${hash} })`,
    );
    assert.deepEqual(
      globals.map(({ name, valueType, value }) => ({ name, valueType, value })),
      [
        { name: 'counter', valueType: 'number', value: String(SMALL_MODULE_FACTS.counter + 1) },
        { name: 'ratio', valueType: 'number', value: String(SMALL_MODULE_FACTS.ratio) },
      ],
    );

    const written = await tab.panel.evaluate<number>(
      `wasmLayer.writeMemory({ hash: ${hash}, offset: 8192, bytes: [1, 2, 3] })`,
    );
    assert.equal(written, 3);
    assert.deepEqual(
      await tab.page.evaluate(
        'Array.from(new Uint8Array(window.instance.exports.memory.buffer, 8192, 3))',
      ),
      [1, 2, 3],
    );

    const outOfBounds = await tab.panel.evaluate<string>(
      `wasmLayer.readMemory({ hash: ${hash}, offset: 65535, length: 2 }).then(() => 'resolved', (error) => error.code)`,
    );
    assert.equal(outOfBounds, 'out-of-bounds');
  },
});

/**
 * Every gallery example, chosen in the real DevTools panel, is assembled by the panel's wabt
 * worker, decodes in the explorer, and validates in Chromium, including the ones Node.js 20
 * cannot validate (exceptions' `try_table`), whose behaviour is checked here too.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/build.ts';
import { chromiumTest } from '../harness/suite.ts';

/** The examples' ids: their file names (`src/panel/gallery/examples.ts` imports them as text). */
const EXAMPLE_IDS = fs
  .readdirSync(path.join(REPO_ROOT, 'src/panel/gallery/examples'))
  .filter((file) => file.endsWith('.wat'))
  .map((file) => file.slice(0, -4));

interface Checked {
  id: string;
  size: number;
  valid: boolean;
  decodeError: string | null;
}

export default chromiumTest({
  name: 'every gallery example assembles, decodes and validates in Chromium',
  timeoutMs: 120_000,
  async run({ tab }) {
    const { panel } = tab;
    const checked: Checked[] = [];
    for (const id of EXAMPLE_IDS) {
      await panel.openSidebar();
      await panel.click(`[data-testid="gallery-example"][data-example="${id}"]`);
      checked.push(
        await panel.waitUntil<Checked>(
          `(async () => {
            const store = globalThis.wasmLayerPanel;
            const doc = store.editor.module();
            if (!doc || doc.title !== ${JSON.stringify(id + '.wasm')} || doc.phase.value !== 'open') return null;
            const buffer = await store.decoder().call('bytes', { docId: doc.docId.value, offset: 0, length: doc.size });
            return { id: ${JSON.stringify(id)}, size: doc.size,
              valid: WebAssembly.validate(new Uint8Array(buffer)),
              decodeError: doc.overview.value.error?.message ?? null };
          })()`,
          `the module of ${id}`,
        ),
      );
    }
    for (const result of checked) {
      assert.equal(result.valid, true, `${result.id} does not validate in Chromium`);
      assert.equal(result.decodeError, null, `${result.id}: ${result.decodeError}`);
      assert.ok(result.size > 8);
    }
    assert.ok(checked.length >= 12, `only ${checked.length} examples`);

    // The exceptions example does what its notes say (Node 20 cannot run it).
    await panel.openSidebar();
    await panel.click('[data-testid="gallery-example"][data-example="exceptions"]');
    const outcome = await panel.waitUntil<{ found: number; missing: number; thrown: string }>(
      `(async () => {
        const store = globalThis.wasmLayerPanel;
        const doc = store.editor.module();
        if (!doc || doc.title !== 'exceptions.wasm' || doc.phase.value !== 'open') return null;
        const bytes = await store.decoder().call('bytes', { docId: doc.docId.value, offset: 0, length: doc.size });
        const { instance } = await WebAssembly.instantiate(bytes);
        let thrown = 'nothing';
        try { instance.exports.find_or_throw(8); } catch (error) {
          thrown = error instanceof WebAssembly.Exception && error.is(instance.exports.not_found)
            ? 'not_found ' + error.getArg(instance.exports.not_found, 0) : String(error);
        }
        return { found: instance.exports.find(7), missing: instance.exports.find(8), thrown };
      })()`,
      'the exceptions example instantiated in the panel',
    );
    assert.deepEqual(outcome, { found: 1, missing: -1, thrown: 'not_found 8' });
  },
});

/**
 * The panel's main path in Firefox's toolbox: a captured module opens from its row, its
 * overview shows, the Code tab follows a call to its function and Back returns to the call,
 * and the Run tab instantiates it in the sandbox worker and calls an export that writes its
 * memory and one that reads it back.
 */
import assert from 'node:assert/strict';
import { sha256 } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { waitFor } from '../harness/processes.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { firefoxTest } from '../harness/suite.ts';
import { watToWasm } from '../../support/wat.ts';

/** The selected line of the code view, as text. */
const SELECTED_TEXT = `(() => {
  const lines = document.querySelector('[data-testid="code-lines"]');
  const line = lines && lines.querySelector('[data-line="' + lines.dataset.selected + '"]');
  return line ? line.textContent : null;
})()`;

export default firefoxTest({
  name: 'the main path in the Firefox toolbox panel: open a captured module, follow a call, run it',
  timeoutMs: 120_000,
  async run({ server, slug, firefox }) {
    const bytes = await watToWasm(`(module $shapes
  (memory (export "memory") 1)
  (func $area (export "area") (param $w i32) (param $h i32) (result i32)
    (i32.mul (local.get $w) (local.get $h)))
  (func $square (export "square") (param $side i32) (result i32)
    (call $area (local.get $side) (local.get $side)))
  (func $store (export "store") (param $at i32) (param $value i32)
    (i32.store (local.get $at) (call $square (local.get $value))))
  (func (export "load") (param $at i32) (result i32) (i32.load (local.get $at)))
  (data (i32.const 64) ${JSON.stringify(slug)}))`);
    const hash = sha256(bytes);
    const wasmPath = server.add(`/${slug}/shapes.wasm`, {
      body: bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const { instance } = await WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wasmPath)}));
        window.keep = instance;
        return instance.exports.square(7);`,
      ),
    );
    await firefox.showPanel();
    await firefox.navigate(server.origin + pagePath);
    assert.equal(await firefox.evaluate('window.__e2eResult'), 49);

    let seen: unknown;
    /** Polls `expression` in the panel until it is truthy; its last value is in the error. */
    const until = async <T>(expression: string, what: string): Promise<T> => {
      try {
        return await waitFor(
          async () => {
            seen = await firefox.evaluateInPanel<T>(expression);
            return seen as T;
          },
          what,
          30_000,
          200,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(seen)}`, {
          cause: error,
        });
      }
    };
    const click = (selector: string, what: string): Promise<boolean> =>
      until<boolean>(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)});
          if (!el || el.disabled) return false; el.click(); return true; })()`,
        what,
      );

    // The row of the captured module opens it; the sidebar may be closed in a narrow toolbox.
    await until<boolean>(
      `(() => {
        const row = document.querySelector('[data-testid="module-row"][data-hash="${hash}"][data-complete="true"]');
        if (row) return (row.click(), true);
        if (!globalThis.wasmLayerPanel.ui.sidebarOpen.value) document.querySelector('[data-testid="sidebar-toggle"]')?.click();
        return false;
      })()`,
      'the captured module row',
    );
    const size = await until<string>(
      `document.querySelector('[data-testid="overview-size"]')?.dataset.bytes`,
      'the overview',
    );
    assert.equal(Number(size), bytes.length);

    // Code: follow `call $square` in $store to $square, then Back to the call.
    await click('[data-testid="module-tabs"] [data-tab-id="code"]', 'the Code tab');
    const callLine = await until<string>(
      `(() => {
        const link = [...document.querySelectorAll('[data-testid="code-line"]')]
          .find((line) => / call \\$square$/.test(line.textContent))
          ?.querySelector('[data-testid="code-link"]');
        if (!link) return null;
        const line = link.closest('[data-line]');
        // a user's press on the line selects it, then the click follows the link
        line.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
        link.click();
        return line.dataset.line;
      })()`,
      'a call to $square to follow',
    );
    await until<boolean>(
      `(${SELECTED_TEXT} ?? '').includes('(func $square')`,
      'the followed call to show $square',
    );
    await click('[data-testid="code-back"]', 'Back');
    await until<boolean>(
      `document.querySelector('[data-testid="code-lines"]').dataset.selected === ${JSON.stringify(callLine)}`,
      'Back to return to the call',
    );

    // Run: instantiate in the sandbox, then store(16, 9) writes 81 at address 16.
    await click('[data-testid="module-tabs"] [data-tab-id="run"]', 'the Run tab');
    await click('[data-testid="instantiate"]', 'Instantiate');
    await until<boolean>(
      `/of instance #\\d+/.test(document.querySelector('[data-testid="exports-section"]')?.textContent ?? '')`,
      'an instance',
    );
    /** Calls export `name` through its form with `args`; resolves with the shown result. */
    const call = async (name: string, args: string[]): Promise<string | undefined> => {
      const form = `[data-testid="call-form"][data-export="${name}"]`;
      const calls = await firefox.evaluateInPanel<number>(
        'globalThis.wasmLayerPanel.sandbox.history.value.length',
      );
      await firefox.evaluateInPanel(`(() => {
        const form = document.querySelector(${JSON.stringify(form)});
        const inputs = form.querySelectorAll('[data-testid="arg"]');
        ${JSON.stringify(args)}.forEach((text, i) => {
          inputs[i].value = text;
          inputs[i].dispatchEvent(new Event('input', { bubbles: true }));
        });
        form.querySelector('[data-testid="call"]').click();
      })()`);
      await until<boolean>(
        `globalThis.wasmLayerPanel.sandbox.history.value.length > ${calls} &&
          !!document.querySelector('${form} [data-testid="outcome"][data-kind="returned"]')`,
        `${name} to return`,
      );
      return firefox.evaluateInPanel<string | undefined>(
        `document.querySelector('${form} [data-testid="outcome"] .value')?.dataset.value`,
      );
    };
    await call('store', ['16', '9']);
    assert.equal(await call('load', ['16']), '81');
  },
});

/**
 * A user reads a captured module's code in the real DevTools panel, with the keyboard only:
 * opens the Code tab, follows a call to its function and comes back (Alt+←), finds a function
 * by name (Ctrl+Shift+O), then sees who calls it in the Size tab and goes from there to the
 * call. Screenshots of the Code and Size tabs, light and dark.
 */
import assert from 'node:assert/strict';
import { sha256 } from '../harness/fixtures.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';
import { watToWasm } from '../../support/wat.ts';

const ALT = 1;
const CTRL = 2;
const SHIFT = 8;

const SELECTED_TEXT = `(() => {
  const lines = document.querySelector('[data-testid="code-lines"]');
  const line = lines && lines.querySelector('[data-line="' + lines.dataset.selected + '"]');
  return line ? line.textContent : null;
})()`;

/** Waits for two frames of the panel, so a screenshot shows what its DOM holds. */
const PAINTED =
  'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

export default chromiumTest({
  name: 'reading code with the keyboard: follow a call and back, go to a function, who calls it',
  timeoutMs: 90_000,
  async run({ server, slug, tab }) {
    const bytes = await watToWasm(`(module $shapes
  (import "env" "log" (func $log (param i32)))
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (func $area (export "area") (param $w i32) (param $h i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.mul (local.get $w) (local.get $h)))
  (func $square (export "square") (param $side i32) (result i32)
    (call $area (local.get $side) (local.get $side)))
  (func $report (export "report") (param i32)
    (call $log (call $square (local.get 0)))
    (call $log (call $area (local.get 0) (i32.const 2))))
  (data (i32.const 16) ${JSON.stringify(slug)}))`);
    const hash = sha256(bytes);
    const wasmPath = server.add(`/${slug}/shapes.wasm`, {
      body: bytes,
      contentType: CONTENT_TYPE.wasm,
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const { instance } = await WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wasmPath)}),
          { env: { log() {} } });
        window.keep = instance;
        return instance.exports.square(7);`,
      ),
    );
    await tab.page.navigate(server.origin + pagePath);
    assert.equal(await tab.page.result(), 49);
    await tab.panel.waitForModule(hash);

    // Open it and go to its Code tab with the keyboard: Enter on the row, → along the tabs.
    await tab.showDevTools();
    await tab.panel.evaluate(
      `document.querySelector('[data-testid="module-row"][data-hash="${hash}"]').focus()`,
    );
    await tab.panel.press('Enter');
    await tab.panel.waitUntil(
      `document.querySelector('[data-testid="overview-size"]')?.dataset.bytes`,
      'the overview',
    );
    await tab.panel.evaluate(
      `document.querySelector('[data-testid="module-tabs"] [role="tab"][aria-selected="true"]').focus()`,
    );
    await tab.panel.press('ArrowRight');
    await tab.panel.waitUntil(
      `document.querySelector('[data-testid="code-lines"] [data-testid="code-line"]') !== null`,
      'the code of the module',
    );
    await tab.panel.press('Tab');
    const focused = await tab.panel.evaluate<string>(
      `document.activeElement?.closest('[data-testid]')?.dataset.testid ?? ''`,
    );
    assert.match(focused, /code-back|code-forward|code-goto|code-lines/);
    await tab.panel.evaluate(`document.querySelector('[data-testid="code-lines"]').focus()`);

    // Down to the first `call $square` line, Enter follows it.
    for (let step = 0; step < 60; step++) {
      const text = await tab.panel.evaluate<string | null>(SELECTED_TEXT);
      if (text?.includes('call $square')) break;
      await tab.panel.press('ArrowDown');
    }
    assert.match((await tab.panel.evaluate<string>(SELECTED_TEXT)) ?? '', /call \$square$/);
    const callLine = await tab.panel.evaluate<string>(
      `document.querySelector('[data-testid="code-lines"]').dataset.selected`,
    );
    await tab.panel.press('Enter');
    await tab.panel.waitUntil(
      `(${SELECTED_TEXT} ?? '').includes('(func $square')`,
      'the followed call to show $square',
    );
    await tab.panel.evaluate(PAINTED);
    await tab.screenshot('code-light');
    await tab.panel.setTheme('dark');
    await tab.panel.evaluate(PAINTED);
    await tab.screenshot('code-dark');
    await tab.panel.setTheme('light');
    await tab.panel.press('ArrowLeft', ALT);
    await tab.panel.waitUntil(
      `document.querySelector('[data-testid="code-lines"]').dataset.selected === ${JSON.stringify(callLine)}`,
      'Alt+← to return to the call',
    );

    // Go to a function by name.
    await tab.panel.press('O', CTRL | SHIFT);
    await tab.panel.waitUntil(
      `document.activeElement?.dataset.testid === 'quick-open-input'`,
      'the go-to-function box to take the focus',
    );
    await tab.panel.type('rea');
    await tab.panel.waitUntil(
      `document.querySelector('[data-testid="quick-open-item"]')?.textContent.includes('area')`,
      'area among the matches',
    );
    await tab.panel.evaluate(PAINTED);
    await tab.screenshot('code-quick-open-light');
    await tab.panel.press('Enter');
    await tab.panel.waitUntil(
      `(${SELECTED_TEXT} ?? '').includes('(func $area')`,
      'go to function to show $area',
    );
    const hex = await tab.panel.evaluate<string>(
      `document.querySelector('[data-testid="hex-strip"]').dataset.offset ?? ''`,
    );
    assert.notEqual(hex, '', 'the hex strip shows the selected line’s bytes');

    // Who calls $area: the Size tab, focused by keyboard (the tab strip: End is Run, ← Size).
    await tab.panel.evaluate(
      `document.querySelector('[data-testid="module-tabs"] [role="tab"][aria-selected="true"]').focus()`,
    );
    await tab.panel.press('End');
    await tab.panel.press('ArrowLeft');
    await tab.panel.waitUntil(
      `document.querySelector('[data-testid="grid-size"] [data-name="area"]') !== null`,
      'the size profile',
    );
    await tab.panel.evaluate(`document.querySelector('[data-testid="grid-size"]').focus()`);
    for (let step = 0; step < 10; step++) {
      const name = await tab.panel.evaluate<string>(
        `document.querySelector('[data-testid="grid-size"] [aria-selected="true"]')?.dataset.name ?? ''`,
      );
      if (name === 'area') break;
      await tab.panel.press('ArrowDown');
    }
    await tab.panel.waitUntil(
      `document.querySelector('[data-testid="referrers"]')?.dataset.state === 'ready'`,
      'who calls $area',
    );
    const referrers = await tab.panel.evaluate<string>(
      `document.querySelector('[data-testid="referrers"]').textContent`,
    );
    assert.match(referrers, /called by square/);
    assert.match(referrers, /called by report/);
    assert.match(referrers, /exported as "area"/);
    await tab.panel.evaluate(PAINTED);
    await tab.screenshot('size-light');
    await tab.panel.setTheme('dark');
    await tab.panel.evaluate(PAINTED);
    await tab.screenshot('size-dark');
    await tab.panel.setTheme('light');
    await tab.panel.evaluate(`document.querySelector('[data-testid="referrers"]').focus()`);
    await tab.panel.press('ArrowDown');
    await tab.panel.press('Enter');
    await tab.panel.waitUntil(
      `/call \\$area\\)?$/.test(${SELECTED_TEXT} ?? '')`,
      'Enter on a caller to show its call of $area',
    );
  },
});

/**
 * The Memory view in the Run tab of the real DevTools panel: a user opens the gallery's
 * "Memory and strings" example, instantiates it, calls `upper(16)` and sees the bytes the call
 * changed highlighted; clicks a byte and walks with the arrow keys while the value inspector
 * follows the cursor; searches the memory (in the sandbox worker). Screenshots light and dark,
 * and at 400 px wide.
 */
import assert from 'node:assert/strict';
import { testPage } from '../harness/pages.ts';
import { dock, setPanelWidth, showPanelInFront } from '../harness/sandbox-panel.ts';
import { chromiumTest } from '../harness/suite.ts';

const PANE = '[data-testid="run-memory"]';
const cell = (address: number, column = 'hex') =>
  `${PANE} [data-offset="${address}"][data-column="${column}"]`;
/** The byte at the cursor and the value inspector's u8, as the page shows them. */
const AT_CURSOR = `(() => {
  const cursor = document.querySelector('${PANE} .memory-byte[data-cursor]');
  const u8 = document.querySelector('${PANE} [data-testid="value-inspector"] [data-type="u8"]');
  return cursor && u8 ? { offset: Number(cursor.dataset.offset), byte: parseInt(cursor.textContent, 16),
    u8: Number(u8.dataset.value) } : null;
})()`;

export default chromiumTest({
  name: 'the Run tab shows the memory a call changed, and the value inspector follows the cursor',
  timeoutMs: 120_000,
  async run({ browser, server, slug, tab }) {
    const { panel } = tab;
    const pagePath = server.page(`/${slug}/index.html`, testPage(slug, 'return 1;'));
    await tab.page.navigate(server.origin + pagePath);
    assert.equal(await tab.page.result(), 1);
    await showPanelInFront(tab, browser);
    // Roomy: DevTools in a window of its own, as a user looking at memory would have it.
    await dock(tab.devtools, 'undocked');

    // The gallery's example, assembled in the editor, opened in the explorer, its Run tab.
    await panel.openSidebar();
    await panel.click('[data-testid="gallery-example"][data-example="memory-strings"]');
    await panel.waitUntil<boolean>(
      `document.querySelector('[data-testid="editor"]')?.dataset.status === 'assembled' &&
        globalThis.wasmLayerPanel.editor.module()?.phase.value === 'open'`,
      'the example assembled',
    );
    await panel.click('[data-testid="editor-open-module"]');
    await panel.click('[data-testid="module-tabs"] [data-tab-id="run"]');
    await panel.waitUntil<boolean>(
      `!!document.querySelector('[data-testid="call-form"][data-export="upper"]')`,
      'the Run tab',
    );
    await panel.click('[data-testid="instantiate"]');
    const length = await panel.waitUntil<string>(
      `document.querySelector('${PANE} [data-testid="memory-view"]')?.dataset.length`,
      'the Memory view of the instance',
    );
    assert.equal(length, '65536');
    // The data segment: "Hello, WebAssembly!" at 16.
    await panel.waitUntil<boolean>(
      `document.querySelector('${cell(0x11)}')?.textContent === '65'`,
      'the greeting in the memory',
    );

    // upper(16): the lower-case letters become capitals, and exactly those bytes light up.
    const upper = '[data-testid="call-form"][data-export="upper"]';
    await panel.click(`${upper} [data-testid="arg"]`);
    await panel.press('a', 2);
    await panel.type('16');
    await panel.press('Enter');
    await panel.waitUntil<boolean>(
      `!!document.querySelector('${upper} [data-testid="outcome"][data-kind="returned"]')`,
      'upper to return',
    );
    const marks = await panel.waitUntil<{ changed: number[]; text: string; count: string }>(
      `(() => {
        const cells = [...document.querySelectorAll('${PANE} .memory-byte[data-offset]')]
          .filter((c) => Number(c.dataset.offset) >= 16 && Number(c.dataset.offset) < 36);
        const changed = cells.filter((c) => c.hasAttribute('data-changed')).map((c) => Number(c.dataset.offset));
        if (changed.length === 0) return null;
        const text = [...document.querySelectorAll('${PANE} .memory-char[data-offset]')]
          .filter((c) => Number(c.dataset.offset) >= 16 && Number(c.dataset.offset) < 35)
          .map((c) => c.textContent).join('');
        const count = document.querySelector('${PANE} [data-testid="memory-changed-count"]').dataset.bytes;
        return { changed, text, count };
      })()`,
      'the changed bytes highlighted',
    );
    assert.equal(marks.text, 'HELLO, WEBASSEMBLY!');
    // "Hello, WebAssembly!": e l l o, e b, s s e m b l y changed; H , space W A ! did not.
    const lower = [...'Hello, WebAssembly!']
      .map((c, i) => (c >= 'a' && c <= 'z' ? 16 + i : -1))
      .filter((i) => i >= 0);
    assert.deepEqual(marks.changed, lower);
    assert.equal(marks.count, String(lower.length));

    // Click a byte, then walk with the keyboard: the value inspector follows the cursor.
    await panel.click(cell(0x11));
    let here = await panel.waitUntil<{ offset: number; byte: number; u8: number }>(
      AT_CURSOR,
      'the cursor',
    );
    assert.deepEqual(here, { offset: 0x11, byte: 0x45, u8: 0x45 });
    // Bytes per row follow the pane's width (8, 16 or 32).
    const perRow = await panel.evaluate<number>(
      `document.querySelectorAll('${PANE} .memory-header .memory-byte').length`,
    );
    assert.ok(perRow >= 8, `bytes per row: ${perRow}`);
    for (const [key, offset] of [
      ['ArrowRight', 0x12],
      ['ArrowRight', 0x13],
      ['ArrowDown', 0x13 + perRow],
      ['ArrowUp', 0x13],
      ['ArrowLeft', 0x12],
    ] as const) {
      await panel.press(key);
      here = await panel.waitUntil(
        `(() => { const at = ${AT_CURSOR}; return at && at.offset === ${offset} ? at : null; })()`,
        `the cursor at ${offset} after ${key}`,
      );
      assert.equal(here.u8, here.byte, `the value inspector at ${offset}`);
    }
    assert.equal(here.u8, 'L'.charCodeAt(0));
    await tab.screenshot('run-memory-light');
    // The theme lands on the document in an effect, after the next paint.
    for (const theme of ['dark', 'light'] as const) {
      await panel.setTheme(theme);
      await panel.waitUntil<boolean>(
        `document.documentElement.dataset.theme === '${theme}'`,
        `the ${theme} theme`,
      );
      if (theme === 'dark') await tab.screenshot('run-memory-dark');
    }

    // Search (in the sandbox worker): the cursor goes to the match.
    await panel.click(`${PANE} [data-testid="memory-search"]`);
    await panel.type('WEB');
    await panel.press('Enter');
    const found = await panel.waitUntil<string>(
      `document.querySelector('${PANE} [data-testid="memory-search-count"]')?.textContent`,
      'the search result',
    );
    assert.equal(found, '1 of 1');
    here = await panel.waitUntil(AT_CURSOR, 'the cursor on the match');
    assert.equal(here.offset, 16 + 'Hello, '.length);

    // Narrow: DevTools docked at the side, the panel 400 px wide.
    await dock(tab.devtools, 'right');
    await panel.evaluate('globalThis.wasmLayerPanel.ui.sidebarOpen.value = false');
    await setPanelWidth(tab.devtools, 400);
    const fits = await panel.evaluate<{ scroll: number; width: number; grid: number }>(`({
      scroll: document.documentElement.scrollWidth, width: innerWidth,
      grid: document.querySelector('${PANE} [data-testid="memory-grid"]').getBoundingClientRect().height })`);
    assert.ok(
      fits.scroll <= fits.width + 1,
      `no page-wide scroll at 400 px: ${JSON.stringify(fits)}`,
    );
    assert.ok(fits.grid > 60, `the hex grid has room at 400 px: ${JSON.stringify(fits)}`);
    await tab.screenshot('run-memory-narrow');
    await setPanelWidth(tab.devtools, null);
  },
});

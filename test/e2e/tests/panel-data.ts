/**
 * A user reads a captured module's data in the real DevTools panel, with the keyboard only
 * once the module is open: ←/→ to the Data tab, Tab into the hex view of its data segment,
 * arrows to select bytes; the bytes and their values are the ones the page wrote.
 */
import assert from 'node:assert/strict';
import { SMALL_MODULE_FACTS } from '../harness/fixtures.ts';
import { serveScenario } from '../harness/scenario.ts';
import { chromiumTest } from '../harness/suite.ts';

const ACTIVE = `(() => { const el = document.activeElement;
  return { role: el?.getAttribute('role') ?? '', label: el?.getAttribute('aria-label') ?? '',
    tab: el?.dataset?.tabId ?? '' }; })()`;

interface Active {
  role: string;
  label: string;
  tab: string;
}

export default chromiumTest({
  name: 'the Data tab shows a data segment in hex, reached and read with the keyboard',
  async run({ server, slug, tab }) {
    const scenario = await serveScenario(
      server,
      `${slug}-data`,
      (wasm) => `const { instance } = await WebAssembly.instantiateStreaming(fetch(${wasm}));
        window.keep = instance;
        return instance.exports.add(1, 2);`,
    );
    await tab.page.navigate(scenario.pageUrl);
    assert.equal(await tab.page.result(), 3);
    await tab.panel.waitForModule(scenario.module.hash);
    // The first DevTools window of a run can be slow to answer on a loaded machine.
    await tab.panel.click(
      `[data-testid="module-row"][data-hash="${scenario.module.hash}"]`,
      45_000,
    );
    await tab.panel.waitUntil(
      'document.querySelector(\'[data-testid="overview"]\')',
      'the overview',
    );

    // From here on, the keyboard only: focus the selected module tab, then arrow to Data.
    await tab.panel.evaluate(
      `document.querySelector('[data-testid="module-tabs"] [role="tab"][aria-selected="true"]').focus()`,
    );
    for (let i = 0; i < 12; i++) {
      const active = await tab.panel.evaluate<Active>(ACTIVE);
      if (active.tab === 'data') break;
      await tab.panel.press('ArrowRight');
    }
    await tab.panel.waitUntil(
      'document.querySelector(\'[data-testid="data-tab"]\')',
      'the Data tab',
    );
    let active: Active = { role: '', label: '', tab: '' };
    for (let i = 0; i < 12 && !active.label.startsWith('Bytes of'); i++) {
      await tab.panel.press('Tab');
      active = await tab.panel.evaluate<Active>(ACTIVE);
    }
    assert.equal(active.role, 'grid', `Tab reached ${JSON.stringify(active)}`);
    assert.match(active.label, /^Bytes of/);

    const tag = `${slug}-data`;
    const ascii = await tab.panel.waitUntil<string>(
      `(() => { const text = [...document.querySelectorAll('[data-testid="segment-hex"] [data-testid="hex-row"] .hex-ascii')]
        .map((el) => el.textContent).join(''); return text.length >= ${tag.length} ? text : null; })()`,
      'the data segment bytes',
    );
    assert.equal(ascii, tag);

    // Tabbing in selected the first byte; one step right is the second.
    await tab.panel.press('ArrowRight');
    const status = await tab.panel.waitUntil<string>(
      `(() => { const text = document.querySelector('[data-testid="hex-status"]').textContent;
        return text.startsWith('offset 0x1') ? text : null; })()`,
      'the second byte selected',
    );
    // The segment is copied to address 16 of memory 0.
    assert.match(
      status,
      new RegExp(`address 0x${(SMALL_MODULE_FACTS.tagAddress + 1).toString(16)}\\b`),
    );
    assert.match(status, new RegExp(`u8 ${tag.charCodeAt(1)}\\b`));

    // A real click on the third character of the first row's ASCII column selects byte 2.
    const point = await tab.panel.evaluate<{ x: number; y: number }>(`(() => {
      const ascii = document.querySelector('[data-testid="segment-hex"] [data-offset="0"] .hex-ascii');
      const r = ascii.getBoundingClientRect();
      const ch = r.width / ascii.textContent.length;
      return { x: r.left + ch * 2.5, y: r.top + r.height / 2 };
    })()`);
    for (const type of ['mousePressed', 'mouseReleased'] as const) {
      await tab.panel.session.send('Input.dispatchMouseEvent', {
        type,
        x: point.x,
        y: point.y,
        button: 'left',
        clickCount: 1,
      });
    }
    await tab.panel.waitUntil(
      `document.querySelector('[data-testid="hex-status"]').textContent.startsWith('offset 0x2 ')`,
      'the clicked byte selected',
    );
    await tab.screenshot('data-light');
    await tab.panel.setTheme('dark');
    await tab.screenshot('data-dark');
    await tab.panel.setTheme('light');
  },
});

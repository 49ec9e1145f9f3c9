/**
 * A user opens the generated 30 MB module as a file and reads its code in the real DevTools
 * panel: the code index is built in the worker, the text (millions of lines) scrolls to its end
 * and back, and a function far in is found by name. The panel's main thread is watched with a
 * `PerformanceObserver` for long tasks the whole time; the longest is reported.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { largeModule } from '../harness/fixtures.ts';
import { chromiumTest } from '../harness/suite.ts';

const CTRL = 2;
const SHIFT = 8;

/** Waits for two frames of the panel, so a screenshot shows what its DOM holds. */
const PAINTED =
  'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

export default chromiumTest({
  name: 'a 30 MB module opened as a file: its code indexes, scrolls end to end, and a function is found',
  timeoutMs: 180_000,
  async run({ slug, tab }) {
    const module = largeModule();
    const file = path.join(os.tmpdir(), `${slug}-large.wasm`);
    fs.writeFileSync(file, module.bytes);
    try {
      await tab.panel.evaluate(`(() => {
        globalThis.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) globalThis.__longTasks.push(Math.round(entry.duration));
        }).observe({ type: 'longtask' });
      })()`);
      const started = Date.now();
      await tab.panel.setInputFiles('[data-testid="file-input"]', [file]);
      const size = await tab.panel.waitUntil<string>(
        `document.querySelector('[data-testid="overview-size"]')?.dataset.bytes`,
        'the overview of the 30 MB module',
        60_000,
      );
      assert.equal(Number(size), module.bytes.length);
      const overviewMs = Date.now() - started;
      // To the Code tab with the keyboard: the selected tab of the module's strip, then →.
      await tab.showDevTools();
      await tab.panel.evaluate(
        `document.querySelector('[data-testid="module-tabs"] [role="tab"][aria-selected="true"]').focus()`,
      );
      await tab.panel.press('ArrowRight');
      await tab.panel.waitUntil(
        `document.activeElement?.matches('[data-testid="module-tabs"] [data-tab-id="code"][aria-selected="true"]')`,
        'the Code tab selected and focused after →',
      );
      const total = Number(
        await tab.panel.waitUntil<string>(
          `document.querySelector('[data-testid="code-line"]') &&
            document.querySelector('[data-testid="code-lines"]').dataset.total`,
          'the code index of the 30 MB module',
          120_000,
        ),
      );
      const indexedMs = Date.now() - started;
      assert.ok(total > 5_000_000, `${total} lines`);

      // To the end of the text and back, with the keyboard.
      await tab.panel.evaluate(`document.querySelector('[data-testid="code-lines"]').focus()`);
      await tab.panel.press('End');
      const last = await tab.panel.waitUntil<string>(
        `(() => {
          const line = document.querySelector('[data-testid="code-line"][data-line="${total - 1}"]');
          return line && line.textContent.trim() !== '' ? line.textContent : null;
        })()`,
        'the last line of the text',
        30_000,
      );
      assert.match(last, /\)\)$/, 'the text ends with the module’s closing parenthesis');
      await tab.panel.evaluate(PAINTED);
      await tab.screenshot('large-code-end-light');
      await tab.panel.press('PageUp');
      await tab.panel.press('PageUp');
      await tab.panel.press('Home');
      await tab.panel.waitUntil(
        `document.querySelector('[data-testid="code-line"][data-line="0"]')?.textContent.includes('(module')`,
        'the first line again',
        30_000,
      );

      // A function far in, by name (its export name).
      await tab.panel.press('O', CTRL | SHIFT);
      await tab.panel.waitUntil(
        `document.activeElement?.dataset.testid === 'quick-open-input'`,
        'the go-to-function box',
      );
      await tab.panel.type('f200000');
      await tab.panel.waitUntil(
        `document.querySelector('[data-testid="quick-open-item"]')?.textContent.startsWith('f200000')`,
        'f200000 first among the matches',
        30_000,
      );
      await tab.panel.press('Enter');
      await tab.panel.waitUntil(
        `(() => {
          const lines = document.querySelector('[data-testid="code-lines"]');
          const line = lines.querySelector('[data-line="' + lines.dataset.selected + '"]');
          // exported as f200000; without a name section it prints as (;200001;)
          return line && line.dataset.owner === 'func:200001' && line.textContent.includes('(func (;200001;)');
        })()`,
        'the code of f200000',
        30_000,
      );
      await tab.panel.evaluate(PAINTED);
      await tab.screenshot('large-code-function-light');

      const longTasks = await tab.panel.evaluate<number[]>('globalThis.__longTasks');
      const longest = Math.max(0, ...longTasks);
      console.log(
        `    30 MB module: overview after ${overviewMs} ms, code shown after ${indexedMs} ms; ` +
          `${total.toLocaleString('en-US')} lines; main-thread long tasks: ${longTasks.length}, ` +
          `longest ${longest} ms (goal: none over 50 ms)`,
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
  },
});

/**
 * A user runs modules in the real DevTools panel's sandbox: opens a module, instantiates it
 * (keyboard only), calls an export that writes memory, sees a trap's stack, runs a WASI
 * command and reads "hello" in the console, and stops an infinite loop (the time limit, then
 * Stop) while the panel stays responsive; then starts again.
 */
import assert from 'node:assert/strict';
import type { PanelDriver } from '../harness/panel-driver.ts';
import { testPage } from '../harness/pages.ts';
import { dock, openFixture, setPanelWidth, showPanelInFront } from '../harness/sandbox-panel.ts';
import { chromiumTest } from '../harness/suite.ts';

/** Presses Tab until `selector` has the focus (at most `max` times). */
async function tabTo(panel: PanelDriver, selector: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    const focused = await panel.evaluate<boolean>(
      `!!document.activeElement?.matches(${JSON.stringify(selector)})`,
    );
    if (focused) return;
    await panel.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const CALL_FORM = (name: string) => `[data-testid="call-form"][data-export="${name}"]`;

export default chromiumTest({
  name: 'the Run tab instantiates, calls, runs WASI and stops runaway code in the real panel',
  timeoutMs: 120_000,
  async run({ browser, server, slug, tab }) {
    const { panel } = tab;
    // DevTools inspects some page; the sandbox does not need it (modules open as files).
    const pagePath = server.page(`/${slug}/index.html`, testPage(slug, 'return 1;'));
    await tab.page.navigate(server.origin + pagePath);
    assert.equal(await tab.page.result(), 1);
    await showPanelInFront(tab, browser);
    // DevTools docks the panel narrow here (about 550 px): the sidebar would float over the
    // main area, so it is closed, as a user of a narrow dock does.
    await panel.evaluate('globalThis.wasmLayerPanel.ui.sidebarOpen.value = false');

    // Keyboard only: from the module's tab strip to the Run tab, Instantiate, then a call.
    await openFixture(panel, 'imports');
    await panel.waitUntil<boolean>(
      `!!document.querySelector('[data-testid="module-tabs"] [aria-selected="true"]')`,
      'the module tabs',
    );
    // One click puts the focus into the panel (as a user clicks into DevTools); keys from here.
    await panel.click('[data-testid="module-tabs"] [aria-selected="true"]');
    for (let i = 0; i < 12; i++) {
      const selected = await panel.evaluate<string>(
        `document.querySelector('[data-testid="module-tabs"] [aria-selected="true"]').dataset.tabId`,
      );
      if (selected === 'run') break;
      await panel.press('ArrowRight');
    }
    await panel.waitUntil<boolean>(
      `!!document.querySelector('[data-testid="exports-section"]')`,
      'the Run tab',
    );
    await tabTo(panel, '[data-testid="instantiate"]');
    await panel.press('Enter');
    await panel.waitUntil<boolean>(
      `/of instance #\\d+/.test(document.querySelector('[data-testid="exports-section"]').textContent)`,
      'an instance',
    );
    await tabTo(panel, `${CALL_FORM('add')} [data-testid="arg"]`);
    await panel.press('a', 2);
    await panel.type('40');
    await panel.press('Tab');
    await panel.press('a', 2);
    await panel.type('2');
    await panel.press('Enter');
    const sum = await panel.waitUntil<string>(
      `document.querySelector('${CALL_FORM('add')} [data-testid="outcome"] .value')?.dataset.value`,
      'the result of add',
    );
    assert.equal(sum, '42');

    // A call that writes memory: the bytes are there when read through the memory source.
    await panel.click(`${CALL_FORM('write_memory')} [data-testid="arg"]`);
    await panel.press('a', 2);
    await panel.type('64');
    await panel.press('Tab');
    await panel.press('a', 2);
    await panel.type('0x44332211');
    await panel.click(`${CALL_FORM('write_memory')} [data-testid="call"]:not([disabled])`);
    await panel.waitUntil<boolean>(
      `!!document.querySelector('${CALL_FORM('write_memory')} [data-testid="outcome"][data-kind="returned"]')`,
      'write_memory to return',
    );
    const bytes = await panel.evaluate<number[]>(`(async () => {
      const sandbox = globalThis.wasmLayerPanel.sandbox;
      const memory = sandbox.instances.value[0].summary.exports.find((e) => e.name === 'memory');
      return [...await sandbox.memorySource(memory.handle, 'memory', false).read(62, 8)];
    })()`);
    assert.deepEqual(bytes, [0, 0, 0x11, 0x22, 0x33, 0x44, 0, 0]);

    // A trap shows its stack, named from the name section.
    await panel.click(`${CALL_FORM('boom')} [data-testid="call"]:not([disabled])`);
    const frames = await panel.waitUntil<string[]>(
      `(() => { const links = [...document.querySelectorAll('${CALL_FORM('boom')} [data-testid="frame-link"]')];
        return links.length ? links.map((l) => l.textContent.split(' ')[0]) : null; })()`,
      'the trap stack',
    );
    assert.deepEqual(frames, ['inner', 'boom']);
    await setPanelWidth(tab.devtools, 400);
    await tab.screenshot('run-narrow');
    await setPanelWidth(tab.devtools, null);

    // An infinite loop: stopped by the time limit; the panel answers meanwhile.
    await panel.click('[data-testid="time-limit"]');
    await panel.press('a', 2);
    await panel.type('2');
    await panel.click(`${CALL_FORM('spin')} [data-testid="call"]:not([disabled])`);
    await panel.waitUntil<boolean>(
      `document.querySelector('[data-testid="sandbox-status"]').dataset.status === 'busy'`,
      'the loop to run',
    );
    const started = Date.now();
    let slowest = 0;
    const clocks = new Set<string>();
    while (Date.now() - started < 1200) {
      const asked = Date.now();
      clocks.add(
        await panel.evaluate<string>(
          `document.querySelector('[data-testid="sandbox-status"]').textContent`,
        ),
      );
      slowest = Math.max(slowest, Date.now() - asked);
    }
    assert.ok(slowest < 500, `the panel answered within ${slowest} ms while the loop ran`);
    assert.ok(clocks.size >= 3, `the running clock ticked: ${[...clocks].join(' | ')}`);
    const lost = await panel.waitUntil<string>(
      `document.querySelector('[data-testid="sandbox-lost"]')?.textContent`,
      'the time limit to stop the loop',
      10_000,
    );
    assert.match(lost, /The store was lost\. spin\(\) ran past the time limit of 2 s/);
    await tab.screenshot('run-lost');

    // Start again, then stop a loop with the Stop button.
    await panel.click('[data-testid="restart"]');
    await panel.waitUntil<boolean>(
      `!document.querySelector('[data-testid="sandbox-lost"]') &&
        /of instance #\\d+/.test(document.querySelector('[data-testid="exports-section"]').textContent)`,
      'the sandbox to start again',
    );
    await panel.click('[data-testid="time-limit"]');
    await panel.press('a', 2);
    await panel.type('30');
    await panel.click(`${CALL_FORM('spin_calling')} [data-testid="call"]:not([disabled])`);
    await panel.waitUntil<boolean>(
      `/host calls/.test(document.querySelector('[data-testid="sandbox-status"]').textContent)`,
      'the host calls of the loop to show',
    );
    await panel.click('[data-testid="stop"]');
    const stopped = await panel.waitUntil<string>(
      `document.querySelector('[data-testid="sandbox-lost"]')?.textContent`,
      'Stop to end the loop',
    );
    assert.match(stopped, /spin_calling\(\) was stopped by you/);

    // WASI: "hello" in the console.
    await panel.click('[data-testid="restart"]');
    await panel.waitUntil<boolean>(
      `!document.querySelector('[data-testid="sandbox-lost"]') &&
        document.querySelector('[data-testid="sandbox-status"]').dataset.status === 'ready'`,
      'the sandbox to start again',
    );
    await openFixture(panel, 'wasi-hello');
    await panel.click('[data-testid="module-tabs"] [data-tab-id="run"]');
    await panel.waitUntil<boolean>(
      `document.querySelector('[data-testid="wasi-run"]')?.disabled === false`,
      'the Run _start button',
    );
    await panel.click('[data-testid="wasi-run"]');
    const stdout = await panel.waitUntil<string[]>(
      `(() => { const lines = [...document.querySelectorAll('[data-testid="console-lines"] [data-kind="stdout"]')];
        return lines.length ? lines.map((l) => l.textContent) : null; })()`,
      'hello in the console',
    );
    assert.deepEqual(stdout, ['hello']);
    // DevTools in a window of its own, roomy: the WASI run and the first module's calls.
    await dock(tab.devtools, 'undocked');
    await panel.evaluate('globalThis.wasmLayerPanel.ui.sidebarOpen.value = true');
    await tab.screenshot('run-wasi-light');
    await panel.setTheme('dark');
    await tab.screenshot('run-wasi-dark');
    // The first module's tab (the strip starts with the editor's).
    await panel.click('[data-testid="document-tabs"] [role="tab"]:not([data-tab-id="editor"])');
    await panel.click('[data-testid="module-tabs"] [data-tab-id="run"]');
    await panel.waitUntil<boolean>(
      `!!document.querySelector('[data-testid="history-section"]')`,
      "the first module's history",
    );
    await tab.screenshot('run-dark');
    await panel.setTheme('light');
    await tab.screenshot('run-light');
    await dock(tab.devtools, 'right');

    // Threads: a module with a shared memory runs where the engine makes one; else the Run
    // tab says why not (a DevTools panel cannot be cross-origin isolated).
    const environment = await panel.evaluate<{
      crossOriginIsolated: boolean;
      sharedMemory: boolean;
    }>('globalThis.wasmLayerPanel.sandbox.environment.value');
    assert.equal(environment.crossOriginIsolated, false);
    await openFixture(panel, 'threads');
    await panel.click('[data-testid="module-tabs"] [data-tab-id="run"]');
    if (environment.sharedMemory) {
      // A click on a button still disabled (the module loading, the instance coming) is lost.
      await panel.waitUntil<boolean>(
        `document.querySelector('[data-testid="instantiate"]')?.disabled === false`,
        'the threaded module to load',
      );
      await panel.click('[data-testid="instantiate"]');
      await panel.waitUntil<boolean>(
        `document.querySelector('${CALL_FORM('load')} [data-testid="call"]')?.disabled === false`,
        'the threaded module to be instantiated',
      );
      await panel.click(`${CALL_FORM('load')} [data-testid="call"]`);
      await panel.waitUntil<boolean>(
        `!!document.querySelector('${CALL_FORM('load')} [data-testid="outcome"][data-kind="returned"]')`,
        'the threaded module to run',
      );
    } else {
      const note = await panel.waitUntil<string>(
        `document.querySelector('[data-testid="threads-note"]')?.textContent`,
        'the note on shared memory',
      );
      assert.match(note, /not cross-origin isolated/);
      await tab.screenshot('run-threads');
    }
    console.log(
      `        threads in the panel: crossOriginIsolated ${environment.crossOriginIsolated}, shared memory ${environment.sharedMemory}`,
    );
  },
});

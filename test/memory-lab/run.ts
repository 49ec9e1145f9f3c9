/**
 * The Memory view in real Chromium, used with the keyboard only, on the Memory lab page (real
 * memories of a real module in a worker): move the cursor, read values and text, go to an
 * address, follow a pointer and go back, edit bytes, search, see what a call changed, take a
 * snapshot and see what changed since, see memory.grow, and scroll a 1 GiB memory to its end.
 * Screenshots (light, dark, a 400 px wide panel, the 1 GiB memory) go to
 * `test-artifacts/screenshots/` (git-ignored).
 *
 *   npm run test:memory-lab            build the standalone pages, then run
 *   npx tsx test/memory-lab/run.ts --no-build
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startLab } from './lab-page.ts';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');

/** Presses Tab until the focused element matches `selector` (as a keyboard user would). */
async function tabTo(page: Page, selector: string, backwards = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const attr = (page: Page, selector: string, name: string) =>
  page.locator(selector).first().getAttribute(name);
const cursor = async (page: Page) =>
  Number(await attr(page, '[data-testid="memory-grid"]', 'data-cursor'));
const value = (page: Page, type: string) =>
  attr(page, `[data-testid="value-row"][data-type="${type}"]`, 'data-value');
const hexCell = (page: Page, address: number) =>
  page.locator(`[data-offset="${address}"][data-column="hex"]`);

async function waitUntil(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > until) {
      const state = await page.evaluate(() => ({
        focused: document.activeElement?.getAttribute('data-testid'),
        status: document.querySelector('[data-testid="memory-status"]')?.textContent,
        search: document.querySelector<HTMLInputElement>('[data-testid="memory-search"]')?.value,
        count: document.querySelector('[data-testid="memory-search-count"]')?.textContent,
        log: document.querySelector('[data-testid="lab-log"]')?.textContent,
      }));
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state)}`);
    }
    await page.waitForTimeout(50);
  }
}

async function goTo(page: Page, address: string): Promise<void> {
  await page.keyboard.press('Control+g');
  await page.keyboard.type(address);
  await page.keyboard.press('Enter');
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `memory-view-${name}.png`) });
}

/** The main path, keyboard only; returns the page at its end. */
async function mainPath(page: Page): Promise<void> {
  await tabTo(page, '[data-testid="memory-grid"]');

  // Cursor and value inspector.
  for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await cursor(page), 0x100);
  assert.equal(
    await page.getByTestId('cursor-c-string').textContent(),
    '"Hello from WebAssembly linear memory!"',
  );
  await page.keyboard.press('ArrowRight');
  assert.equal(await value(page, 'u8'), String('e'.charCodeAt(0)));

  // Go to a pointer, follow it with the keyboard, come back.
  await goTo(page, '0x8*8');
  assert.equal(await cursor(page), 0x40);
  assert.equal(await value(page, 'ptr32'), '0x00000100');
  await tabTo(page, '[data-testid="follow-ptr32"]');
  await page.keyboard.press('Enter');
  assert.equal(await cursor(page), 0x100);
  // Back into the grid from behind lands in its text column; Shift+Tab again is the hex one.
  await tabTo(page, '[data-testid="memory-grid"]', true);
  assert.equal(await attr(page, '[data-testid="memory-grid"]', 'data-column'), 'text');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await attr(page, '[data-testid="memory-grid"]', 'data-column'), 'hex');
  await page.keyboard.press('Alt+ArrowLeft');
  assert.equal(await cursor(page), 0x40);

  // Edit: type hex over bytes.
  await goTo(page, '0x2000');
  await page.keyboard.type('c0ffee');
  await waitUntil(
    page,
    async () => (await cursor(page)) === 0x2003,
    'the cursor after three bytes',
  );
  assert.deepEqual(
    [await hexCell(page, 0x2000).textContent(), await hexCell(page, 0x2002).textContent()],
    ['c0', 'ee'],
  );

  // Search text, then step to the next match.
  await page.keyboard.press('Control+f');
  await page.keyboard.type('linear');
  await page.keyboard.press('Enter');
  await waitUntil(
    page,
    async () => (await cursor(page)) === 0x117,
    'the search to land on "linear"',
  );
  assert.equal(await page.getByTestId('memory-search-count').textContent(), '1 of 1');

  // A snapshot, then calls: what the last call changed, and what changed since the snapshot.
  await tabTo(page, '[data-testid="take-snapshot"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('snapshot-diff').waitFor();
  await tabTo(page, '[data-testid="memory-grid"]', true);
  await goTo(page, '0x1000');
  await page.evaluate(async () => {
    await globalThis.memoryLab!.call('step');
    await globalThis.memoryLab!.call('step');
    await globalThis.memoryLab!.call('fill', [0x3000, 0xab, 24]);
  });
  await page.evaluate(() => globalThis.memoryLab!.call('grow', [1]));
  await page.getByTestId('grow-event').waitFor();
  assert.equal(await attr(page, '[data-testid="grow-event"]', 'data-to'), String(3 * 65536));
  await page.evaluate(() => globalThis.memoryLab!.call('step'));
  await waitUntil(
    page,
    async () => (await hexCell(page, 0x1000).getAttribute('data-changed')) !== null,
    'the bytes of the last call to be highlighted',
  );
  assert.equal(await hexCell(page, 0x1000).textContent(), '03');
  await waitUntil(
    page,
    async () => (await page.getByTestId('diff-range').count()) >= 3,
    'the ranges changed since the snapshot',
  );
  await waitUntil(
    page,
    async () => (await page.getByTestId('diff-updating').count()) === 0,
    'the comparison to catch up',
  );
  const starts = await page
    .getByTestId('diff-range')
    .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset.start)));
  // Three steps moved the marker byte from 0x1040 to 0x1043; the fill wrote 0x3000; the
  // grow added a page.
  assert.deepEqual(starts, [0x1000, 0x1004, 0x1043, 0x3000, 0x20000], `diff starts ${starts}`);
}

const lab = await startLab({ build: !process.argv.includes('--no-build') });
let failed = 0;
const check = async (name: string, run: () => Promise<void>): Promise<void> => {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.error(`FAIL ${name}\n  ${error instanceof Error ? error.stack : String(error)}`);
  }
};

try {
  await check(
    'keyboard only: cursor, values, go to, follow, edit, search, changes, snapshot, grow',
    async () => {
      const page = await lab.open();
      await mainPath(page);
      await goTo(page, '0x1000');
      await shoot(page, 'light');
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await shoot(page, 'dark');
      await page.close();
    },
  );

  await check('a 400 px wide panel shows 8 bytes a row and the inspector below', async () => {
    const page = await lab.open({ width: 400, height: 800 });
    assert.equal(await attr(page, '[data-testid="memory-grid"]', 'data-bytes-per-row'), '8');
    await tabTo(page, '[data-testid="memory-grid"]');
    await goTo(page, '0x100');
    await page.evaluate(() => globalThis.memoryLab!.call('step'));
    await shoot(page, 'narrow');
    await page.close();
  });

  await check('a 1 GiB memory scrolls to its end with the keyboard', async () => {
    const page = await lab.open();
    await page.evaluate(() =>
      globalThis.memoryLab!.create('1 GiB memory', 16384, { maximum: 16384 }),
    );
    await page.getByTestId('memory-select').selectOption({ label: '1 GiB memory' });
    await page.waitForSelector('[data-testid="memory-view"][data-length="1073741824"]');
    await tabTo(page, '[data-testid="memory-grid"]');
    await page.keyboard.press('Control+End');
    assert.equal(await cursor(page), 1024 * 1024 * 1024 - 1);
    await page.keyboard.press('PageUp');
    await page.keyboard.type('42');
    await page.waitForSelector('[data-testid="memory-row"][data-address="1073741808"]');
    await shoot(page, '1gib');
    await page.close();
  });

  await check('a memory64 memory gets a wider address column', async () => {
    const page = await lab.open();
    await page.getByTestId('lab-add-64').click();
    await page.getByTestId('memory-select').selectOption({ label: 'memory64' });
    await page.waitForSelector('[data-testid="memory-view"][data-length="131072"]');
    const address = await page
      .locator('[data-testid="memory-row"][data-address="16"] .memory-address')
      .textContent();
    assert.equal(address, '000000000010');
    await page.close();
  });
} finally {
  await lab.close();
}
console.log(failed === 0 ? 'memory lab: all passed' : `memory lab: ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

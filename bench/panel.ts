/**
 * `npm run bench:panel`: the panel's measures in real Chromium (Debian's, through
 * playwright-core), printed, never asserted. Builds the standalone pages once, serves them,
 * and runs each measure in `MEASURES`; a measure is one function in a file of `bench/panel/`.
 *
 *   npm run bench:panel                             every measure
 *   npm run bench:panel -- --only=memory-search     only the named measures (comma-separated)
 *   npm run bench:panel -- --no-build               use the last build of the standalone pages
 *   npm run bench:panel -- --calls=50               measure-specific options (`--name=value`)
 */
import os from 'node:os';
import { startLab } from '../test/memory-lab/lab-page.ts';
import type { PanelBenchContext, PanelMeasure } from './panel/context.ts';
import { MEMORY_MEASURES } from './panel/memory.ts';
import { openFile } from './panel/open-file.ts';
import { runTabCall } from './panel/run-tab.ts';

/** Every measure, in the order they run. */
const MEASURES: readonly PanelMeasure[] = [openFile, runTabCall, ...MEMORY_MEASURES];

function parseOptions(args: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (const arg of args) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (match) options.set(match[1], match[2] ?? 'true');
  }
  return options;
}

const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const options = parseOptions(process.argv.slice(2));
const only = options.get('only')?.split(',') ?? [];
const chosen = MEASURES.filter((m) => only.length === 0 || only.includes(m.name));
if (chosen.length === 0) {
  console.error(
    `no measure named ${only.join(', ')}; known: ${MEASURES.map((m) => m.name).join(', ')}`,
  );
  process.exit(1);
}

console.log(`machine: ${os.cpus().length} cores, load average ${loadAverage()}`);
const lab = await startLab({ build: !options.has('no-build') });
const context: PanelBenchContext = {
  lab,
  options,
  async openPanel() {
    const page = await lab.browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    // tsx keeps function names with a `__name` helper that the functions sent to the page call
    await page.addInitScript('globalThis.__name = (target) => target;');
    await page.goto(new URL('../standalone.html?bench', lab.url).href);
    await page.waitForFunction(() => !!globalThis.wasmLayerPanel);
    return page;
  },
};
let failed = false;
try {
  for (const measure of chosen) {
    console.log(`\n== ${measure.name} ==`);
    try {
      await measure.run(context);
    } catch (error) {
      // One broken measure should not hide the others' figures.
      failed = true;
      console.error(`measure ${measure.name} failed:`, error);
    }
  }
} finally {
  await lab.close();
}
console.log(`\nload average after: ${loadAverage()}`);
process.exitCode = failed ? 1 : 0;

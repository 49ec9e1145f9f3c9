/**
 * The panel in real Chromium (`npm run bench:panel`; printed, never asserted). Builds the
 * standalone page (the same views and workers as the DevTools panel), serves it, and runs each
 * measure in `MEASURES` against it, one function per measure:
 *
 * - call an export from the Run tab → results on screen (`panel-run.ts`).
 *
 *   npm run bench:panel [-- --no-build] [--calls=50]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runTabCall } from './panel-run.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAGE_DIR = path.join(ROOT, 'dist/standalone');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What every measure gets. */
export interface PanelBenchContext {
  page: Page;
  /** Command-line options (`--name=value`). */
  options: Map<string, string>;
}

/** One measure: runs against the page and prints its figures. */
export interface PanelMeasure {
  name: string;
  run(context: PanelBenchContext): Promise<void>;
}

/** Every measure, in the order they run. */
const MEASURES: PanelMeasure[] = [runTabCall];

function parseOptions(args: readonly string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (const arg of args) {
    const match = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (match) options.set(match[1], match[2] ?? 'true');
  }
  return options;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serves the built page on a free local port. */
async function serve(): Promise<{ origin: string; close(): void }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = path.join(PAGE_DIR, path.normalize(url === '/' ? 'standalone.html' : url));
    if (!file.startsWith(PAGE_DIR) || !fs.existsSync(file)) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    response.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options.has('no-build') || !fs.existsSync(path.join(PAGE_DIR, 'standalone.html'))) {
    const build = spawnSync(
      'npx',
      ['vite', 'build', '-c', 'vite.standalone.config.ts', '--logLevel', 'warn'],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error('building the standalone page failed');
  }
  console.log(
    `bench:panel — ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const server = await serve();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    // tsx keeps function names with a `__name` helper that the functions sent to the page call
    await page.addInitScript('globalThis.__name = (target) => target;');
    await page.goto(`${server.origin}/standalone.html?bench`);
    await page.waitForFunction(() => !!globalThis.wasmLayerPanel);
    for (const measure of MEASURES) await measure.run({ page, options });
  } finally {
    await browser?.close();
    server.close();
  }
}

await main();

/**
 * The Memory lab page in real Chromium, for its keyboard check and screenshots and for
 * `npm run bench:panel`: builds the standalone pages (`vite.standalone.config.ts`), serves
 * them with Vite's preview server on a free port, and opens `lab/memory-lab.html` in Debian's
 * Chromium through playwright-core.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = path.join(ROOT, 'vite.standalone.config.ts');

/** Where Debian installs Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A served lab and a browser to open it in. */
export interface LabBrowser {
  browser: Browser;
  /** The lab page's URL (add `?theme=dark` for the dark theme). */
  url: string;
  /** Opens the lab at `width`×`height` and waits for the demo module's memories. */
  open(options?: { width?: number; height?: number; theme?: 'light' | 'dark' }): Promise<Page>;
  close(): Promise<void>;
}

/** Builds (unless `build` is false), serves and launches. */
export async function startLab(options: { build?: boolean } = {}): Promise<LabBrowser> {
  if (options.build !== false) {
    await build({ configFile: CONFIG, root: path.join(ROOT, 'src/panel'), logLevel: 'warn' });
  }
  const server: PreviewServer = await preview({
    configFile: CONFIG,
    root: path.join(ROOT, 'src/panel'),
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('the preview server has no URL');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const url = new URL('lab/memory-lab.html', base).href;
  return {
    browser,
    url,
    async open({ width = 1200, height = 800, theme = 'light' } = {}) {
      const page = await browser.newPage({ viewport: { width, height } });
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      // tsx compiles named functions inside page.evaluate callbacks with esbuild's keepNames,
      // which calls a __name helper the page does not have.
      await page.addInitScript('globalThis.__name = (fn) => fn;');
      await page.goto(`${url}?theme=${theme}`);
      await page.waitForSelector('[data-testid="memory-row"][data-address="0"]:not(.placeholder)');
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}

/**
 * Runs compiled spec scripts in Chromium: bundles the interpreter and the runtime layer with
 * Vite (library mode, offline), serves the bundle and each script's JSON from 127.0.0.1, and
 * drives a headless page with playwright-core, one script per `page.evaluate`. The page is
 * cross-origin isolated (COOP/COEP headers), as a page must be to share memory with workers,
 * so shared memories run as they would for such a page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import type { CompiledScript } from './commands.ts';
import type { ApiCheckResult } from './api-checks.ts';
import type { ScriptResult } from './interpreter.ts';
import { REPO_ROOT } from './suite.ts';

const BUNDLE_DIR = join(REPO_ROOT, 'node_modules/.cache/wasm-layer-spec/bundle');
const BUNDLE_FILE = 'spec-runner.js';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // The API checks collect garbage to see that a dropped ExnRef frees its exception.
  '--js-flags=--expose-gc',
];
const PAGE = `<!doctype html><meta charset="utf-8"><title>spec</title>
<script type="module">import('/${BUNDLE_FILE}').then(() => { globalThis.specReady = true; });</script>`;

async function bundle(): Promise<string> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: BUNDLE_DIR,
      emptyOutDir: true,
      minify: false,
      target: 'esnext',
      lib: {
        entry: join(REPO_ROOT, 'test/spec/browser-entry.ts'),
        formats: ['es'],
        fileName: () => BUNDLE_FILE,
      },
    },
  });
  return readFileSync(join(BUNDLE_DIR, BUNDLE_FILE), 'utf8');
}

/** The headers that make the page cross-origin isolated (`crossOriginIsolated === true`). */
const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

function serve(code: string, scripts: CompiledScript[]): Promise<Server> {
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    const scriptIndex = /^\/scripts\/(\d+)\.json$/.exec(url);
    const reply = (type: string, body: string) =>
      response.writeHead(200, { 'content-type': type, ...ISOLATION_HEADERS }).end(body);
    if (url === '/') {
      reply('text/html', PAGE);
    } else if (url === `/${BUNDLE_FILE}`) {
      reply('text/javascript', code);
    } else if (scriptIndex && scripts[Number(scriptIndex[1])]) {
      reply('application/json', JSON.stringify(scripts[Number(scriptIndex[1])]));
    } else {
      response.writeHead(404, ISOLATION_HEADERS).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What one Chromium run produced. */
export interface ChromiumRun {
  /** Each script's results, in order. */
  results: ScriptResult[];
  /** The host-side API checks, run after the scripts in the same page. */
  apiChecks: ApiCheckResult[];
}

/**
 * Runs every script in one headless Chromium page, then the host-side API checks.
 * `onScript` is told after each script (for progress output).
 */
export async function runInChromium(
  scripts: CompiledScript[],
  onScript: (result: ScriptResult) => void = () => {},
): Promise<ChromiumRun> {
  const code = await bundle();
  const server = await serve(code, scripts);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'specReady' in globalThis, null, { timeout: 30_000 });
    // Without isolation Chromium still runs shared memories, but a page sharing them with
    // workers would be isolated: test what such a page gets.
    if (!(await page.evaluate(() => globalThis.crossOriginIsolated))) {
      throw new Error('the spec page is not cross-origin isolated (COOP/COEP headers ignored)');
    }
    const results: ScriptResult[] = [];
    for (let i = 0; i < scripts.length; i++) {
      const result = await page.evaluate(async (url) => {
        const run = (globalThis as unknown as Record<string, (u: string) => Promise<ScriptResult>>)
          .runSpecScript;
        return run(url);
      }, `/scripts/${i}.json`);
      results.push(result);
      onScript(result);
    }
    const apiChecks = await page.evaluate(() =>
      (globalThis as unknown as { runApiChecks: () => Promise<ApiCheckResult[]> }).runApiChecks(),
    );
    if (pageErrors.length) console.warn(`page errors:\n${pageErrors.join('\n')}`);
    return { results, apiChecks };
  } finally {
    await browser?.close();
    server.close();
  }
}

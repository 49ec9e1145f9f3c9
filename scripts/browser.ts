/**
 * `npm run browser`: a real Chromium with the built extension, DevTools open on a demo page
 * and the WASM Layer panel shown, for trying the extension by hand. Headed when a `DISPLAY`
 * exists, headless otherwise (then reachable only over the printed DevTools port). Builds
 * first when `dist/chrome` is missing or older than `src/`. Runs until Ctrl+C.
 *
 *   npx tsx scripts/browser.ts [--build]
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildExtension, EXTENSION_DIRS, isBuilt, REPO_ROOT } from '../test/e2e/harness/build.ts';
import { launchChromium } from '../test/e2e/harness/chromium.ts';
import { openInspectedTab } from '../test/e2e/harness/devtools.ts';
import { smallModule } from '../test/e2e/harness/fixtures.ts';
import { testPage } from '../test/e2e/harness/pages.ts';
import { killAllGroups } from '../test/e2e/harness/processes.ts';
import { CONTENT_TYPE, TestServer } from '../test/e2e/harness/server.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  if (process.argv.includes('--build') || !isBuilt(EXTENSION_DIRS.chrome)) return true;
  const builtAt = fs.statSync(path.join(EXTENSION_DIRS.chrome, 'manifest.json')).mtimeMs;
  return newestMtime(path.join(REPO_ROOT, 'src')) > builtAt;
}

/** The demo: two modules, one streamed and instantiated, one compiled on a button press. */
async function serveDemo(server: TestServer): Promise<string> {
  const streamed = await smallModule('wasm-layer demo: streamed');
  const onDemand = await smallModule('wasm-layer demo: compiled on demand');
  server.add('/demo/streamed.wasm', { body: streamed.bytes, contentType: CONTENT_TYPE.wasm });
  server.add('/demo/on-demand.wasm', { body: onDemand.bytes, contentType: CONTENT_TYPE.wasm });
  return server.page(
    '/demo/index.html',
    testPage(
      'WASM Layer demo',
      `const { instance } = await WebAssembly.instantiateStreaming(fetch('/demo/streamed.wasm'));
      window.demo = { instance };
      const button = document.createElement('button');
      button.textContent = 'Compile and instantiate another module';
      button.onclick = async () => {
        const { instance: second } = await WebAssembly.instantiate(await fetchBytes('/demo/on-demand.wasm'));
        window.demo.second = second;
        button.textContent = 'Instantiated (bump: ' + second.exports.bump() + ')';
      };
      document.body.append(button);
      setInterval(() => instance.exports.bump(), 1000); // a global that changes, for live reads
      return instance.exports.add(1, 2);`,
    ),
  );
}

async function main(): Promise<void> {
  if (needsBuild()) console.log(`built the extension in ${buildExtension()} ms`);
  const headless = !process.env.DISPLAY;
  if (headless) {
    console.log(
      'No DISPLAY: starting Chromium headless (run under xvfb-run or with DISPLAY set to see it).',
    );
  }
  const server = new TestServer();
  await server.start();
  const demoPath = await serveDemo(server);
  const browser = await launchChromium({ extensionDir: EXTENSION_DIRS.chrome, headless });
  const stop = async (): Promise<void> => {
    await browser.close();
    await server.stop();
    await killAllGroups();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const tab = await openInspectedTab(browser, EXTENSION_DIRS.chrome);
  await tab.page.navigate(server.origin + demoPath);
  const rows = await tab.panel.waitForModule(
    (await smallModule('wasm-layer demo: streamed')).hash,
    (row) => row.complete,
    30_000,
  );
  console.log(`Demo page: ${server.origin + demoPath}`);
  console.log(`WASM Layer panel shown; demo module listed (${rows.size} bytes, verified).`);
  console.log(`Extension ${browser.extensionId} from ${EXTENSION_DIRS.chrome}.`);
  console.log('Press Ctrl+C to quit.');
  await new Promise<never>(() => undefined);
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await killAllGroups();
  process.exit(1);
});

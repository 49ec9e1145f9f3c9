/**
 * Starts Debian's Chromium with (or without) an unpacked extension and a remote-debugging
 * port, and connects the raw CDP client to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { CdpConnection, listTargets, type TargetInfo } from './cdp.ts';
import { killGroup, spawnGroup, waitFor } from './processes.ts';

/** Where Debian installs Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How to start Chromium. */
export interface ChromiumOptions {
  /** Unpacked extension directory to load; none for a baseline browser. */
  extensionDir?: string;
  /** `--headless=new` (default true). Headed needs a `DISPLAY`. */
  headless?: boolean;
  /** Open DevTools for every tab, as a user with DevTools docked would (default: with extension). */
  openDevTools?: boolean;
  /** First URL (default about:blank). */
  startUrl?: string;
}

/** A running Chromium and the CDP connection to it. */
export interface ChromiumBrowser {
  readonly cdp: CdpConnection;
  /** The extension's id (host of its service worker URL), when one was loaded. */
  readonly extensionId: string | undefined;
  /** Chromium's stderr so far, for failure reports. */
  stderrTail(): string;
  /** Ends the browser's whole process group and removes its profile. */
  close(): Promise<void>;
}

function readDevToolsPort(profile: string): { port: string; path: string } | undefined {
  const file = path.join(profile, 'DevToolsActivePort');
  if (!fs.existsSync(file)) return undefined;
  const [port, wsPath] = fs.readFileSync(file, 'utf8').split('\n');
  return port && wsPath ? { port, path: wsPath } : undefined;
}

/** Launches Chromium and, with an extension, waits until its service worker runs. */
export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm-layer-e2e-chromium-'));
  const extension = options.extensionDir ? path.resolve(options.extensionDir) : undefined;
  const args = [
    ...((options.headless ?? true) ? ['--headless=new'] : []),
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    ...(extension
      ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`]
      : []),
    ...((options.openDevTools ?? !!extension) ? ['--auto-open-devtools-for-tabs'] : []),
    '--window-size=1600,1000',
    // gc() in pages and the panel: lifetime and leak tests make the collector run when they
    // need it instead of hoping it does.
    '--js-flags=--expose-gc',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Background tabs must not be throttled: the suite keeps the inspected tab behind DevTools.
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows',
    options.startUrl ?? 'about:blank',
  ];
  const child: ChildProcess = spawnGroup(CHROMIUM_PATH, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: process.env,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + String(chunk)).slice(-20_000);
  });
  const close = async (): Promise<void> => {
    await killGroup(child);
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  try {
    const endpoint = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`chromium exited: ${stderr.slice(-2000)}`);
        return readDevToolsPort(profile);
      },
      'DevToolsActivePort',
      20_000,
      50,
    );
    const cdp = await CdpConnection.connect(`ws://127.0.0.1:${endpoint.port}${endpoint.path}`);
    let extensionId: string | undefined;
    if (extension) {
      const worker = await waitFor(
        async () => (await listTargets(cdp)).find(isExtensionWorker),
        'the extension service worker',
        20_000,
      );
      extensionId = new URL(worker.url).host;
    }
    return {
      cdp,
      extensionId,
      stderrTail: () => stderr.slice(-3000),
      close: async () => {
        cdp.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function isExtensionWorker(target: TargetInfo): boolean {
  return target.type === 'service_worker' && target.url.startsWith('chrome-extension://');
}

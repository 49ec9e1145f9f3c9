/**
 * Starts Firefox ESR with WebDriver BiDi, installs the built add-on as a temporary add-on
 * (`webExtension.install`), and reaches the real DevTools toolbox's WASM Layer panel: the
 * toolbox is opened from the chrome scope (needs `--remote-allow-system-access`), and a
 * JSWindowActor evaluates inside the panel, which is not a BiDi browsing context.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { BidiConnection } from './bidi.ts';
import { killGroup, spawnGroup } from './processes.ts';

/** Debian's Firefox ESR. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The pinned moz-extension:// host of the add-on in the test profile. */
const ADDON_UUID = '5a4e7c1d-0e2e-4a11-9c3b-00000000e2e0';

/** The panel's title in the toolbox tab strip. */
const PANEL_LABEL = 'WASM Layer';

const PARENT_ACTOR = 'export class WasmLayerE2eParent extends JSWindowActorParent {}\n';
// Runs in the panel's (extension) process: a sandbox with the panel window as prototype sees
// the panel's DOM and `globalThis.wasmLayer` without X-ray wrappers.
const CHILD_ACTOR = `export class WasmLayerE2eChild extends JSWindowActorChild {
  async receiveMessage(message) {
    try {
      const sandbox = Cu.Sandbox(this.contentWindow, { sandboxPrototype: this.contentWindow, wantXrays: false });
      const value = await Cu.evalInSandbox(message.data.code, sandbox);
      return { json: JSON.stringify(value) };
    } catch (error) {
      return { error: String(error && error.stack || error) };
    }
  }
}
`;

/** A running Firefox with the add-on installed and one tab. */
export interface FirefoxSession {
  readonly addonId: string;
  /** Navigates the tab and waits for the load event. */
  navigate(url: string): Promise<void>;
  /** Evaluates in the tab's page (JSON-able result). */
  evaluate<T>(expression: string, timeoutMs?: number): Promise<T>;
  /** Opens the toolbox for the tab and selects the WASM Layer panel (idempotent). */
  showPanel(): Promise<void>;
  /** Evaluates in the WASM Layer panel's window (JSON-able result). */
  evaluateInPanel<T>(expression: string): Promise<T>;
  /** Ends Firefox's process group and removes the profile. */
  close(): Promise<void>;
}

function writeProfile(work: string, addonId: string): { profile: string; actors: string } {
  const profile = path.join(work, 'profile');
  const actors = path.join(work, 'actors');
  fs.mkdirSync(profile);
  fs.mkdirSync(actors);
  const prefs: Record<string, string | boolean> = {
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: ADDON_UUID }),
    'devtools.console.stdout.content': true,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.disabledForTesting': true,
    'browser.startup.homepage_override.mstone': 'ignore',
  };
  const lines = Object.entries(prefs).map(
    ([key, value]) => `user_pref(${JSON.stringify(key)}, ${JSON.stringify(value)});`,
  );
  fs.writeFileSync(path.join(profile, 'user.js'), lines.join('\n') + '\n');
  fs.writeFileSync(path.join(actors, 'WasmLayerE2eParent.sys.mjs'), PARENT_ACTOR);
  fs.writeFileSync(path.join(actors, 'WasmLayerE2eChild.sys.mjs'), CHILD_ACTOR);
  return { profile, actors };
}

async function waitForBanner(child: ChildProcess, output: { text: string }): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output.text = (output.text + String(chunk)).slice(-20_000);
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output.text);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`firefox exited ${code}: ${output.text}`)));
    setTimeout(() => reject(new Error(`no BiDi banner: ${output.text.slice(-2000)}`)), 30_000);
  });
}

/** Launches headless Firefox ESR and installs the add-on in `extensionDir`. */
export async function launchFirefox(extensionDir: string): Promise<FirefoxSession> {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'),
  ) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const addonId = manifest.browser_specific_settings?.gecko?.id;
  if (!addonId) throw new Error(`${extensionDir}/manifest.json has no gecko id`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm-layer-e2e-firefox-'));
  const { profile, actors } = writeProfile(work, addonId);
  const child = spawnGroup(
    FIREFOX_PATH,
    [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--remote-debugging-port',
      '0',
      '--remote-allow-system-access',
      '--width',
      '1400',
      '--height',
      '900',
      'about:blank',
    ],
    // The actor module is loaded from a file by the sandboxed extension process.
    {
      env: { ...process.env, MOZ_DISABLE_CONTENT_SANDBOX: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { text: '' };
  let bidi: BidiConnection | undefined;
  const close = async (): Promise<void> => {
    bidi?.close();
    await killGroup(child);
    fs.rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  try {
    bidi = await BidiConnection.connect((await waitForBanner(child, output)) + '/session');
    const connection = bidi;
    await connection.send('session.new', { capabilities: {} });
    await connection.send('webExtension.install', {
      extensionData: { type: 'path', path: path.resolve(extensionDir) },
    });
    const tree = await connection.send<{ contexts: { context: string }[] }>(
      'browsingContext.getTree',
    );
    const tab = tree.contexts[0]?.context;
    if (!tab) throw new Error('firefox has no tab');
    const chromeWindow = async (): Promise<string> => {
      const chrome = await connection.send<{ contexts: { context: string }[] }>(
        'browsingContext.getTree',
        { 'moz:scope': 'chrome' },
      );
      const context = chrome.contexts[0]?.context;
      if (!context) throw new Error('no chrome window context');
      return context;
    };
    let panelShown = false;
    const session: FirefoxSession = {
      addonId,
      navigate: async (url) => {
        await connection.send('browsingContext.navigate', { context: tab, url, wait: 'complete' });
      },
      evaluate: (expression, timeoutMs) => connection.evaluateJson(tab, expression, timeoutMs),
      showPanel: async () => {
        if (panelShown) return;
        const opened = await connection.evaluateJson<{ error?: string }>(
          await chromeWindow(),
          showPanelScript(actors),
        );
        if (opened.error) throw new Error(opened.error);
        panelShown = true;
      },
      evaluateInPanel: async <T>(expression: string): Promise<T> => {
        const reply = await connection.evaluateJson<{ json?: string; error?: string }>(
          await chromeWindow(),
          evaluateInPanelScript(`(async () => (${expression}))()`),
        );
        if (reply.error) throw new Error(`panel evaluate failed: ${reply.error}`);
        return (reply.json === undefined ? undefined : JSON.parse(reply.json)) as T;
      },
      close,
    };
    return session;
  } catch (error) {
    await close();
    throw new Error(`${(error as Error).message}\nfirefox output: ${output.text.slice(-1500)}`, {
      cause: error,
    });
  }
}

/** Chrome-scope script: open the toolbox, select our panel, register the evaluating actor. */
function showPanelScript(actorsDir: string): string {
  return `(async () => {
    const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');
    const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab);
    let tool;
    for (let i = 0; i < 150 && !(tool = toolbox.getAdditionalTools().find((t) => t.label === ${JSON.stringify(PANEL_LABEL)})); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!tool) return { error: 'no ${PANEL_LABEL} panel; tools: ' + toolbox.getAdditionalTools().map((t) => t.label) };
    await toolbox.selectTool(tool.id);
    const substitutions = Services.io.getProtocolHandler('resource').QueryInterface(Ci.nsIResProtocolHandler);
    const dir = Cc['@mozilla.org/file/local;1'].createInstance(Ci.nsIFile);
    dir.initWithPath(${JSON.stringify(actorsDir)});
    substitutions.setSubstitution('wasmlayere2e', Services.io.newFileURI(dir));
    try {
      ChromeUtils.registerWindowActor('WasmLayerE2e', {
        parent: { esModuleURI: 'resource://wasmlayere2e/WasmLayerE2eParent.sys.mjs' },
        child: { esModuleURI: 'resource://wasmlayere2e/WasmLayerE2eChild.sys.mjs' },
        matches: ['moz-extension://*/*'],
        allFrames: true,
      });
    } catch {
      // Already registered by an earlier showPanel in this browser.
    }
    globalThis.__wasmLayerE2eTool = tool.id;
    return { toolId: tool.id };
  })()`;
}

/** Chrome-scope script: evaluate `code` in the selected panel through the actor. */
function evaluateInPanelScript(code: string): string {
  return `(async () => {
    const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');
    const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab);
    if (!toolbox) return { error: 'no toolbox for the tab' };
    const id = globalThis.__wasmLayerE2eTool;
    let browser;
    for (let i = 0; i < 100; i++) {
      browser = toolbox.doc.getElementById('toolbox-panel-iframe-' + id)?.contentDocument?.querySelector('browser');
      if (browser?.browsingContext?.currentWindowGlobal && browser.currentURI.spec.startsWith('moz-extension://')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!browser) return { error: 'no panel browser' };
    const actor = browser.browsingContext.currentWindowGlobal.getActor('WasmLayerE2e');
    return Promise.race([
      actor.sendQuery('eval', { code: ${JSON.stringify(code)} }),
      new Promise((r) => setTimeout(() => r({ error: 'panel actor timeout' }), 10000)),
    ]);
  })()`;
}

/**
 * Opens an inspected tab in a Chromium started with `--auto-open-devtools-for-tabs`, finds
 * the real DevTools window that opened for it, shows the extension's panel through the
 * DevTools front-end, and attaches to the panel's iframe target.
 */
import fs from 'node:fs';
import path from 'node:path';
import { attach, listTargets, type CdpSession, type TargetInfo } from './cdp.ts';
import type { ChromiumBrowser } from './chromium.ts';
import { waitFor } from './processes.ts';
import { InspectedPage } from './inspected-page.ts';
import { PanelDriver } from './panel-driver.ts';
import { screenshotPanel } from './screenshots.ts';

/** The inspected tab and the extension panel in its DevTools window. */
export interface InspectedTab {
  readonly page: InspectedPage;
  readonly panel: PanelDriver;
  /** The DevTools front-end (devtools://) page itself. */
  readonly devtools: CdpSession;
  /** Closes the tab (its DevTools window goes with it). */
  close(): Promise<void>;
  /** Saves a screenshot of the panel as `test-artifacts/screenshots/<name>.png`. */
  screenshot(name: string): Promise<string>;
  /**
   * Brings the DevTools window to the front, as a user looking at the panel, and waits until
   * the panel is laid out. A DevTools window that opened behind the inspected tab's is hidden:
   * its panel iframe measures 0×0, so nothing in it can take focus and key presses never
   * reach it (clicks and screenshots wait for it; keyboard steps must call this first).
   */
  showDevTools(): Promise<void>;
}

const DEVTOOLS_APP = 'devtools://devtools/bundled/devtools_app.html';
/** The first DevTools window of a browser can take a while on a busy two-core machine. */
const DEVTOOLS_TIMEOUT_MS = 45_000;

function devtoolsPagePath(extensionDir: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'),
  ) as {
    devtools_page?: string;
  };
  if (!manifest.devtools_page)
    throw new Error(`${extensionDir}/manifest.json has no devtools_page`);
  return manifest.devtools_page.replace(/^\//, '');
}

/**
 * Shows the extension's panel: the front-end registers extension panels under the id
 * `chrome-extension://<id>` + panel title, so any tab id with that prefix is ours.
 */
export async function showExtensionPanel(
  devtools: CdpSession,
  extensionId: string,
): Promise<string> {
  const prefix = JSON.stringify(`chrome-extension://${extensionId}`);
  return waitFor(
    () =>
      devtools.evaluate<string | null>(`(async () => {
        const UI = await import('./ui/legacy/legacy.js');
        const inspector = UI.InspectorView.InspectorView.instance();
        const id = inspector.tabbedPane.tabIds().find((tab) => tab.startsWith(${prefix}));
        if (!id) return null;
        await inspector.showPanel(id);
        return id;
      })()`),
    'the extension panel tab in DevTools (devtools.panels.create)',
    DEVTOOLS_TIMEOUT_MS,
    150,
  );
}

/** A tab and the DevTools window that opened for it. */
export interface TabWithDevTools {
  readonly page: InspectedPage;
  /** The DevTools front-end (devtools://) page itself. */
  readonly devtools: CdpSession;
  /** True for targets that did not exist before the tab was created. */
  isNew(target: TargetInfo): boolean;
  /** Closes the tab (its DevTools window goes with it). */
  close(): Promise<void>;
}

/**
 * Opens a new tab on `about:blank` in a browser started with `--auto-open-devtools-for-tabs`
 * and waits for its DevTools window. Only one tab should be opened at a time: the new
 * DevTools targets are told apart from older ones by arrival.
 */
export async function openTabWithDevTools(browser: ChromiumBrowser): Promise<TabWithDevTools> {
  const { cdp } = browser;
  const before = new Set((await listTargets(cdp)).map((target) => target.targetId));
  const isNew = (target: TargetInfo): boolean => !before.has(target.targetId);
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
    url: 'about:blank',
  });
  const pageTarget = (await listTargets(cdp)).find((target) => target.targetId === targetId);
  if (!pageTarget) throw new Error('the new tab vanished');
  const page = new InspectedPage(await attach(cdp, pageTarget));
  const devtoolsTarget = await waitFor(
    async () => (await listTargets(cdp)).find((t) => isNew(t) && t.url.startsWith(DEVTOOLS_APP)),
    'the DevTools window of the new tab',
    DEVTOOLS_TIMEOUT_MS,
  );
  const devtools = await attach(cdp, devtoolsTarget);
  return {
    page,
    devtools,
    isNew,
    close: async () => {
      await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
      await waitFor(
        async () => !(await listTargets(cdp)).some((t) => t.targetId === devtoolsTarget.targetId),
        'the DevTools window to close with its tab',
        10_000,
      ).catch(() => undefined);
    },
  };
}

/**
 * Opens a tab with DevTools (see {@link openTabWithDevTools}), shows the extension panel and
 * waits until the panel rendered its module list and status.
 */
export async function openInspectedTab(
  browser: ChromiumBrowser,
  extensionDir: string,
): Promise<InspectedTab> {
  const { cdp, extensionId } = browser;
  if (!extensionId) throw new Error('openInspectedTab needs a browser with the extension loaded');
  const tab = await openTabWithDevTools(browser);
  const extensionOrigin = `chrome-extension://${extensionId}/`;
  const devtoolsPageUrl = extensionOrigin + devtoolsPagePath(extensionDir);
  await waitFor(
    async () => (await listTargets(cdp)).find((t) => tab.isNew(t) && t.url === devtoolsPageUrl),
    `the extension's devtools page ${devtoolsPageUrl}`,
    DEVTOOLS_TIMEOUT_MS,
  );
  await showExtensionPanel(tab.devtools, extensionId);
  const panelTarget = await waitFor(
    async () =>
      (await listTargets(cdp)).find(
        (t) =>
          tab.isNew(t) &&
          t.type === 'iframe' &&
          t.url.startsWith(extensionOrigin) &&
          t.url !== devtoolsPageUrl,
      ),
    'the panel iframe target',
    DEVTOOLS_TIMEOUT_MS,
  );
  const panel = new PanelDriver(await attach(cdp, panelTarget), () =>
    tab.devtools.send('Page.bringToFront'),
  );
  await panel.waitUntilRendered();
  return {
    page: tab.page,
    panel,
    devtools: tab.devtools,
    close: tab.close,
    screenshot: (name) => screenshotPanel(tab.devtools, name),
    showDevTools: async () => {
      await tab.devtools.send('Page.bringToFront');
      await panel.waitUntil(
        `document.visibilityState === 'visible' && innerWidth > 0`,
        'the panel laid out in a visible DevTools window',
      );
    },
  };
}

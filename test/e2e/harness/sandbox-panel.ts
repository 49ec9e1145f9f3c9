/**
 * Steps the Run-tab e2e tests share: showing the WASM Layer panel in front, opening a sandbox
 * fixture as a user's file, docking DevTools and narrowing the panel.
 */
import { fixtureBytes, type SandboxFixture } from '../../panel/support/sandbox-fixtures.ts';
import type { CdpSession } from './cdp.ts';
import type { ChromiumBrowser } from './chromium.ts';
import { showExtensionPanel, type InspectedTab } from './devtools.ts';
import type { PanelDriver } from './panel-driver.ts';
import { sleep, waitFor } from './processes.ts';

/**
 * Waits for the panel's store, then makes the panel visible: a fresh DevTools window may bring
 * its last panel back after ours was shown, and a window behind another is hidden too.
 */
export async function showPanelInFront(tab: InspectedTab, browser: ChromiumBrowser): Promise<void> {
  await tab.panel.waitUntilRendered();
  await tab.panel.waitUntil<boolean>('!!globalThis.wasmLayerPanel', 'the panel store');
  await waitFor(
    async () => {
      if ((await tab.panel.evaluate<string>('document.visibilityState')) === 'visible') return true;
      await tab.devtools.send('Page.bringToFront');
      await showExtensionPanel(tab.devtools, browser.extensionId as string);
      return false;
    },
    'the WASM Layer panel to be shown',
    30_000,
  );
}

/** Opens a sandbox fixture in the panel as a user's file would be; returns its document id. */
export async function openFixture(panel: PanelDriver, name: SandboxFixture): Promise<string> {
  const base64 = Buffer.from(await fixtureBytes(name)).toString('base64');
  return panel.evaluate<string>(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
    return globalThis.wasmLayerPanel.documents.open(bytes.buffer, '${name}.wasm',
      { kind: 'file', fileName: '${name}.wasm' }).id;
  })()`);
}

/** Docks DevTools at a side (right is the default here, narrow), or undocks it into a roomy window. */
export async function dock(
  devtools: CdpSession,
  side: 'bottom' | 'right' | 'undocked',
): Promise<void> {
  await devtools.evaluate(`(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    UI.DockController.DockController.instance().setDockSide(${JSON.stringify(side)});
  })()`);
  await sleep(300);
  if (side === 'undocked') {
    const { windowId } = await devtools.cdp.send<{ windowId: number }>(
      'Browser.getWindowForTarget',
      { targetId: devtools.targetId },
    );
    await devtools.cdp.send('Browser.setWindowBounds', {
      windowId,
      bounds: { width: 1200, height: 760 },
    });
    await sleep(300);
  }
}

/** Sets the panel iframe's width (a narrower dock than DevTools has), or resets it. */
export async function setPanelWidth(devtools: CdpSession, width: number | null): Promise<void> {
  await devtools.evaluate(`(() => {
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'IFRAME' && /\\/panel\\.html(\\?|$)/.test(el.src)) return el;
        if (el.shadowRoot) { const found = walk(el.shadowRoot); if (found) return found; }
      }
      return null;
    };
    const frame = walk(document);
    if (frame) frame.style.width = ${JSON.stringify(width === null ? '' : `${width}px`)};
  })()`);
  await sleep(300);
}

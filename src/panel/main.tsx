/**
 * The extension panel's entry: builds the store for DevTools, connects it to the inspected
 * tab, and renders the panel. `?tabId=` lets panel.html open as a plain tab for debugging.
 */
import browser from 'webextension-polyfill';
import { render } from 'preact';
import { extensionEnvironment } from './environments.ts';
import { connectCapture, digestInWorker } from './state/capture/connect-capture.ts';
import { createPanelStore, exposeDebugApi } from './state/index.ts';
import { App } from './views/index.ts';

function inspectedTabId(): number | null {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isSafeInteger(fromQuery) && fromQuery > 0) return fromQuery;
  return browser.devtools?.inspectedWindow?.tabId ?? null;
}

const tabId = inspectedTabId();
const root = document.getElementById('app');
if (tabId === null) {
  if (root) root.textContent = 'Open this panel from DevTools, or pass ?tabId=<id>.';
} else {
  const store = createPanelStore(extensionEnvironment(browser.devtools?.panels));
  const capture = store.capture
    ? connectCapture(store.capture, store.documents, tabId, digestInWorker(store.decoder))
    : null;
  if (capture) {
    exposeDebugApi(capture.api);
    addEventListener('unload', () => capture.close());
  }
  globalThis.wasmLayerPanel = store;
  if (root) render(<App store={store} />, root);
}

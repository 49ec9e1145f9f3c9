/**
 * Panel entry: connects the state to the inspected tab and renders the views.
 */
import browser from 'webextension-polyfill';
import { render } from 'preact';
import { startPanelState } from './state/index.ts';
import { App } from './views/index.ts';

/**
 * The inspected tab: DevTools' own, or `?tabId=` when panel.html is opened as a plain tab
 * (handy for debugging and for tests that cannot reach the DevTools window).
 */
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
  startPanelState(tabId);
  if (root) render(<App />, root);
}

/**
 * The devtools page: runs once per DevTools window and creates the "WASM Layer" panel. The
 * panel page itself does the work, and only once its tab is first shown.
 */
import browser from 'webextension-polyfill';

/** The panel's page, from the extension root (the build keeps the source layout). */
export const PANEL_PAGE = '/src/panel/panel.html';

void browser.devtools.panels.create('WASM Layer', '/icons/icon-32.png', PANEL_PAGE);

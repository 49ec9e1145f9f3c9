/**
 * The panel as an ordinary web page (`npm start`): everything but page capture, which needs
 * DevTools. The store is on `globalThis.wasmLayerPanel` for debugging and tests.
 */
import { render } from 'preact';
import { standaloneEnvironment } from './environments.ts';
import { createPanelStore } from './state/index.ts';
import { App } from './views/index.ts';

const store = createPanelStore(standaloneEnvironment());
globalThis.wasmLayerPanel = store;
const root = document.getElementById('app');
if (root) render(<App store={store} />, root);

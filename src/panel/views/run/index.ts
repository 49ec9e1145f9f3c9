/** The Run tab: a module in the panel's sandbox. */
export { RunTab } from './RunTab.tsx';
export { RUN_PANES, leakCount, type RunPane } from './run-panes.tsx';

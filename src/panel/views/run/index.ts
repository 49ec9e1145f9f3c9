/** The Run tab: a module in the panel's sandbox. */
export { RunTab } from './RunTab.tsx';

/** The panel's components. They render state signals and call state actions, nothing else. */
export { App } from './App.tsx';

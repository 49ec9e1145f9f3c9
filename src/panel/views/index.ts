/** The panel's views: `App` renders everything for a store. */
export { App } from './shell/App.tsx';

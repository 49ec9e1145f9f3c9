/**
 * The hook in dedicated workers: the page's `Worker` constructor, wrapped so each new worker
 * runs the hook (bundled from `entry.ts` on its own, see vite.config.ts) before its script,
 * with a fallback for pages whose CSP refuses the blob that needs.
 */
export { workerHookSource } from './hook-source.ts';
export { wrapWorkerConstructor } from './wrap-constructor.ts';

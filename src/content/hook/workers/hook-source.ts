/**
 * The hook bundled for dedicated workers, as JavaScript text. vite.config.ts bundles
 * `entry.ts` first and defines `__WASM_LAYER_WORKER_HOOK__` with the result, so a
 * wrapped Worker can run it before the page's worker script.
 */
declare const __WASM_LAYER_WORKER_HOOK__: string | undefined;

/** The worker hook's source, or an empty string in a build without it (workers uncovered). */
export const workerHookSource: string =
  typeof __WASM_LAYER_WORKER_HOOK__ === 'string' ? __WASM_LAYER_WORKER_HOOK__ : '';

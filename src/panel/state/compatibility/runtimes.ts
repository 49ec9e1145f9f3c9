/**
 * The runtimes the compatibility table answers for, in column order, with the first version
 * of each that ran WebAssembly at all (the MVP, which the feature table does not list).
 */

/** A runtime of the compatibility table. */
export interface CompatRuntime {
  /** Its name in the feature table (`data/wasm-features.json`), also shown to the user. */
  name: string;
  /**
   * The first version that shipped WebAssembly (the MVP), after MDN's browser-compat-data
   * (`javascript.builtins.WebAssembly`): the answer for a module that uses no proposal.
   */
  mvp: string;
}

/** Chrome, Firefox, Safari, Node.js and Deno. */
export const COMPAT_RUNTIMES: readonly CompatRuntime[] = [
  { name: 'Chrome', mvp: '57' },
  { name: 'Firefox', mvp: '52' },
  { name: 'Safari', mvp: '11' },
  { name: 'Node.js', mvp: '8.0' },
  { name: 'Deno', mvp: '1.0' },
];

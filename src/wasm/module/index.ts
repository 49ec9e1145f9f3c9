/**
 * Decoding a module's structure: every section but the function bodies, into `ModuleInfo`,
 * and the on-demand readers of its long lists (exports, element items).
 */
export { decodeElemItems, decodeModule } from './decode-module.ts';
export { decodeExports, exportCount } from './exports.ts';

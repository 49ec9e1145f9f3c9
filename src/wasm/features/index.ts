/**
 * Which proposals a module uses: `scanFeatures` over the module's sections and every body,
 * with the type-level and code-level tallies it is built from.
 */
export { scanFeatures } from './scan-features.ts';
export { tallyCodeFeatures } from './code-features.ts';
export { valTypeFeatures } from './type-features.ts';

/**
 * Feature compatibility: webassembly.org's feature table (a copy in `data/`), the mapping of
 * the decoder's feature names to its keys and to `target_features` names, and which runtime
 * versions run a module.
 */
export {
  FEATURE_TABLE,
  compareVersions,
  parseFeatureTable,
  supportIn,
  type FeatureTable,
  type RawSupport,
  type Support,
  type TableFeature,
  type TableRuntime,
} from './feature-table.ts';
export { FEATURE_KEYS, featuresOfTargetFeature, type FeatureKeys } from './feature-keys.ts';
export { COMPAT_RUNTIMES, type CompatRuntime } from './runtimes.ts';
export {
  featureSupport,
  featureTitle,
  featureUrl,
  moduleCompatibility,
  runtimeVerdict,
  type FeatureNote,
  type RuntimeCompatibility,
  type RuntimeVerdict,
} from './compatibility.ts';

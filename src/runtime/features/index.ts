/**
 * Feature detection: which WebAssembly features the running engine supports, and the message
 * the runtime gives when a module needs features the engine lacks.
 */
import type { Feature } from '../../wasm/index.ts';
import type { EngineProposal } from './proposals.ts';

export { CANARIES } from './canaries.ts';
export {
  ENGINE_PROPOSALS,
  PROPOSAL_CANARIES,
  engineHasProposal,
  type EngineProposal,
} from './proposals.ts';
export { missingFeatures, supportedFeatures } from './supported.ts';

/** Where the message sends readers to compare engines. */
export const FEATURES_URL = 'https://webassembly.org/features/';

/**
 * Formats the reference's "unsupported features" message: a header line, a blank line, one
 * ` - <feature>` line per missing feature (or probed proposal), a blank line, and a pointer to
 * the feature table.
 *
 * @example
 * ```ts
 * unsupportedFeaturesMessage(['gc']).split('\n')[2]; // " - gc"
 * ```
 */
export function unsupportedFeaturesMessage(missing: readonly (Feature | EngineProposal)[]): string {
  return [
    'the module needs WebAssembly feature extensions that this engine does not support:',
    '',
    ...missing.map((f) => ` - ${f}`),
    '',
    `See ${FEATURES_URL} for which engines support which features.`,
  ].join('\n');
}

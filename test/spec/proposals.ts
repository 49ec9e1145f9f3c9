/**
 * The proposal folders of the suite (`proposals/<name>/`): which proposal a script tests, and
 * whether this engine has it, detected by the runtime's feature detection. A script of a
 * proposal the engine lacks is not executed: every command is skipped as "engine lacks <name>",
 * since running it would only measure that the engine refuses what it does not know.
 */
import {
  ENGINE_PROPOSALS,
  engineHasProposal,
  supportedFeatures,
  type EngineProposal,
} from '../../src/runtime/index.ts';
import { FEATURES, type Feature } from '../../src/wasm/index.ts';

/** The proposal folder of a script (`threads` for `proposals/threads/atomic.wast`), if any. */
export function proposalOf(file: string): string | undefined {
  return /^proposals\/([^/]+)\//.exec(file)?.[1];
}

/**
 * Whether the engine has `proposal`: a decoder feature (`threads`, `custom-page-sizes`) by its
 * canary, a proposal the decoder does not know (`wide-arithmetic`, `custom-descriptors`) by the
 * runtime's probes. Undefined for a name neither knows (such a folder runs ungated).
 */
export function engineHasNamedProposal(proposal: string): boolean | undefined {
  if ((FEATURES as readonly string[]).includes(proposal))
    return supportedFeatures().has(proposal as Feature);
  if ((ENGINE_PROPOSALS as readonly string[]).includes(proposal))
    return engineHasProposal(proposal as EngineProposal);
  return undefined;
}

/** The proposal a script needs and the engine lacks, if any. */
export function lackedProposal(file: string): string | undefined {
  const proposal = proposalOf(file);
  return proposal !== undefined && engineHasNamedProposal(proposal) === false
    ? proposal
    : undefined;
}

/**
 * Proposals the engine is probed for beyond the decoder's `FEATURES`: ones the decoder does not
 * report yet (wide arithmetic, custom descriptors) and parts of a proposal the decoder counts
 * under another name (shared globals, which it reports as `threads`). Each has a canary module
 * the engine must compile; the verdict is computed once per process. Wraps no JS API object.
 */
import { SECTION, body, funcType, module, vec, type Bytes } from '../adapters/wasm-writer.ts';

/** A proposal the runtime probes the engine for that is not one of the decoder's features. */
export type EngineProposal = 'shared-everything-threads' | 'wide-arithmetic' | 'custom-descriptors';

/** Every {@link EngineProposal}. */
export const ENGINE_PROPOSALS: readonly EngineProposal[] = [
  'shared-everything-threads',
  'wide-arithmetic',
  'custom-descriptors',
];

const I64_ZERO: Bytes = [0x42, 0];

/**
 * The canary of each proposal: a shared mutable i32 global (global flags 0x03); `i64.add128`
 * (0xfc 19) on four zeros; a rec group of a struct and its descriptor struct (0x4d/0x4c).
 */
export const PROPOSAL_CANARIES: Readonly<Record<EngineProposal, () => Uint8Array<ArrayBuffer>>> = {
  'shared-everything-threads': () => module([[SECTION.global, vec([[0x7f, 0x03, 0x41, 0, 0x0b]])]]),
  'wide-arithmetic': () =>
    module([
      [SECTION.type, vec([funcType([], [])])],
      [SECTION.function, vec([[0]])],
      [
        SECTION.code,
        vec([
          body([], [...I64_ZERO, ...I64_ZERO, ...I64_ZERO, ...I64_ZERO, 0xfc, 0x13, 0x1a, 0x1a]),
        ]),
      ],
    ]),
  'custom-descriptors': () =>
    module([[SECTION.type, vec([[0x4e, 2, 0x4d, 1, 0x5f, 0, 0x4c, 0, 0x5f, 0]])]]),
};

const verdicts = new Map<EngineProposal, boolean>();

function compiles(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    new WebAssembly.Module(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns true when the engine compiles the canary of `proposal` (computed on first use, then
 * cached).
 *
 * @example
 * ```ts
 * engineHasProposal('wide-arithmetic'); // false in Node 20 and Chromium 156
 * ```
 */
export function engineHasProposal(proposal: EngineProposal): boolean {
  let verdict = verdicts.get(proposal);
  if (verdict === undefined) {
    verdict = compiles(PROPOSAL_CANARIES[proposal]());
    verdicts.set(proposal, verdict);
  }
  return verdict;
}

/**
 * Which versions of Chrome, Firefox, Safari, Node.js and Deno run a module, from the proposals
 * it uses: the latest of the versions that introduced each (and of the MVP); "behind a flag"
 * when one of them is only behind a flag; "not supported" when one is missing.
 */
import type { Feature } from '../../../wasm/index.ts';
import { FEATURE_KEYS } from './feature-keys.ts';
import {
  FEATURE_TABLE,
  compareVersions,
  supportIn,
  type FeatureTable,
  type Support,
} from './feature-table.ts';
import { COMPAT_RUNTIMES, type CompatRuntime } from './runtimes.ts';

/** A footnote of the table for one feature. */
export interface FeatureNote {
  feature: Feature;
  note: string;
}

/** What a runtime does with a whole module. */
export type RuntimeVerdict =
  | {
      kind: 'version';
      /** The first version that runs the module. */
      version: string;
      /** The features that need exactly that version (empty: the MVP itself is the limit). */
      limitedBy: Feature[];
      /** Features the table marks supported without a version: the answer may be later. */
      unrecorded: Feature[];
      notes: FeatureNote[];
    }
  | {
      kind: 'flag';
      /** The features only available behind a flag. */
      features: Feature[];
      notes: FeatureNote[];
    }
  | {
      kind: 'unsupported';
      /** The features the runtime does not support. */
      features: Feature[];
      notes: FeatureNote[];
    };

/** One runtime's answer, with the cell of each feature it was computed from. */
export interface RuntimeCompatibility {
  runtime: CompatRuntime;
  verdict: RuntimeVerdict;
  cells: { feature: Feature; support: Support }[];
}

/** What `runtime` does with decoder feature `feature`. */
export function featureSupport(
  runtime: string,
  feature: Feature,
  table: FeatureTable = FEATURE_TABLE,
): Support {
  return supportIn(runtime, FEATURE_KEYS[feature].table, table);
}

function notesOf(cells: RuntimeCompatibility['cells'], kinds: Support['kind'][]): FeatureNote[] {
  return cells.flatMap(({ feature, support }) =>
    support.note !== null && kinds.includes(support.kind) ? [{ feature, note: support.note }] : [],
  );
}

/** The verdict of one runtime on a module using `used`. */
export function runtimeVerdict(
  runtime: CompatRuntime,
  used: readonly Feature[],
  table: FeatureTable = FEATURE_TABLE,
): RuntimeCompatibility {
  const cells = used.map((feature) => ({
    feature,
    support: featureSupport(runtime.name, feature, table),
  }));
  const missing = cells.filter((cell) => cell.support.kind === 'no').map((cell) => cell.feature);
  if (missing.length > 0) {
    return {
      runtime,
      cells,
      verdict: { kind: 'unsupported', features: missing, notes: notesOf(cells, ['no']) },
    };
  }
  const flagged = cells.filter((cell) => cell.support.kind === 'flag').map((cell) => cell.feature);
  if (flagged.length > 0) {
    return {
      runtime,
      cells,
      verdict: { kind: 'flag', features: flagged, notes: notesOf(cells, ['flag']) },
    };
  }
  let version = runtime.mvp;
  let limitedBy: Feature[] = [];
  for (const { feature, support } of cells) {
    if (support.kind !== 'version') continue;
    const order = compareVersions(support.version, version);
    if (order > 0) {
      version = support.version;
      limitedBy = [feature];
    } else if (order === 0 && limitedBy.length > 0) {
      limitedBy.push(feature);
    }
  }
  return {
    runtime,
    cells,
    verdict: {
      kind: 'version',
      version,
      limitedBy,
      unrecorded: cells.filter((cell) => cell.support.kind === 'yes').map((cell) => cell.feature),
      notes: notesOf(cells, ['version', 'yes']),
    },
  };
}

/**
 * The compatibility table of a module that uses `used`: one answer per runtime of
 * {@link COMPAT_RUNTIMES}, in order.
 *
 * @example
 * ```ts
 * const [chrome] = moduleCompatibility(['bulk-memory', 'simd']);
 * chrome.verdict; // { kind: 'version', version: '91', limitedBy: ['simd'], … }
 * ```
 */
export function moduleCompatibility(
  used: readonly Feature[],
  runtimes: readonly CompatRuntime[] = COMPAT_RUNTIMES,
  table: FeatureTable = FEATURE_TABLE,
): RuntimeCompatibility[] {
  return runtimes.map((runtime) => runtimeVerdict(runtime, used, table));
}

/** The table's name for a feature (`Fixed-width SIMD`), or the decoder's name if it has none. */
export function featureTitle(feature: Feature, table: FeatureTable = FEATURE_TABLE): string {
  return table.features[FEATURE_KEYS[feature].table]?.description ?? feature;
}

/** The proposal's page, from the table. */
export function featureUrl(feature: Feature, table: FeatureTable = FEATURE_TABLE): string | null {
  return table.features[FEATURE_KEYS[feature].table]?.url ?? null;
}

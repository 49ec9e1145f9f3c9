/**
 * webassembly.org's feature table (a verbatim copy in `data/`), read into typed cells: for each
 * runtime and proposal, a version, a flag, "not supported" or "not applicable", with its note.
 */
import tableJson from './data/wasm-features.json';

/** A cell of the table as written in the JSON. */
export type RawSupport = string | boolean | null | [string | boolean | null, string];

/** One proposal of the table. */
export interface TableFeature {
  description: string;
  url: string;
  phase: number | string;
}

/** One runtime of the table. */
export interface TableRuntime {
  url: string;
  category: string;
  features: Record<string, RawSupport>;
}

/** The whole table. */
export interface FeatureTable {
  /** Where it came from (repository and commit). */
  source: string;
  features: Record<string, TableFeature>;
  runtimes: Record<string, TableRuntime>;
}

/** What one runtime does with one proposal. */
export type Support =
  /** Supported since `version`. */
  | { kind: 'version'; version: string; note: string | null }
  /** Supported; the table does not record since when. */
  | { kind: 'yes'; note: string | null }
  /** Only behind a flag (the note usually names it). */
  | { kind: 'flag'; note: string | null }
  /** Not supported (or not listed for this runtime). */
  | { kind: 'no'; note: string | null }
  /** Does not apply to this runtime (a text-format or JS-API proposal in a standalone engine). */
  | { kind: 'n/a'; note: string | null };

function isRawSupport(value: unknown): value is RawSupport {
  const plain = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean';
  if (Array.isArray(value))
    return value.length === 2 && plain(value[0]) && typeof value[1] === 'string';
  return plain(value);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks that `json` has the table's shape and returns it typed; throws a `TypeError` naming
 * the first entry that does not fit (so a bad update of the copy fails its test, not the panel).
 */
export function parseFeatureTable(json: unknown): FeatureTable {
  if (!isObject(json) || typeof json.source !== 'string')
    throw new TypeError('feature table: no "source"');
  if (!isObject(json.features) || !isObject(json.runtimes))
    throw new TypeError('feature table: no "features" or "runtimes"');
  for (const [key, feature] of Object.entries(json.features)) {
    if (!isObject(feature) || typeof feature.description !== 'string')
      throw new TypeError(`feature table: feature ${key} has no description`);
  }
  for (const [name, runtime] of Object.entries(json.runtimes)) {
    if (!isObject(runtime) || !isObject(runtime.features))
      throw new TypeError(`feature table: runtime ${name} has no features`);
    for (const [key, cell] of Object.entries(runtime.features)) {
      if (!isRawSupport(cell))
        throw new TypeError(`feature table: ${name} / ${key} is not a support value`);
    }
  }
  return json as unknown as FeatureTable;
}

/** The table the panel uses. */
export const FEATURE_TABLE: FeatureTable = parseFeatureTable(tableJson);

/**
 * What `runtime` does with the table's proposal `key`, read as the website reads a cell.
 *
 * @example
 * ```ts
 * supportIn('Chrome', 'simd'); // { kind: 'version', version: '91', note: null }
 * supportIn('Safari', 'memory64'); // { kind: 'no', note: null } (no entry)
 * ```
 */
export function supportIn(runtime: string, key: string, table = FEATURE_TABLE): Support {
  const cell = table.runtimes[runtime]?.features[key];
  if (cell === undefined) return { kind: 'no', note: null };
  const [value, note] = Array.isArray(cell) ? cell : [cell, null];
  if (value === 'flag') return { kind: 'flag', note };
  if (typeof value === 'string') return { kind: 'version', version: value, note };
  if (value === true) return { kind: 'yes', note };
  if (value === null) return { kind: 'n/a', note };
  return { kind: 'no', note };
}

/**
 * Orders two dotted version numbers (`"16.4"` < `"18"` < `"18.2"`): negative, zero or
 * positive. Missing parts count as 0, so `"12"` equals `"12.0"`.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

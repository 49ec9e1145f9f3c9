/** Section ids, their names, and the order the binary format requires of them. */

/** Known section kinds by id. */
export const SECTION_KINDS: readonly string[] = [
  'custom',
  'type',
  'import',
  'function',
  'table',
  'memory',
  'global',
  'export',
  'start',
  'elem',
  'code',
  'data',
  'datacount',
  'tag',
];

/**
 * Position of each non-custom section in the required order. The ids are not in order:
 * data count (12) comes between element (9) and code (10), tag (13) between memory (5) and
 * global (6).
 */
const SECTION_RANK: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

/** The order rank of a non-custom section id, or undefined for an unknown id. */
export function sectionRank(id: number): number | undefined {
  return id > 0 && id < SECTION_RANK.length ? SECTION_RANK[id] : undefined;
}

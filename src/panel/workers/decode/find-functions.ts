/**
 * "Go to function": fuzzy matching of function names (name section, export or import name) as
 * DevTools' and editors' quick-open do: the query's characters in order, scored higher for
 * consecutive runs, word starts and an early start. A number goes straight to that index.
 */
import type { FunctionMatch } from '../../../protocol/decode/index.ts';
import { definedFunctionCount, type ModuleInfo } from '../../../wasm/index.ts';
import type { OpenModule } from './documents.ts';
import { entityName } from './lists.ts';

function isWordStart(name: string, i: number): boolean {
  if (i === 0) return true;
  const before = name[i - 1];
  const here = name[i];
  return (
    /[^a-zA-Z0-9]/.test(before) || (before === before.toLowerCase() && here !== here.toLowerCase())
  );
}

/**
 * Scores `name` against `query` (lowercase), or returns null when the query's characters do
 * not all appear in order. Greedy, with a bonus per consecutive character and word start.
 */
export function fuzzyScore(
  name: string,
  query: string,
): { score: number; positions: number[] } | null {
  const lower = name.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of query) {
    const at = lower.indexOf(ch, from);
    if (at < 0) return null;
    positions.push(at);
    score += 1;
    if (at === previous + 1) score += 4;
    if (isWordStart(name, at)) score += 3;
    previous = at;
    from = at + 1;
  }
  score -= positions[0] * 0.1 + name.length * 0.01;
  if (lower === query) score += 100;
  else if (lower.startsWith(query)) score += 20;
  return { score, positions };
}

/** The best `limit` functions of `doc` for `query`, best first. */
export function findFunctions(
  doc: OpenModule,
  info: ModuleInfo,
  query: string,
  limit: number,
): FunctionMatch[] {
  const total = info.importedFuncs + definedFunctionCount(info);
  const trimmed = query.trim();
  const matches: FunctionMatch[] = [];
  const byIndex = /^#?(\d+)$/.exec(trimmed);
  if (byIndex && Number(byIndex[1]) < total) {
    const index = Number(byIndex[1]);
    matches.push({
      index,
      name: entityName(doc, info, 'func', index),
      score: Infinity,
      positions: [],
    });
  }
  const needle = trimmed.toLowerCase();
  if (needle === '') {
    for (let i = 0; i < Math.min(total, limit); i++) {
      matches.push({ index: i, name: entityName(doc, info, 'func', i), score: 0, positions: [] });
    }
    return matches;
  }
  let worst = -Infinity;
  for (let i = 0; i < total; i++) {
    const name = entityName(doc, info, 'func', i);
    const scored = fuzzyScore(name, needle);
    if (!scored || (matches.length >= limit && scored.score <= worst)) continue;
    matches.push({ index: i, name, ...scored });
    if (matches.length > limit * 4) {
      matches.sort((a, b) => b.score - a.score);
      matches.length = limit;
      worst = matches[limit - 1].score;
    }
  }
  matches.sort((a, b) => b.score - a.score || a.index - b.index);
  return matches.slice(0, limit);
}

/**
 * Tallies script results into the summary table, and compares a run with the stored
 * baseline (`baseline.json`): per environment and file, the number of passed assertions and
 * the ids (`file:line`) of the assertions known to fail.
 */
import type { ScriptResult } from './interpreter.ts';

/** Where a run happened; each has its own baseline section. */
export type Environment = 'node' | 'chromium';

/** One file's baseline entry. */
export interface FileBaseline {
  passed: number;
  failing: string[];
}

/** The whole baseline file. */
export type Baseline = Partial<Record<Environment, Record<string, FileBaseline>>>;

/** Totals of one folder of the suite. */
export interface FolderSummary {
  files: number;
  assertions: number;
  passed: number;
  failed: number;
  /** Skips by reason. */
  skipped: Map<string, number>;
}

/** Totals of one run. */
export interface Summary {
  files: number;
  assertions: number;
  executed: number;
  passed: number;
  failed: number;
  skipped: Map<string, number>;
  /**
   * Totals per folder, in the suite's order: `core` (the top-level scripts), `legacy`, then
   * each `proposals/<name>`.
   */
  folders: Map<string, FolderSummary>;
}

/** The report's folder of a script: `core`, `legacy` or `proposals/<name>`. */
export function folderOf(file: string): string {
  const proposal = /^proposals\/[^/]+\//.exec(file);
  if (proposal) return proposal[0].slice(0, -1);
  return file.startsWith('legacy/') ? 'legacy' : 'core';
}

/** Adds up the results of every script. */
export function summarize(scripts: ScriptResult[]): Summary {
  const summary: Summary = {
    files: scripts.length,
    assertions: 0,
    executed: 0,
    passed: 0,
    failed: 0,
    skipped: new Map(),
    folders: new Map(),
  };
  for (const script of scripts) {
    const key = folderOf(script.file);
    let folder = summary.folders.get(key);
    if (folder === undefined) {
      folder = { files: 0, assertions: 0, passed: 0, failed: 0, skipped: new Map() };
      summary.folders.set(key, folder);
    }
    folder.files++;
    for (const result of script.results) {
      summary.assertions++;
      folder.assertions++;
      if (result.status === 'skipped') {
        const reason = result.reason ?? 'unknown';
        summary.skipped.set(reason, (summary.skipped.get(reason) ?? 0) + 1);
        folder.skipped.set(reason, (folder.skipped.get(reason) ?? 0) + 1);
        continue;
      }
      summary.executed++;
      if (result.status === 'passed') {
        summary.passed++;
        folder.passed++;
      } else {
        summary.failed++;
        folder.failed++;
      }
    }
  }
  return summary;
}

/** The pass rate among executed assertions, in percent. */
export function passRate(summary: Summary): number {
  return summary.executed === 0 ? 100 : (100 * summary.passed) / summary.executed;
}

/** The summary as an aligned text table. */
export function formatSummary(environment: Environment, summary: Summary): string {
  const rows: [string, string][] = [
    ['environment', environment],
    ['files', String(summary.files)],
    ['assertions', String(summary.assertions)],
    ['executed', String(summary.executed)],
    ['passed', `${summary.passed} (${passRate(summary).toFixed(2)}% of executed)`],
    ['failed', String(summary.failed)],
  ];
  const skipped = [...summary.skipped].sort((a, b) => b[1] - a[1]);
  rows.push(['skipped', String(skipped.reduce((sum, [, count]) => sum + count, 0))]);
  for (const [reason, count] of skipped) rows.push([`  ${reason}`, String(count)]);
  // One line per folder, so a proposal's result reads on its own.
  rows.push(['by folder', '']);
  for (const [key, folder] of summary.folders) rows.push([`  ${key}`, describeFolder(folder)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

function describeFolder(folder: FolderSummary): string {
  const executed = folder.passed + folder.failed;
  const rate = executed === 0 ? '' : ` (${((100 * folder.passed) / executed).toFixed(2)}%)`;
  const skips = [...folder.skipped].sort((a, b) => b[1] - a[1]);
  const skipped = skips.reduce((sum, [, count]) => sum + count, 0);
  const reasons = skips.map(([reason, count]) => `${count} ${reason}`).join('; ');
  return `${folder.files} files, ${folder.assertions} assertions: ${folder.passed} passed${rate}, ${folder.failed} failed, ${skipped} skipped${reasons ? ` (${reasons})` : ''}`;
}

/** The `file:line` ids of a script's failed assertions. */
export function failingIds(script: ScriptResult): string[] {
  return script.results
    .filter((result) => result.status === 'failed')
    .map((result) => `${script.file}:${result.line}`);
}

/** The baseline section an environment's run would write. */
export function baselineOf(scripts: ScriptResult[]): Record<string, FileBaseline> {
  const section: Record<string, FileBaseline> = {};
  for (const script of [...scripts].sort((a, b) => a.file.localeCompare(b.file))) {
    const passed = script.results.filter((result) => result.status === 'passed').length;
    section[script.file] = { passed, failing: failingIds(script) };
  }
  return section;
}

/**
 * What got worse than the baseline: a file passing fewer assertions, or an assertion failing
 * that the baseline does not list. Files absent from the baseline must pass everything.
 */
export function regressions(scripts: ScriptResult[], section: Record<string, FileBaseline> = {}) {
  const problems: string[] = [];
  for (const script of scripts) {
    const known = section[script.file] ?? { passed: 0, failing: [] };
    const passed = script.results.filter((result) => result.status === 'passed').length;
    if (passed < known.passed) {
      problems.push(`${script.file}: ${passed} passed, baseline ${known.passed}`);
    }
    const allowed = new Set(known.failing);
    for (const id of failingIds(script)) {
      if (!allowed.has(id)) problems.push(`${id}: fails and is not in the baseline`);
    }
  }
  return problems;
}

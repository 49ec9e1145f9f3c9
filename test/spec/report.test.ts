import { describe, expect, it } from 'vitest';
import type { ScriptResult } from './interpreter.ts';
import { baselineOf, formatSummary, regressions, summarize } from './report.ts';

const run: ScriptResult[] = [
  {
    file: 'a.wast',
    results: [
      { line: 1, kind: 'module', status: 'passed' },
      { line: 2, kind: 'assert_return', status: 'failed', message: 'got 1' },
      { line: 3, kind: 'assert_return', status: 'skipped', reason: 'engine lacks gc' },
    ],
  },
];

describe('spec report', () => {
  it('counts executed, passed, failed and skips by reason', () => {
    const summary = summarize(run);
    expect(summary).toMatchObject({ files: 1, assertions: 3, executed: 2, passed: 1, failed: 1 });
    expect([...summary.skipped]).toEqual([['engine lacks gc', 1]]);
    expect(formatSummary('node', summary)).toContain('engine lacks gc');
  });

  it('has one line per folder: core, legacy, each proposal', () => {
    const folders: ScriptResult[] = [
      ...run,
      { file: 'legacy/throw.wast', results: [{ line: 1, kind: 'module', status: 'passed' }] },
      {
        file: 'proposals/threads/atomic.wast',
        results: [
          { line: 1, kind: 'module', status: 'passed' },
          { line: 2, kind: 'assert_return', status: 'skipped', reason: 'engine lacks threads' },
        ],
      },
    ];
    const summary = summarize(folders);
    expect([...summary.folders.keys()]).toEqual(['core', 'legacy', 'proposals/threads']);
    const lines = formatSummary('node', summary).split('\n');
    expect(lines.find((line) => line.startsWith('  proposals/threads'))).toMatch(
      / {2}1 files, 2 assertions: 1 passed \(100\.00%\), 0 failed, 1 skipped \(1 engine lacks threads\)$/,
    );
    expect(lines.find((line) => line.startsWith('  core'))).toMatch(
      /1 files, 3 assertions: 1 passed \(50\.00%\), 1 failed, 1 skipped \(1 engine lacks gc\)$/,
    );
  });

  it('accepts a run equal to its own baseline', () => {
    expect(regressions(run, baselineOf(run))).toEqual([]);
  });

  it('flags fewer passes and unlisted failures', () => {
    expect(regressions(run, { 'a.wast': { passed: 2, failing: ['a.wast:2'] } })).toEqual([
      'a.wast: 1 passed, baseline 2',
    ]);
    expect(regressions(run, { 'a.wast': { passed: 1, failing: [] } })).toEqual([
      'a.wast:2: fails and is not in the baseline',
    ]);
    expect(regressions(run, {})).toHaveLength(1);
  });
});

// The lint rule against import cycles, run through ESLint's API on small module graphs, so a
// configuration that silently sees no cycle (the plugin reads only .js files unless told
// otherwise) fails here rather than passing `npm run lint` for ever.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONFIG = resolve(import.meta.dirname, '../../eslint.config.js');

let root: string;

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

async function cycleReports(): Promise<Record<string, string[]>> {
  const eslint = new ESLint({ cwd: root, overrideConfigFile: CONFIG });
  const out: Record<string, string[]> = {};
  for (const result of await eslint.lintFiles(['src'])) {
    const name = result.filePath.slice(root.length + 1);
    out[name] = result.messages
      .filter((m) => m.ruleId === 'import-x/no-cycle')
      .map((m) => m.message);
  }
  return out;
}

describe('import cycles in src/', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    write({
      // A run-time cycle of three modules, one of them in another folder.
      'src/ring/a.ts': "import { b } from './b.ts';\nexport const a = (): number => b() + 1;\n",
      'src/ring/b.ts': "import { c } from '../other/c.ts';\nexport const b = (): number => c();\n",
      'src/other/c.ts': "import { a } from '../ring/a.ts';\nexport const c = (): number => a();\n",
      // Cycles closed only by type imports, in both spellings: no run-time cycle.
      'src/typed/d.ts': "import type { E } from './e.ts';\nexport const d = (x: E): E => x;\n",
      'src/typed/e.ts':
        "import { d } from './d.ts';\nexport type E = number;\nexport const e = d;\n",
      'src/typed/f.ts': "import { type G } from './g.ts';\nexport const f = (x: G): G => x;\n",
      'src/typed/g.ts':
        "import { f } from './f.ts';\nexport type G = string;\nexport const g = f;\n",
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('fails on every module of a run-time cycle, across folders, and on no type-only one', async () => {
    const reports = await cycleReports();
    for (const file of ['src/ring/a.ts', 'src/ring/b.ts', 'src/other/c.ts']) {
      expect(reports[file], file).toHaveLength(1);
      expect(reports[file][0]).toMatch(/^Dependency cycle/);
    }
    for (const file of ['src/typed/d.ts', 'src/typed/e.ts', 'src/typed/f.ts', 'src/typed/g.ts'])
      expect(reports[file], file).toEqual([]);
  });
});

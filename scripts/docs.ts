/**
 * `npm run docs`: API documentation of the two library entries with TypeDoc, into docs/api
 * (git-ignored). Fails, as CI does, on any TypeDoc warning: an export without TSDoc
 * (`validation.notDocumented`, `treatWarningsAsErrors` in typedoc.json), a broken `{@link}`, or
 * a public signature naming a type the entries do not export.
 *
 * First it refuses TSDoc comments (`/** … *\/`) on re-exports in the entry files. TypeDoc gives
 * such a comment to every symbol of the `export { … } from` it stands on: it replaces the
 * functions' own TSDoc in the output, and it counts as documentation for an undocumented type,
 * so the check above would pass on a type nobody documented. Group re-exports with `//`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(readFileSync(path.join(root, 'typedoc.json'), 'utf8')) as {
  entryPoints: string[];
};

/** `file:line: …` for each TSDoc comment that stands on a re-export of `file`. */
function commentedReExports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined) continue;
    for (const range of ts.getLeadingCommentRanges(text, statement.pos) ?? []) {
      const comment = text.slice(range.pos, range.end);
      if (!comment.startsWith('/**') || /@packageDocumentation|@module/.test(comment)) continue;
      const line = source.getLineAndCharacterOfPosition(range.pos).line + 1;
      problems.push(
        `${file}:${line}: a TSDoc comment on a re-export stands in for the exported symbols' ` +
          `own TSDoc in TypeDoc; write it with // (document the declarations themselves)`,
      );
    }
  }
  return problems;
}

const problems = config.entryPoints.flatMap(commentedReExports);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const typedoc = spawnSync(process.execPath, [path.join(root, 'node_modules/typedoc/bin/typedoc')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(typedoc.status ?? 1);

/**
 * Locating and compiling the spec test suite that lives beside the checkout
 * (`../shared/wasm-testsuite`): the core scripts, `legacy/`, and each folder of `proposals/`
 * (whose scripts run only where the engine has the proposal, see `proposalOf`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SUITE_DIR } from '../support/testsuite.ts';
import type { CompiledScript } from './commands.ts';
import { compileScriptFile } from './compile-script.ts';

export { REPO_ROOT, SUITE_DIR, suiteAvailable } from '../support/testsuite.ts';

/**
 * The suite's script names relative to its root (`i32.wast`, `legacy/throw.wast`,
 * `proposals/threads/atomic.wast`), keeping those that contain any of `filters` (all when
 * there are none).
 */
export function listScripts(filters: string[] = []): string[] {
  const wast = (dir: string) =>
    existsSync(join(SUITE_DIR, dir))
      ? readdirSync(join(SUITE_DIR, dir))
          .filter((name) => name.endsWith('.wast'))
          .sort()
          .map((name) => (dir ? `${dir}/${name}` : name))
      : [];
  const proposals = existsSync(join(SUITE_DIR, 'proposals'))
    ? readdirSync(join(SUITE_DIR, 'proposals'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const all = [
    ...wast(''),
    ...wast('legacy'),
    ...proposals.flatMap((name) => wast(`proposals/${name}`)),
  ];
  return filters.length ? all.filter((file) => filters.some((f) => file.includes(f))) : all;
}

/** Compiles the named scripts (from the cache where possible). */
export async function compileScripts(files: string[]): Promise<CompiledScript[]> {
  const compiled: CompiledScript[] = [];
  for (const file of files) compiled.push(await compileScriptFile(join(SUITE_DIR, file), file));
  return compiled;
}

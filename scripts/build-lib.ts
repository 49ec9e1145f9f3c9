/**
 * `npm run build:lib`: compiles the two library entries, `src/runtime/index.ts` and
 * `src/wasm/index.ts`, with everything they import, to ES modules and `.d.ts` files in `lib/`
 * (what `package.json`'s `exports` point at, and what `npm pack` ships).
 *
 * `tsconfig.lib.json` compiles against the WebWorker library and no `@types` at all, so a use of
 * the DOM (`document`, `window`) or of an extension API (`chrome`, `browser`) fails the build.
 * This script then checks that the compiled graph stayed inside `runtime/` and `wasm/`: an
 * import of `protocol/`, `panel/` or another extension context would drag extension code into
 * a page that only wants the layer.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'lib');

/** The folders of `src/` the library entries may reach. */
const LIBRARY_FOLDERS = ['runtime', 'wasm'];

rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json'],
  { cwd: root, stdio: 'inherit' },
);

const strays = readdirSync(out).filter((name) => !LIBRARY_FOLDERS.includes(name));
if (strays.length > 0) {
  console.error(
    `build:lib: the library entries import code outside ${LIBRARY_FOLDERS.join(' and ')}: ` +
      `lib/${strays.join(', lib/')}`,
  );
  process.exit(1);
}
const files = readdirSync(out, { recursive: true }).filter((name) => String(name).endsWith('.js'));
console.log(`build:lib: ${files.length} modules in lib/runtime and lib/wasm`);

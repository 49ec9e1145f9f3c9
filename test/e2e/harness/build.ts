/**
 * Makes sure `dist/chrome` and `dist/firefox` exist: runs `npm run build` unless told not to,
 * and fails with the build's own output when it breaks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root (this file is test/e2e/harness/build.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** The built extensions, overridable for developing the harness against another build. */
export const EXTENSION_DIRS = {
  chrome: path.resolve(process.env.E2E_CHROME_EXTENSION ?? path.join(REPO_ROOT, 'dist/chrome')),
  firefox: path.resolve(process.env.E2E_FIREFOX_EXTENSION ?? path.join(REPO_ROOT, 'dist/firefox')),
} as const;

/** The standalone page (`npm start`), built by {@link buildStandalone}. */
export const STANDALONE_DIR = path.join(REPO_ROOT, 'dist/standalone');

/** True when `dir` holds a manifest. */
export function isBuilt(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'manifest.json'));
}

/**
 * Builds the extension with `npm run build` (output shown only on failure) and checks that
 * both browser folders have a manifest. Returns the build's duration in milliseconds.
 */
export function buildExtension(): number {
  const started = Date.now();
  const build = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (build.status !== 0) {
    throw new Error(
      `npm run build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`,
    );
  }
  for (const dir of Object.values(EXTENSION_DIRS)) {
    if (!isBuilt(dir)) throw new Error(`npm run build did not write ${dir}/manifest.json`);
  }
  return Date.now() - started;
}

/**
 * Builds the standalone page (`npm start`'s) into dist/standalone with
 * `vite.standalone.config.ts`. Returns the build's duration in milliseconds.
 */
export function buildStandalone(): number {
  const started = Date.now();
  const build = spawnSync(
    path.join(REPO_ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'vite.standalone.config.ts', '--logLevel', 'warn'],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (build.status !== 0 || !fs.existsSync(path.join(STANDALONE_DIR, 'standalone.html'))) {
    throw new Error(
      `the standalone build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`,
    );
  }
  return Date.now() - started;
}

/**
 * `npm start`: builds the panel as an ordinary web page and serves it on localhost, with the
 * gallery, the WAT editor and file loading (page capture needs DevTools, so it is hidden).
 *
 *   npm start                 build, serve on http://127.0.0.1:5180 (or the next free port)
 *   npm start -- --port=8080  another port
 *   npm start -- --no-build   serve the last build
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const configFile = path.join(root, 'vite.standalone.config.ts');
const outDir = path.join(root, 'dist', 'standalone');

const args = process.argv.slice(2);
const portArg = args.find((arg) => arg.startsWith('--port='));
const port = portArg ? Number(portArg.slice(7)) : 5180;

if (!args.includes('--no-build') || !existsSync(path.join(outDir, 'standalone.html'))) {
  const started = Date.now();
  await build({ configFile, root: path.join(root, 'src/panel'), logLevel: 'warn' });
  console.log(`built the panel page in ${Date.now() - started} ms`);
}

const server = await preview({
  configFile,
  root: path.join(root, 'src/panel'),
  preview: { host: '127.0.0.1', port, strictPort: false, open: false },
  logLevel: 'warn',
});
const address = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`WASM Layer panel: ${new URL('standalone.html', address).href}`);
console.log('Press Ctrl+C to stop.');

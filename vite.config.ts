/**
 * Builds the Chrome MV3 extension into dist/chrome with @crxjs/vite-plugin. scripts/build.ts
 * runs this and derives dist/firefox from the result.
 *
 * The two content scripts are built as standalone IIFEs: the page hook must run synchronously
 * at document_start (crxjs's default loader imports the script asynchronously, too late to
 * wrap WebAssembly before the page's own scripts), and the MAIN world has no extension URL to
 * import from anyway. The hook for dedicated workers is bundled first and embedded into the
 * page hook as text through `define` (crxjs's IIFE builds keep `define` but not plugins).
 */
import { crx } from '@crxjs/vite-plugin';
import { build, defineConfig, type Rolldown } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

const WORKER_HOOK_ENTRY = 'src/content/hook/workers/entry.ts';

/** wabt.js requires "fs" only in its Node branch: the browser stub Vite puts there is right. */
const quietWabtFs: NonNullable<Rolldown.InputOptions['onLog']> = (level, log, handler) => {
  if (!/Module "fs" has been externalized/.test(log.message)) handler(level, log);
};

/** Bundles the worker hook to one self-contained script. */
async function bundleWorkerHook(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: WORKER_HOOK_ENTRY, formats: ['iife'], name: 'wasmLayerWorkerHook' },
    },
  });
  for (const result of Array.isArray(output) ? output : [output]) {
    if (!('output' in result)) continue;
    const chunk = result.output.find((item) => item.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('the worker hook bundle produced no code');
}

export default defineConfig(async () => ({
  plugins: [
    crx({
      manifest,
      contentScripts: {
        standaloneFiles: ['src/content/hook/index.ts', 'src/content/relay/index.ts'],
      },
    }),
  ],
  define: {
    __WASM_LAYER_WORKER_HOOK__: JSON.stringify(await bundleWorkerHook()),
  },
  // The panel's workers are ES modules (they import the decoder and the runtime).
  worker: { format: 'es' as const },
  build: {
    outDir: 'dist/chrome',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      input: { panel: 'src/panel/panel.html', bridge: 'src/content/bridge/bridge.html' },
      onLog: quietWabtFs,
    },
  },
}));

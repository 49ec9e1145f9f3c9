/**
 * Builds the panel as an ordinary web page (`npm start`, and the e2e check of that page) into
 * dist/standalone: the same views and workers as the extension's panel, without capture; and
 * the Memory lab (`memory-lab.html`), a page for trying and measuring the Memory view.
 */
import { defineConfig, type Rolldown } from 'vite';
import { watBytes } from './scripts/vite-wat-bytes.ts';

/** wabt.js requires "fs" only in its Node branch: the browser stub Vite puts there is right. */
const quietWabtFs: NonNullable<Rolldown.InputOptions['onLog']> = (level, log, handler) => {
  if (!/Module "fs" has been externalized/.test(log.message)) handler(level, log);
};

export default defineConfig({
  root: 'src/panel',
  base: './',
  publicDir: false,
  plugins: [watBytes()],
  worker: { format: 'es' },
  build: {
    outDir: '../../dist/standalone',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        index: 'src/panel/standalone.html',
        'memory-lab': 'src/panel/lab/memory-lab.html',
      },
      onLog: quietWabtFs,
    },
  },
});

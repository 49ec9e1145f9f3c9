/**
 * Builds the panel as an ordinary web page (`npm start`, and the e2e check of that page) into
 * dist/standalone: the same views and workers as the extension's panel, without capture.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/panel',
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  build: {
    outDir: '../../dist/standalone',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rolldownOptions: { input: { index: 'src/panel/standalone.html' } },
  },
});

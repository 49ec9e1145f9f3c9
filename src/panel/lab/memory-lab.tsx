/**
 * Entry of the Memory lab page (`memory-lab.html` of the standalone build): starts the lab
 * worker, instantiates the demo module and shows its memories. `globalThis.memoryLab` is the
 * lab's state, for tests and benchmarks.
 */
import { render } from 'preact';
import { startMemoryLabWorker } from '../workers/memory/start-memory-lab-worker.ts';
import demo from './demo.wat?bytes';
import { createMemoryLab, type MemoryLab } from './lab-session.ts';
import { MemoryLabPage } from './MemoryLabPage.tsx';

declare global {
  /** The Memory lab's state (the lab page only). */
  var memoryLab: MemoryLab | undefined;
}

const forced = new URLSearchParams(location.search).get('theme');
const dark = forced ? forced === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
document.documentElement.dataset.theme = dark ? 'dark' : 'light';

const lab = createMemoryLab(startMemoryLabWorker());
globalThis.memoryLab = lab;
const root = document.getElementById('app');
if (root) render(<MemoryLabPage lab={lab} />, root);
void lab.load(demo, 'demo.wasm').catch(() => undefined);

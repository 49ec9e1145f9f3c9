/**
 * `npm run bench:panel`: the panel's measures in real Chromium (Debian's, through
 * playwright-core), printed, never asserted. Each measure is a function; add one to
 * `MEASURES` (or a module's list of them).
 *
 *   npm run bench:panel                         every measure
 *   npm run bench:panel -- --only=memory-search   only the named measures
 *   npm run bench:panel -- --no-build           use the last build of the standalone pages
 */
import os from 'node:os';
import { startLab } from '../test/memory-lab/lab-page.ts';
import { MEMORY_MEASURES, type PanelMeasure } from './panel/memory.ts';

/** Every measure, in the order they run. */
const MEASURES: readonly PanelMeasure[] = [...MEMORY_MEASURES];

const args = process.argv.slice(2);
const only = args.filter((a) => a.startsWith('--only=')).flatMap((a) => a.slice(7).split(','));
const chosen = MEASURES.filter((m) => only.length === 0 || only.includes(m.name));
if (chosen.length === 0) {
  console.error(
    `no measure named ${only.join(', ')}; known: ${MEASURES.map((m) => m.name).join(', ')}`,
  );
  process.exit(1);
}

console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const lab = await startLab({ build: !args.includes('--no-build') });
let failed = false;
try {
  for (const measure of chosen) {
    console.log(`\n== ${measure.name} ==`);
    try {
      await measure.run(lab);
    } catch (error) {
      // One broken measure should not hide the others' figures.
      failed = true;
      console.error(`measure ${measure.name} failed:`, error);
    }
  }
} finally {
  await lab.close();
}
console.log(
  `\nload average after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
process.exitCode = failed ? 1 : 0;

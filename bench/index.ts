/**
 * Benchmark runner (`npm run bench`, which runs Node with `--expose-gc`). Prints, never asserts.
 *
 *   npm run bench                          every registered bench
 *   npm run bench -- a.wasm b.wasm         …and each bench that takes modules also measures these
 *   npm run bench -- --only=decoder        only the named benches
 *
 * To add a bench, write a module whose default export is a `Bench` and add one line to
 * `BENCHES` below.
 */
import { pathToFileURL } from 'node:url';

/** One registered benchmark. */
export interface Bench {
  /** Short name, for `--only=`. */
  name: string;
  /** Runs the bench, printing its results. `paths` are the `.wasm` files named on the command line. */
  run(paths: readonly string[]): Promise<void>;
}

/** Every bench, in the order they run. */
const BENCHES: readonly Bench[] = [
  (await import('./decoder.ts')).default,
  (await import('./runtime.ts')).default,
];

/** Runs the benches chosen by `args` (command-line arguments after `--`). */
export async function runBenches(args: readonly string[]): Promise<boolean> {
  const only = args.filter((a) => a.startsWith('--only=')).flatMap((a) => a.slice(7).split(','));
  const paths = args.filter((a) => !a.startsWith('--'));
  const chosen = BENCHES.filter((b) => only.length === 0 || only.includes(b.name));
  if (chosen.length === 0) {
    console.error(
      `no bench named ${only.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`,
    );
    return false;
  }
  if (typeof globalThis.gc !== 'function')
    console.warn('warning: run with node --expose-gc (npm run bench does) for steadier numbers');
  let ok = true;
  for (const bench of chosen) {
    console.log(`\n== ${bench.name} ==`);
    try {
      await bench.run(paths);
    } catch (error) {
      // One broken bench should not hide the others' numbers.
      ok = false;
      console.error(`bench ${bench.name} failed:`, error);
    }
  }
  return ok;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ok = await runBenches(process.argv.slice(2));
  process.exitCode = ok ? 0 : 1;
}

/**
 * Child browsers (and Xvfb) are spawned detached, each in its own process group, so ending a
 * run ends every renderer, zygote and GPU helper they forked: one hung run in sixty on this
 * machine left strays behind before groups were killed as a whole.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const groups = new Set<ChildProcess>();

/** Spawns `command` as the leader of a new process group that `killAllGroups` will end. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  groups.add(child);
  child.once('exit', () => groups.delete(child));
  return child;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Ends one group: SIGTERM, up to `graceMs` to exit, then SIGKILL for any straggler. */
export async function killGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (hasExited(child)) resolve();
    else child.once('exit', () => resolve());
  });
  signalGroup(child, 'SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs))]);
  signalGroup(child, 'SIGKILL');
  groups.delete(child);
}

/** Ends every group spawned by `spawnGroup` that is still known to be running. */
export async function killAllGroups(): Promise<void> {
  await Promise.all([...groups].map((child) => killGroup(child, 1500)));
}

/**
 * Arms a timer that, if the whole run takes longer than `ms`, prints `reason`, kills every
 * group and exits with code 2. Also ends the groups on Ctrl+C / SIGTERM. Returns a disarm function.
 */
export function armWatchdog(ms: number, reason: string): () => void {
  const timer = setTimeout(() => {
    console.error(`watchdog: ${reason} (over ${Math.round(ms / 1000)} s); killing browsers`);
    void killAllGroups().finally(() => process.exit(2));
  }, ms);
  timer.unref();
  const onSignal = (): void => {
    void killAllGroups().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` every `intervalMs` until it returns a truthy value, which it returns. Errors
 * thrown by `probe` count as "not yet" so that a target that is still loading can be polled.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(intervalMs);
  }
}

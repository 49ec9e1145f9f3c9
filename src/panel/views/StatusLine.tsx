/**
 * The status line: is the hook installed, how many workers are (not) covered, how many page
 * messages the relay dropped. The data attributes are the end-to-end tests' contract.
 */
import { connection, status } from '../state/index.ts';

/** Renders `[data-testid="status"]`. */
export function StatusLine() {
  const current = status.value;
  const uncovered = current.uncoveredWorkers;
  const text = [
    connection.value === 'connected' ? null : 'connecting to the background…',
    current.hookInstalled
      ? `hook installed in ${current.frames} frame(s)`
      : 'hook not installed (reload the page)',
    `workers covered: ${current.workersCovered}`,
    uncovered.length > 0
      ? `uncovered: ${uncovered.map((w) => `${w.url} (${w.reason})`).join('; ')}`
      : null,
    `dropped messages: ${current.dropped}`,
  ].filter((part) => part !== null);
  return (
    <div
      class="status"
      data-testid="status"
      data-hook-installed={String(current.hookInstalled)}
      data-workers-covered={String(current.workersCovered)}
      data-workers-uncovered={String(uncovered.length)}
      data-dropped={String(current.dropped)}
    >
      {text.join(' · ')}
    </div>
  );
}

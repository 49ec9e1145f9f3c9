/**
 * Snapshots of the memory and what changed since the selected one (a list of ranges to jump
 * to; the bytes are tinted in the grid), and the `memory.grow` events seen.
 */
import type { ChangedRange } from '../../../protocol/memory/index.ts';
import { AUTO_DIFF_MAX_MS, type MemoryInspector } from '../../state/index.ts';
import { Progress, formatBytes, formatCount } from '../common/index.ts';

/** Ranges listed at most (the rest are counted). */
const LISTED = 200;

const RANGE_KIND_TEXT: Record<ChangedRange['kind'], string> = {
  changed: 'changed',
  block: 'changed in this block',
  grown: 'grown',
};

function time(at: number): string {
  return new Date(at).toLocaleTimeString();
}

/** `1 page (64 KiB)`, `16,384 pages (1 GiB)`. */
export function pagesText(bytes: number): string {
  const pages = bytes / 65536;
  const size =
    bytes >= 1024 ** 3
      ? `${+(bytes / 1024 ** 3).toFixed(2)} GiB`
      : bytes >= 1024 ** 2
        ? `${+(bytes / 1024 ** 2).toFixed(2)} MiB`
        : `${+(bytes / 1024).toFixed(2)} KiB`;
  return Number.isInteger(pages)
    ? `${formatCount(pages)} page${pages === 1 ? '' : 's'} (${size})`
    : formatBytes(bytes);
}

/** The snapshots pane of `inspector`. */
export function SnapshotsPane({ inspector }: { inspector: MemoryInspector }) {
  const snapshots = inspector.snapshots;
  const list = snapshots.list.value;
  const selected = snapshots.selected.value;
  const taking = snapshots.taking.value;
  const status = snapshots.diff.value;
  return (
    <section class="memory-pane" data-testid="memory-snapshots" aria-label="Snapshots">
      <h3>
        <span class="grow">Snapshots</span>
        <button
          class="toolbar-button"
          disabled={taking !== null}
          onClick={() => void snapshots.take()}
          data-testid="take-snapshot"
          title={
            snapshots.where === 'source'
              ? 'Take a snapshot (hashed where the memory is)'
              : 'Take a snapshot (read and hashed by the panel)'
          }
        >
          Take snapshot
        </button>
      </h3>
      {taking ? (
        <Progress
          label="Taking a snapshot"
          progress={{ done: taking.done, total: taking.total, label: '' }}
          onCancel={() => snapshots.cancel()}
        />
      ) : null}
      <div class="memory-pane-body">
        {snapshots.takeError.value ? (
          <div class="error-text">{snapshots.takeError.value}</div>
        ) : null}
        {list.length === 0 && !taking ? (
          <div class="subtle">
            Take a snapshot, run something, then see which bytes changed since.
          </div>
        ) : null}
        <ul class="memory-list-rows" aria-label="Snapshots taken">
          {list.map((entry) => (
            <li
              key={entry.id}
              aria-selected={entry.id === selected}
              data-testid="snapshot-row"
              data-snapshot={String(entry.id)}
            >
              <button
                class="link grow"
                onClick={() => void snapshots.compare(entry.id)}
                title="Compare the memory with this snapshot"
              >
                {entry.name}
              </button>
              <span class="subtle">{time(entry.takenAt)}</span>
              <button
                class="toolbar-button"
                aria-label={`Delete ${entry.name}`}
                title={`Delete ${entry.name}`}
                onClick={() => void snapshots.drop(entry.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        {status.kind === 'running' ? (
          <Progress
            label="Comparing"
            progress={{ done: status.done, total: status.total, label: '' }}
            onCancel={() => snapshots.cancel()}
          />
        ) : null}
        {status.kind === 'error' ? <div class="error-text">{status.message}</div> : null}
        {status.kind === 'done' && status.id === selected ? (
          <DiffList inspector={inspector} status={status} />
        ) : null}
      </div>
    </section>
  );
}

function DiffList({
  inspector,
  status,
}: {
  inspector: MemoryInspector;
  status: Extract<ReturnType<MemoryInspector['snapshots']['diff']['peek']>, { kind: 'done' }>;
}) {
  const { diff } = status;
  const ranges = diff.ranges;
  const name = inspector.snapshots.list.value.find((e) => e.id === status.id)?.name ?? '';
  return (
    <div data-testid="snapshot-diff" data-ranges={String(ranges.length)}>
      <div class="subtle">
        {ranges.length === 0
          ? `Nothing changed since ${name}.`
          : `${formatCount(ranges.length)}${diff.truncated ? '+' : ''} range${ranges.length === 1 ? '' : 's'}, ${formatCount(diff.changedBytes)} byte${diff.changedBytes === 1 ? '' : 's'} changed since ${name}.`}{' '}
        {status.stale && status.ms <= AUTO_DIFF_MAX_MS ? (
          <span data-testid="diff-updating">(updating…)</span>
        ) : status.stale ? (
          <button
            class="link"
            onClick={() => void inspector.snapshots.compare(status.id)}
            data-testid="compare-again"
          >
            The memory changed: compare again
          </button>
        ) : null}
      </div>
      <ul class="memory-list-rows" aria-label={`Ranges changed since ${name}`}>
        {ranges.slice(0, LISTED).map((range) => (
          <li
            key={range.start}
            data-testid="diff-range"
            data-start={String(range.start)}
            data-kind={range.kind}
          >
            <button class="link mono" onClick={() => inspector.goToAddress(range.start)}>
              0x{range.start.toString(16)}
            </button>
            <span class="grow subtle">
              {formatCount(range.end - range.start)} byte{range.end - range.start === 1 ? '' : 's'}{' '}
              {RANGE_KIND_TEXT[range.kind]}
            </span>
          </li>
        ))}
      </ul>
      {ranges.length > LISTED ? (
        <div class="subtle">and {formatCount(ranges.length - LISTED)} more ranges</div>
      ) : null}
    </div>
  );
}

/** The `memory.grow` events of `inspector`. */
export function GrowEvents({ inspector }: { inspector: MemoryInspector }) {
  const events = inspector.growEvents.value;
  if (events.length === 0) return null;
  return (
    <section class="memory-pane" data-testid="grow-events" aria-label="memory.grow events">
      <h3>
        <span class="grow">memory.grow</span>
        <span class="badge">{formatCount(events.length)}</span>
      </h3>
      <div class="memory-pane-body">
        <ul class="memory-list-rows">
          {events.map((event, index) => (
            <li
              key={`${event.at}-${index}`}
              data-testid="grow-event"
              data-from={String(event.from)}
              data-to={String(event.to)}
            >
              <span class="subtle">{time(event.at)}</span>
              <span class="grow">
                {pagesText(event.from)} → {pagesText(event.to)}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/**
 * The inspected page's modules in the sidebar: grouped by frame and worker, narrowed by a
 * filter, opened with a click or Enter. Each row's data attributes are the end-to-end tests'
 * contract (`[data-testid="module-row"]`) and must stay stable.
 */
import { useRef } from 'preact/hooks';
import type { PanelModule } from '../../state/index.ts';
import { Icon, formatBytes, useStore } from '../common/index.ts';

function bytesState(module: PanelModule): string {
  if (module.complete) return 'verified';
  if (module.bytesError) return `bytes unavailable: ${module.bytesError}`;
  if (module.fetching) return 'fetching…';
  return 'not kept: over the panel’s byte budget';
}

function moduleLabel(module: PanelModule): string {
  if (!module.sourceUrl) return `${module.entry} ${module.hash.slice(0, 8)}`;
  try {
    const url = new URL(module.sourceUrl);
    return url.pathname.slice(url.pathname.lastIndexOf('/') + 1) || url.host;
  } catch {
    return module.sourceUrl;
  }
}

function ModuleRow({ module, onOpen }: { module: PanelModule; onOpen: (hash: string) => void }) {
  const tooltip = [
    module.sourceUrl || '(no URL: compiled from bytes)',
    `SHA-256 ${module.hash}`,
    `${module.entry} · ${module.instances} instance(s) · ${new Date(module.time).toLocaleTimeString()}`,
    `${module.stale ? 'stale · ' : ''}${bytesState(module)}`,
  ].join('\n');
  return (
    <div
      class={`tree-row${module.stale ? ' stale' : ''}`}
      style={{ '--indent': '22px' }}
      role="treeitem"
      tabIndex={0}
      title={tooltip}
      data-testid="module-row"
      data-hash={module.hash}
      data-size={String(module.size)}
      data-entry={module.entry}
      data-frame-url={module.frameUrl}
      data-source-url={module.sourceUrl}
      data-instances={String(module.instances)}
      data-worker={String(module.worker !== null)}
      data-stale={String(module.stale)}
      data-complete={String(module.complete)}
      onClick={() => onOpen(module.hash)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen(module.hash);
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          const rows = [
            ...(event.currentTarget
              .closest('[role="tree"]')
              ?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? []),
          ];
          const at = rows.indexOf(event.currentTarget as HTMLElement);
          rows[at + (event.key === 'ArrowDown' ? 1 : -1)]?.focus();
        }
      }}
    >
      <Icon name="file" />
      <span class="label">{moduleLabel(module)}</span>
      <span class="badge">
        {module.complete ? '' : module.fetching ? '… ' : '⚠ '}
        {formatBytes(module.size)}
      </span>
    </div>
  );
}

/** The capture status line: hook, workers covered, messages dropped. */
export function CaptureStatus() {
  const capture = useStore().capture;
  if (!capture) return null;
  const current = capture.status.value;
  const uncovered = current.uncoveredWorkers;
  const parts = [
    capture.connection.value === 'connected' ? null : 'connecting…',
    current.hookInstalled
      ? `hook in ${current.frames} frame(s)`
      : 'hook not installed (reload the page)',
    current.workersCovered > 0 ? `${current.workersCovered} worker(s)` : null,
    uncovered.length > 0 ? `${uncovered.length} worker(s) not covered` : null,
    current.dropped > 0 ? `${current.dropped} dropped` : null,
  ].filter((part) => part !== null);
  return (
    <div
      class="status-bar"
      data-testid="status"
      data-hook-installed={String(current.hookInstalled)}
      data-workers-covered={String(current.workersCovered)}
      data-workers-uncovered={String(uncovered.length)}
      data-dropped={String(current.dropped)}
      title={uncovered.map((w) => `${w.url}: ${w.reason}`).join('\n') || undefined}
    >
      {parts.join(' · ')}
    </div>
  );
}

/** The "Page" section: filter, grouped modules, status. */
export function PageModules() {
  const store = useStore();
  const capture = store.capture;
  const filterInput = useRef<HTMLInputElement>(null);
  if (!capture) return null;
  const groups = capture.groups.value;
  const total = capture.modules.value.length;
  const open = (hash: string) => void capture.open(hash);
  return (
    <section aria-label="Page modules">
      <div class="sidebar-filter">
        <input
          ref={filterInput}
          class="text-input"
          type="search"
          placeholder="Filter by URL or hash"
          aria-label="Filter page modules"
          value={capture.filter.value}
          onInput={(event) => (capture.filter.value = event.currentTarget.value)}
          data-testid="module-filter"
        />
      </div>
      <div role="tree" aria-label="Modules of the inspected page" data-testid="module-list">
        {groups.map((group) => (
          <div key={group.key} role="group" aria-label={group.label}>
            <div class="tree-group" title={group.label}>
              <Icon name={group.kind === 'worker' ? 'worker' : 'frame'} />
              <span class="label">
                {group.kind === 'worker' ? `Worker ${group.label}` : group.label}
              </span>
            </div>
            {group.modules.map((module) => (
              <ModuleRow key={module.hash} module={module} onOpen={open} />
            ))}
          </div>
        ))}
      </div>
      {total === 0 ? (
        <div class="empty-note">
          No modules yet. Reload the page if it compiled WebAssembly before DevTools opened.
        </div>
      ) : groups.length === 0 ? (
        <div class="empty-note">No module matches the filter.</div>
      ) : null}
      {capture.openError.value ? (
        <div class="empty-note error-text">{capture.openError.value}</div>
      ) : null}
    </section>
  );
}

/**
 * The captured modules, one row each. Each row's data attributes are the end-to-end tests'
 * contract and must stay stable.
 */
import { modules, type PanelModule } from '../state/index.ts';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function ModuleRow({ module }: { module: PanelModule }) {
  const label = module.sourceUrl || module.hash;
  const bytesState = module.complete
    ? 'verified'
    : module.bytesError
      ? `bytes unavailable: ${module.bytesError}`
      : module.fetching
        ? 'fetching…'
        : 'not kept: over the panel’s byte budget';
  return (
    <tr
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
      class={module.stale ? 'stale' : undefined}
    >
      <td title={module.hash}>{label}</td>
      <td>{formatSize(module.size)}</td>
      <td title={module.frameUrl}>
        {module.worker ? `worker ${module.worker.url}` : module.frameUrl}
      </td>
      <td>{module.entry}</td>
      <td>{module.instances}</td>
      <td>{new Date(module.time).toLocaleTimeString()}</td>
      <td>
        {module.stale ? 'stale · ' : ''}
        {bytesState}
      </td>
    </tr>
  );
}

/** Renders `[data-testid="module-list"]`. */
export function ModuleList() {
  const rows = modules.value;
  return (
    <table class="modules">
      <thead>
        <tr>
          <th>Module</th>
          <th>Size</th>
          <th>Frame</th>
          <th>Entry point</th>
          <th>Instances</th>
          <th>Time</th>
          <th>Bytes</th>
        </tr>
      </thead>
      <tbody data-testid="module-list">
        {rows.map((module) => (
          <ModuleRow key={module.hash} module={module} />
        ))}
      </tbody>
    </table>
  );
}

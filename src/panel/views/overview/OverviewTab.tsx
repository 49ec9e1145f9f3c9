/**
 * A module at a glance: size and hash, what it contains (counts), where its bytes go (the
 * section chart), who built it (producers, target features), its debug info and source map,
 * and, for a module that does not decode, the sections read and the error with its offset.
 */
import type { ModuleCounts, ModuleOverview } from '../../../protocol/decode/index.ts';
import type { ModuleDocument } from '../../state/index.ts';
import { Message, formatBytes, formatCount } from '../common/index.ts';
import { SectionChart } from './SectionChart.tsx';

const COUNT_LABELS: [keyof ModuleCounts, string][] = [
  ['types', 'Types'],
  ['functions', 'Functions'],
  ['imports', 'Imports'],
  ['exports', 'Exports'],
  ['tables', 'Tables'],
  ['memories', 'Memories'],
  ['globals', 'Globals'],
  ['tags', 'Tags'],
  ['datas', 'Data segments'],
  ['elems', 'Element segments'],
  ['elemItems', 'Element entries'],
  ['customSections', 'Custom sections'],
];

/** `WasmDecodeError: reason (at byte 0x1a2b in code section)`. */
export function describeDecodeError(error: NonNullable<ModuleOverview['error']>): string {
  return `${error.name}: ${error.message}`;
}

function customRole(section: ModuleOverview['customSections'][number]): string {
  switch (section.role) {
    case 'debug-info':
      return 'debug info (DWARF)';
    case 'names':
      return 'names';
    case 'producers':
      return 'toolchain';
    case 'target-features':
      return 'target features';
    case 'source-map':
      return 'source map';
    case 'build-id':
      return 'build id';
    case 'dylink':
      return 'dynamic linking';
    default:
      return '';
  }
}

/** Renders the Overview tab. */
export function OverviewTab({ doc }: { doc: ModuleDocument }) {
  const overview = doc.overview.value;
  if (!overview) return null;
  const { counts } = overview;
  return (
    <div class="scroll-page" data-testid="overview">
      {overview.error ? (
        <Message kind="error" testId="decode-error">
          {describeDecodeError(overview.error)}
          {overview.counts ? '' : '\nThe sections below are the ones that could be read.'}
        </Message>
      ) : null}
      <section class="page-section">
        <dl class="facts">
          <dt>Name</dt>
          <dd data-testid="overview-name">
            {overview.name}
            {overview.moduleName ? ` ($${overview.moduleName})` : ''}
          </dd>
          <dt>Size</dt>
          <dd data-testid="overview-size" data-bytes={String(overview.size)}>
            {formatBytes(overview.size)} ({formatCount(overview.size)} bytes)
          </dd>
          <dt>SHA-256</dt>
          <dd class="mono hash" title={overview.sha256} data-testid="overview-sha256">
            {overview.sha256}
          </dd>
          {overview.start !== null ? (
            <>
              <dt>Start function</dt>
              <dd>{overview.start}</dd>
            </>
          ) : null}
          {overview.sourceMappingURL ? (
            <>
              <dt>Source map</dt>
              <dd class="mono">{overview.sourceMappingURL}</dd>
            </>
          ) : null}
          {overview.buildId ? (
            <>
              <dt>Build id</dt>
              <dd class="mono">{overview.buildId}</dd>
            </>
          ) : null}
          {overview.debugInfoBytes > 0 ? (
            <>
              <dt>Debug info</dt>
              <dd>DWARF, {formatBytes(overview.debugInfoBytes)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {counts ? (
        <section class="page-section">
          <h2>Contents</h2>
          <dl class="counts" data-testid="overview-counts">
            {COUNT_LABELS.map(([key, label]) => (
              <div
                key={key}
                class={counts[key] === 0 ? 'zero' : undefined}
                data-count={key}
                data-value={String(counts[key])}
              >
                <dt>
                  {label}
                  {key === 'functions' && counts.importedFunctions > 0 ? (
                    <span
                      class="subtle"
                      data-count="importedFunctions"
                      data-value={String(counts.importedFunctions)}
                    >
                      {' '}
                      ({formatCount(counts.importedFunctions)} imported)
                    </span>
                  ) : null}
                </dt>
                <dd>{formatCount(counts[key])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <section class="page-section">
        <h2>Sections</h2>
        <SectionChart sections={overview.sections} moduleSize={overview.size} />
      </section>
      {overview.producers.length > 0 || overview.targetFeatures.length > 0 ? (
        <section class="page-section">
          <h2>Toolchain</h2>
          <dl class="facts" data-testid="producers">
            {overview.producers.map((field) => (
              <>
                <dt key={`t-${field.field}`}>{field.field}</dt>
                <dd key={`d-${field.field}`}>
                  {field.values
                    .map((v) => (v.version ? `${v.name} ${v.version}` : v.name))
                    .join(', ')}
                </dd>
              </>
            ))}
            {overview.targetFeatures.length > 0 ? (
              <>
                <dt>target features</dt>
                <dd>{overview.targetFeatures.map((f) => `${f.prefix}${f.name}`).join(' ')}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {overview.customSections.length > 0 ? (
        <section class="page-section">
          <h2>Custom sections</h2>
          <table class="simple-table" data-testid="custom-sections">
            <thead>
              <tr>
                <th>Name</th>
                <th>What</th>
                <th class="num">Offset</th>
                <th class="num">Size</th>
              </tr>
            </thead>
            <tbody>
              {overview.customSections.map((section) => (
                <tr key={section.offset}>
                  <td class="mono">{section.name}</td>
                  <td>{customRole(section)}</td>
                  <td class="num mono">0x{section.offset.toString(16)}</td>
                  <td class="num">{formatBytes(section.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

/**
 * The first Chrome, Firefox, Safari, Node.js and Deno versions that run a module, the features
 * that decide it, the table's notes, and (when the module uses proposals) each proposal's cell
 * per runtime, as webassembly.org shows them.
 */
import type { Feature } from '../../../wasm/index.ts';
import { COMPAT_RUNTIMES, featureSupport, type RuntimeCompatibility } from '../../state/index.ts';
import { FeatureName } from './FeatureName.tsx';
import { Note } from './Note.tsx';
import { supportCellText, supportCellTooltip, verdictText } from './support-text.ts';

/** Why a runtime's answer is what it is. */
function reason(entry: RuntimeCompatibility): string {
  const { verdict } = entry;
  switch (verdict.kind) {
    case 'version':
      return verdict.limitedBy.length > 0 ? verdict.limitedBy.join(', ') : 'WebAssembly 1.0';
    case 'flag':
    case 'unsupported':
      return verdict.features.join(', ');
  }
}

/** Renders the compatibility table of a module that uses `used`. */
export function CompatibilityTable(props: {
  compatibility: RuntimeCompatibility[];
  used: readonly Feature[];
}) {
  const notes = props.compatibility.flatMap((entry) =>
    entry.verdict.notes.map((note) => ({ runtime: entry.runtime.name, ...note })),
  );
  return (
    <>
      <table class="simple-table compat-table" data-testid="compat-table">
        <thead>
          <tr>
            <th>Runtime</th>
            <th>First version</th>
            <th>Decided by</th>
          </tr>
        </thead>
        <tbody>
          {props.compatibility.map((entry) => (
            <tr
              key={entry.runtime.name}
              data-runtime={entry.runtime.name}
              data-verdict={entry.verdict.kind}
              data-version={entry.verdict.kind === 'version' ? entry.verdict.version : ''}
            >
              <td>{entry.runtime.name}</td>
              <td class={`verdict-${entry.verdict.kind}`}>{verdictText(entry.verdict)}</td>
              <td class="mono subtle" title={reason(entry)}>
                {reason(entry)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {notes.length > 0 ? (
        <ul class="compat-notes" data-testid="compat-notes">
          {notes.map((note) => (
            <li key={`${note.runtime}:${note.feature}`}>
              {note.runtime}, <span class="mono">{note.feature}</span>: <Note text={note.note} />
            </li>
          ))}
        </ul>
      ) : null}
      {props.used.length > 0 ? <FeatureMatrix used={props.used} /> : null}
    </>
  );
}

/** Each used proposal's support per runtime. */
function FeatureMatrix({ used }: { used: readonly Feature[] }) {
  return (
    <div class="matrix-scroll">
      <table class="simple-table compat-matrix" data-testid="compat-matrix">
        <thead>
          <tr>
            <th>Proposal</th>
            {COMPAT_RUNTIMES.map((runtime) => (
              <th key={runtime.name} class="cell">
                {runtime.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {used.map((feature) => (
            <tr key={feature} data-feature={feature}>
              <td>
                <FeatureName feature={feature} />
              </td>
              {COMPAT_RUNTIMES.map((runtime) => {
                const support = featureSupport(runtime.name, feature);
                return (
                  <td
                    key={runtime.name}
                    class={`cell support-${support.kind === 'n/a' ? 'na' : support.kind}`}
                    title={supportCellTooltip(runtime.name, support)}
                    data-runtime={runtime.name}
                    data-support={support.kind}
                  >
                    {supportCellText(support)}
                    {support.note ? <sup>*</sup> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

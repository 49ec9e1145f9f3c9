/**
 * What each import of the module is given: a host function that returns values the user sets
 * (zeros by default) or traps with the user's message; a memory, table, global or tag made from
 * its declared type; another instance's export; or WASI. A host function's new behaviour applies
 * to the live instance at once.
 */
import { externText, type ImportSummary } from '../../../protocol/sandbox/index.ts';
import {
  applyBehavior,
  defaultChoice,
  runArea,
  type ImportChoice,
  type ModuleDocument,
  type SandboxModule,
  type SandboxState,
} from '../../state/index.ts';

function setChoice(
  doc: ModuleDocument,
  module: SandboxModule,
  index: number,
  choice: ImportChoice,
): void {
  const area = runArea(doc);
  const current = area.choices.peek() ?? module.summary.imports.map(defaultChoice);
  const next = [...current];
  next[index] = choice;
  area.choices.value = next;
}

function ImportRow({
  doc,
  module,
  imp,
  choice,
  sandbox,
}: {
  doc: ModuleDocument;
  module: SandboxModule;
  imp: ImportSummary;
  choice: ImportChoice;
  sandbox: SandboxState;
}) {
  const isFunc = imp.type.kind === 'func';
  const isWasi = imp.module === 'wasi_snapshot_preview1' && isFunc;
  const update = (next: ImportChoice) => setChoice(doc, module, imp.index, next);
  const apply = () => void applyBehavior(doc, sandbox, imp);
  const storeId = runArea(doc).storeId.value;
  const sources = sandbox.instances.value.filter(
    (i) => storeId === null || i.summary.storeId === storeId,
  );
  const name = `${imp.module}.${imp.name}`;
  return (
    <tr data-testid="import-row" data-import={name} data-choice={choice.kind}>
      <td class="mono" title={name}>
        {name}
      </td>
      <td class="mono">{externText(imp.type)}</td>
      <td>
        <select
          class="text-input"
          aria-label={`What ${name} is given`}
          data-testid="import-provider"
          value={choice.kind}
          onChange={(event) => {
            const kind = (event.target as HTMLSelectElement).value;
            if (kind === 'wasi') update({ kind: 'wasi' });
            else if (kind === 'export')
              update({
                kind: 'export',
                instanceId: sources[0]?.summary.instanceId ?? null,
                name: imp.name,
              });
            else
              update({
                ...(defaultChoice(imp) as Extract<ImportChoice, { kind: 'auto' }>),
                kind: 'auto',
              });
          }}
        >
          <option value="auto">{isFunc ? 'Host function' : 'Made from its type'}</option>
          <option value="export">Export of an instance</option>
          {isWasi ? <option value="wasi">WASI</option> : null}
        </select>
      </td>
      <td class="import-detail">
        {choice.kind === 'wasi' ? (
          <span class="subtle">browser_wasi_shim's {imp.name}</span>
        ) : choice.kind === 'export' ? (
          <span class="inline-fields">
            <select
              class="text-input"
              aria-label={`Instance whose export ${name} is`}
              value={String(choice.instanceId ?? '')}
              onChange={(event) =>
                update({ ...choice, instanceId: Number((event.target as HTMLSelectElement).value) })
              }
            >
              {sources.length === 0 ? <option value="">no instance yet</option> : null}
              {sources.map((i) => (
                <option key={i.summary.instanceId} value={String(i.summary.instanceId)}>
                  #{i.summary.instanceId} {i.title}
                </option>
              ))}
            </select>
            <select
              class="text-input"
              aria-label={`Export given to ${name}`}
              value={choice.name}
              onChange={(event) =>
                update({ ...choice, name: (event.target as HTMLSelectElement).value })
              }
            >
              {(
                sources.find((i) => i.summary.instanceId === choice.instanceId)?.summary.exports ??
                []
              )
                .filter((e) => e.type.kind === imp.type.kind)
                .map((e) => (
                  <option key={e.name} value={e.name}>
                    {e.name}
                  </option>
                ))}
              {choice.name &&
              !(
                sources.find((i) => i.summary.instanceId === choice.instanceId)?.summary.exports ??
                []
              ).some((e) => e.name === choice.name) ? (
                <option value={choice.name}>{choice.name} (missing)</option>
              ) : null}
            </select>
          </span>
        ) : imp.type.kind === 'func' ? (
          <span class="inline-fields">
            <select
              class="text-input"
              aria-label={`What ${name} does`}
              data-testid="import-mode"
              value={choice.mode}
              onChange={(event) => {
                update({
                  ...choice,
                  mode: (event.target as HTMLSelectElement).value as 'return' | 'trap',
                });
                apply();
              }}
            >
              <option value="return">
                {imp.type.results.length > 0 ? 'Returns' : 'Returns nothing'}
              </option>
              <option value="trap">Traps</option>
            </select>
            {choice.mode === 'trap' ? (
              <input
                class="text-input wide"
                aria-label={`Message ${name} traps with`}
                data-testid="import-trap-message"
                value={choice.trapMessage}
                onInput={(event) =>
                  update({ ...choice, trapMessage: (event.target as HTMLInputElement).value })
                }
                onChange={apply}
              />
            ) : (
              imp.type.results.map((type, i) => (
                <input
                  key={i}
                  class="text-input value-input"
                  aria-label={`Result ${i} of ${name} (${type})`}
                  placeholder={type}
                  data-testid="import-result"
                  value={choice.values[i] ?? ''}
                  onInput={(event) => {
                    const values = [...choice.values];
                    values[i] = (event.target as HTMLInputElement).value;
                    update({ ...choice, values });
                  }}
                  onChange={apply}
                />
              ))
            )}
          </span>
        ) : imp.type.kind === 'global' ? (
          <input
            class="text-input value-input"
            aria-label={`Initial value of ${name} (${imp.type.content})`}
            placeholder={imp.type.content}
            value={choice.initial}
            onInput={(event) =>
              update({ ...choice, initial: (event.target as HTMLInputElement).value })
            }
          />
        ) : (
          <span class="subtle">a new {imp.type.kind} of this type</span>
        )}
      </td>
    </tr>
  );
}

/** Renders the imports of `module` with what each is given. */
export function ImportsSection({
  doc,
  module,
  sandbox,
}: {
  doc: ModuleDocument;
  module: SandboxModule;
  sandbox: SandboxState;
}) {
  const imports = module.summary.imports;
  if (imports.length === 0) return null;
  const choices = runArea(doc).choices.value ?? imports.map(defaultChoice);
  return (
    <section class="page-section" aria-label="Imports" data-testid="imports-section">
      <h2>Imports</h2>
      <div class="table-scroll">
        <table class="simple-table run-table">
          <thead>
            <tr>
              <th>Import</th>
              <th>Type</th>
              <th>Given</th>
              <th>Behaviour</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((imp) => (
              <ImportRow
                key={imp.index}
                doc={doc}
                module={module}
                imp={imp}
                choice={choices[imp.index] ?? defaultChoice(imp)}
                sandbox={sandbox}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

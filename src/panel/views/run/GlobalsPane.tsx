/**
 * The Globals pane: every global of the tab's instance, exported and imported, with its type,
 * mutability and current value (read again after every call). A mutable global's value is a
 * field: Enter sets it once the text parses as the global's type (i64 as a whole number of any
 * size in range, v128 as hex or lanes, floats with NaN payloads), Escape puts the value back.
 */
import { useEffect } from 'preact/hooks';
import {
  applyGlobalText,
  formatValue,
  globalFieldText,
  globalsArea,
  globalsOf,
  readGlobalValues,
  revertGlobalText,
  typeGlobalText,
  type GlobalRef,
  type ModuleDocument,
  type SandboxState,
} from '../../state/index.ts';
import { ValueText } from './ValueText.tsx';
import { useTabInstance } from './use-tab-instance.ts';

function GlobalRow({
  doc,
  sandbox,
  global,
}: {
  doc: ModuleDocument;
  sandbox: SandboxState;
  global: GlobalRef;
}) {
  const area = globalsArea(doc);
  const state = area.values.value.get(global.handle);
  const error = area.errors.value[global.handle];
  const editing = area.edits.value[global.handle] !== undefined;
  const busy = sandbox.status.value === 'busy';
  return (
    <tr
      data-testid="global-row"
      data-global={global.name}
      data-source={global.source}
      data-mutable={String(global.mutable)}
      data-value={state?.value ? formatValue(state.value).text : ''}
    >
      <td class="mono">{global.name}</td>
      <td class="subtle">{global.source === 'export' ? 'export' : 'import'}</td>
      <td class="mono value-type">{global.content}</td>
      <td>{global.mutable ? 'mutable' : <span class="subtle">const</span>}</td>
      <td class="global-value">
        {global.mutable && state?.value ? (
          <form
            class="inline-fields"
            onSubmit={(event) => {
              event.preventDefault();
              void applyGlobalText(doc, sandbox, global);
            }}
          >
            <input
              class={`text-input value-input global-input${error ? ' invalid' : ''}${editing ? ' edited' : ''}`}
              aria-label={`Value of ${global.name} (${global.content})`}
              aria-invalid={error ? true : undefined}
              title={error ?? `${global.content}: Enter sets it, Escape puts the value back`}
              data-testid="global-input"
              disabled={busy}
              value={globalFieldText(doc, global)}
              onInput={(event) =>
                typeGlobalText(doc, sandbox, global, (event.target as HTMLInputElement).value)
              }
              onKeyDown={(event) => {
                if (event.key === 'Escape') {
                  event.preventDefault();
                  revertGlobalText(doc, global);
                }
              }}
            />
            {editing ? (
              <button
                class="button"
                type="submit"
                data-testid="global-set"
                disabled={!!error || busy}
              >
                Set
              </button>
            ) : null}
          </form>
        ) : state?.value ? (
          <ValueText value={state.value} />
        ) : state ? (
          <span class="subtle">cannot cross the JS API</span>
        ) : (
          <span class="subtle">…</span>
        )}
        {error ? (
          <div class="error-text" data-testid="global-error">
            {error}
          </div>
        ) : null}
      </td>
    </tr>
  );
}

/** Renders the globals of the tab's instance. */
export function GlobalsPane({ doc, sandbox }: { doc: ModuleDocument; sandbox: SandboxState }) {
  const instance = useTabInstance(doc, sandbox);
  const globals = globalsOf(instance);
  const revision = sandbox.revision.value;
  const live = sandbox.live.value;
  const area = globalsArea(doc);
  const key = globals.map((g) => g.handle).join(',');
  useEffect(() => {
    if (sandbox.status.peek() === 'lost' || globals.length === 0) return;
    void readGlobalValues(doc, sandbox, globals);
  }, [key, revision]);
  useEffect(() => {
    if (globals.length === 0) return;
    const watchKey = `globals-pane:${doc.id}`;
    sandbox.watch(watchKey, { kind: 'globals', handles: globals.map((g) => g.handle) });
    return () => sandbox.watch(watchKey, null);
  }, [key]);
  useEffect(() => {
    // During a long call the worker pushes the watched globals (at most ten times a second).
    const pushed = live?.windows.find((w) => w.kind === 'globals');
    if (!pushed || pushed.kind !== 'globals') return;
    const values = new Map(area.values.peek());
    for (const state of pushed.globals) values.set(state.handle, state);
    area.values.value = values;
  }, [live]);
  if (!instance) return <p class="empty-note">Instantiate the module to see its globals.</p>;
  if (globals.length === 0)
    return <p class="empty-note">The instance has no globals (exported or imported).</p>;
  const mutable = globals.filter((g) => g.mutable).length;
  return (
    <div class="state-pane scroll-pane" data-testid="globals-pane">
      <div class="toolbar" role="toolbar" aria-label="Globals">
        <span class="toolbar-title">
          {globals.length} global{globals.length === 1 ? '' : 's'}
        </span>
        <span class="subtle">
          of instance #{instance.summary.instanceId}
          {mutable > 0 ? ` · ${mutable} mutable: edit a value and press Enter` : ''}
        </span>
      </div>
      {area.readError.value ? <p class="error-text">{area.readError.value}</p> : null}
      <table class="simple-table globals-table" aria-label="Globals">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Type</th>
            <th>Mutability</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {globals.map((g) => (
            <GlobalRow key={g.handle} doc={doc} sandbox={sandbox} global={g} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

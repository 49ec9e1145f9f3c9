/**
 * The Tables pane: the entries of the tab's instance's tables (its exported ones and those it
 * imports), virtualized so a table of 700,000 entries scrolls at once, refreshed after every
 * call. A function entry names its function (index, name, type) and
 * opens it in the code view; the selected entry can be set (`null`, or `#n` of a function or
 * reference the panel knows).
 */
import { useEffect } from 'preact/hooks';
import type { TableEntry } from '../../../protocol/sandbox/index.ts';
import {
  reveal,
  setTableEntryText,
  tablesArea,
  tablesOf,
  type LiveTable,
  type ModuleDocument,
  type SandboxState,
  type TableRef,
} from '../../state/index.ts';
import { DataGrid, formatCount, useStore, type Column } from '../common/index.ts';
import { ValueText } from './ValueText.tsx';
import { useTabInstance } from './use-tab-instance.ts';

/** Opens the function of `entry` in the code view of the module that defines it. */
function useOpenFunction(sandbox: SandboxState): (entry: TableEntry) => boolean {
  const store = useStore();
  return (entry) => {
    const func = entry.func;
    if (!func || func.moduleId === null || func.funcIndex === null) return false;
    const module = sandbox.modules.peek().find((m) => m.summary.moduleId === func.moduleId);
    const target = store.documents.list.peek().find((d) => d.id === module?.docId);
    if (!target) return false;
    store.documents.show({ kind: 'module', id: target.id });
    reveal(target, { kind: 'func', index: func.funcIndex });
    return true;
  };
}

function EntryCell({ entry, open }: { entry: TableEntry; open(entry: TableEntry): boolean }) {
  const value = entry.value;
  const func = entry.func;
  if (func) {
    const name = func.name ?? (func.funcIndex === null ? 'function' : `func[${func.funcIndex}]`);
    const where = func.host ? 'host' : func.funcIndex === null ? '' : `func ${func.funcIndex}`;
    return func.funcIndex !== null && func.moduleId !== null ? (
      <button
        type="button"
        class="link mono"
        tabIndex={-1}
        title={`Show function ${func.funcIndex} in the code`}
        data-testid="table-entry-func"
        onClick={() => open(entry)}
      >
        {name}
        <span class="subtle"> ({where})</span>
      </button>
    ) : (
      <span class="mono">
        {name}
        {where ? <span class="subtle"> ({where})</span> : null}
      </span>
    );
  }
  if ('ref' in value && value.ref === null) {
    // A non-null entry the panel holds no handle to (an externref, or a function the layer
    // cannot place) comes with its description.
    if (value.label)
      return (
        <span class="mono" title={value.label} data-testid="table-entry-described">
          {value.label}
        </span>
      );
    return <span class="subtle mono">null</span>;
  }
  return <ValueText value={value} />;
}

function TableGrid({
  doc,
  sandbox,
  table,
  live,
}: {
  doc: ModuleDocument;
  sandbox: SandboxState;
  table: TableRef;
  live: LiveTable;
}) {
  const area = tablesArea(doc);
  const open = useOpenFunction(sandbox);
  const revision = sandbox.revision.value;
  const rows = live.rows;
  void rows.version.value;
  const total = rows.total.value;
  useEffect(() => {
    // A call may have set entries or grown the table: read what is in view again.
    if (total === null) live.show(0, 64);
    else live.refresh();
  }, [revision]);

  const selected = area.selected.value;
  const entry = selected === null ? undefined : rows.get(selected);
  const element = live.element.value ?? table.type.element;
  const columns: Column<TableEntry>[] = [
    { id: 'index', title: 'Index', width: '72px', numeric: true, render: (e) => e.index },
    {
      id: 'entry',
      title: 'Entry',
      width: 'minmax(140px, 2fr)',
      render: (e) => <EntryCell entry={e} open={open} />,
      tooltip: (e) => e.func?.name ?? ('label' in e.value ? (e.value.label ?? '') : ''),
    },
    {
      id: 'type',
      title: 'Type',
      width: 'minmax(120px, 2fr)',
      render: (e) => <span class="mono">{e.func?.type ?? ''}</span>,
    },
  ];
  const error = area.editError.value;
  const busy = sandbox.status.value === 'busy';
  return (
    <>
      <div class="pane-grid">
        <DataGrid<TableEntry>
          label={`Entries of table ${table.name}`}
          count={total ?? 0}
          rowAt={(index) => rows.get(index)}
          columns={columns}
          selected={selected}
          onSelect={(index) => (area.selected.value = index)}
          onActivate={(_, e) => void open(e)}
          onRange={(start, end) => live.show(start, end)}
          testId="table-entries"
          minWidth="360px"
          rowData={(e) => ({
            'data-testid': 'table-entry',
            'data-index': String(e.index),
            'data-func': e.func?.funcIndex === null || !e.func ? '' : String(e.func.funcIndex),
          })}
          empty={total === null ? 'Reading the table…' : 'The table has no entries.'}
        />
      </div>
      <form
        class="pane-footer"
        data-testid="table-set"
        onSubmit={(event) => {
          event.preventDefault();
          if (selected !== null) void setTableEntryText(doc, sandbox, live, selected);
        }}
      >
        <label class="toolbar-field" for="table-entry-value">
          {selected === null ? 'Select an entry to set it' : `Set entry ${selected} to`}
        </label>
        <input
          id="table-entry-value"
          class={`text-input value-input${error ? ' invalid' : ''}`}
          placeholder={element === 'externref' ? 'null or #n' : 'null or #n (a function)'}
          title={`null, or #n: a ${element === 'externref' ? 'reference' : 'function'} the panel knows${entry ? ` (now ${entry.func?.name ?? ('ref' in entry.value && entry.value.ref === null ? 'null' : 'set')})` : ''}`}
          aria-invalid={error ? true : undefined}
          disabled={selected === null}
          data-testid="table-set-value"
          list="table-known-refs"
          value={area.editText.value}
          onInput={(event) => {
            area.editText.value = (event.target as HTMLInputElement).value;
            area.editError.value = null;
          }}
        />
        <datalist id="table-known-refs">
          <option value="null" />
          {sandbox.knownRefs.value
            .filter((r) =>
              element === 'externref' ? r.family === 'externref' : r.family === 'funcref',
            )
            .map((r) => (
              <option key={r.handle} value={`#${r.handle}`}>
                {r.label}
              </option>
            ))}
        </datalist>
        <button
          class="button"
          type="submit"
          data-testid="table-set-apply"
          disabled={selected === null || busy}
        >
          Set
        </button>
        {error ? (
          <span class="error-text" data-testid="table-set-error">
            {error}
          </span>
        ) : null}
      </form>
    </>
  );
}

/** Renders the tables of the tab's instance. */
export function TablesPane({ doc, sandbox }: { doc: ModuleDocument; sandbox: SandboxState }) {
  const instance = useTabInstance(doc, sandbox);
  const area = tablesArea(doc);
  const tables = tablesOf(instance);
  const chosen = tables.find((t) => t.handle === area.table.value) ?? tables[0];
  if (!instance) return <p class="empty-note">Instantiate the module to see its tables.</p>;
  if (!chosen) return <p class="empty-note">The instance has no tables (exported or imported).</p>;
  const live = area.live(sandbox, chosen.handle);
  const total = live.rows.total.value;
  return (
    <div class="state-pane" data-testid="tables-pane" data-table={chosen.name}>
      <div class="toolbar" role="toolbar" aria-label="Tables">
        {tables.length > 1 ? (
          <label class="toolbar-field">
            Table
            <select
              class="select"
              data-testid="table-select"
              value={String(chosen.handle)}
              onChange={(event) => {
                area.table.value = Number((event.target as HTMLSelectElement).value);
                area.selected.value = null;
              }}
            >
              {tables.map((t) => (
                <option key={t.handle} value={String(t.handle)}>
                  {t.name} ({t.source === 'export' ? 'exported' : 'imported'})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span class="toolbar-title mono">{chosen.name}</span>
        )}
        <span class="subtle" data-testid="table-facts">
          {chosen.source === 'export' ? 'exported' : 'imported'} ·{' '}
          <span class="mono">{live.element.value ?? chosen.type.element}</span> ·{' '}
          {total === null ? '…' : `${formatCount(total)} entries`}
          {chosen.type.maximum === null ? '' : ` (max ${formatCount(chosen.type.maximum)})`}
        </span>
      </div>
      {live.rows.error.value ? <p class="error-text">{live.rows.error.value}</p> : null}
      <TableGrid key={chosen.handle} doc={doc} sandbox={sandbox} table={chosen} live={live} />
    </div>
  );
}

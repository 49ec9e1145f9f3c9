/**
 * The Tables view's state for one module's Run tab: the tables of the tab's instance (its own
 * exported ones and those it imports), the one shown, its entries read from the worker a page
 * at a time (a table of 700,000 entries costs what its visible rows cost), the selected entry,
 * and setting an entry from typed text (`null`, or `#n`, a function or reference the panel
 * knows).
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { ExternSummary, TableEntry } from '../../../protocol/sandbox/index.ts';
import { WindowedRows } from '../common/windowed-rows.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import type { SandboxInstance, SandboxState } from './sandbox-state.ts';
import { parseValue } from './value-text.ts';

/** Entries fetched per page. */
export const TABLE_PAGE = 256;

/** A table of an instance. */
export interface TableRef {
  handle: number;
  /** The export name, or `module.name` of the import. */
  name: string;
  source: 'export' | 'import';
  type: Extract<ExternSummary, { kind: 'table' }>;
}

/** The tables of `instance`: its exports first, then its imports (one entry per handle). */
export function tablesOf(instance: SandboxInstance | undefined): TableRef[] {
  if (!instance) return [];
  const refs: TableRef[] = [];
  const seen = new Set<number>();
  for (const exp of instance.summary.exports) {
    if (exp.type.kind !== 'table' || seen.has(exp.handle)) continue;
    seen.add(exp.handle);
    refs.push({ handle: exp.handle, name: exp.name, source: 'export', type: exp.type });
  }
  for (const imp of instance.summary.imports) {
    if (imp.type.kind !== 'table' || seen.has(imp.handle)) continue;
    seen.add(imp.handle);
    refs.push({
      handle: imp.handle,
      name: `${imp.module}.${imp.name}`,
      source: 'import',
      type: imp.type,
    });
  }
  return refs;
}

/** The entries of one table, windowed, with the rows in view remembered for refreshes. */
export interface LiveTable {
  readonly handle: number;
  readonly rows: WindowedRows<TableEntry>;
  /** The table's element type, once the first page arrived. */
  readonly element: Signal<string | null>;
  /** The view shows rows `start … end - 1`. */
  show(start: number, end: number): void;
  /** Reads the rows in view again (after a call or a set). */
  refresh(): void;
}

/** The Tables view's state of one module. */
export interface TablesArea {
  /** The handle of the table shown; null for the first one. */
  readonly table: Signal<number | null>;
  readonly selected: Signal<number | null>;
  /** What the user typed as the selected entry's new value. */
  readonly editText: Signal<string>;
  readonly editError: Signal<string | null>;
  /** The entries of table `handle` (made once per handle). */
  live(sandbox: SandboxState, handle: number): LiveTable;
}

function createLiveTable(sandbox: SandboxState, handle: number): LiveTable {
  const element = signal<string | null>(null);
  const rows = new WindowedRows<TableEntry>(async (start, count) => {
    const window = await sandbox.readTable(handle, start, count);
    element.value = window.element;
    return { total: window.size, rows: window.entries };
  }, TABLE_PAGE);
  let range = { start: 0, end: TABLE_PAGE };
  return {
    handle,
    rows,
    element,
    show(start, end) {
      range = { start, end };
      rows.ensure(start, end);
    },
    refresh() {
      rows.revalidate(range.start, range.end);
    },
  };
}

/** The Tables view's state of `doc`. */
export function tablesArea(doc: ModuleDocument): TablesArea {
  return documentArea(doc, 'tables', () => {
    const lives = new Map<number, LiveTable>();
    return {
      table: signal<number | null>(null),
      selected: signal<number | null>(null),
      editText: signal(''),
      editError: signal<string | null>(null),
      live(sandbox, handle) {
        let live = lives.get(handle);
        if (!live) lives.set(handle, (live = createLiveTable(sandbox, handle)));
        return live;
      },
    };
  });
}

/**
 * Sets entry `index` of `table` to the value typed in the area's edit field; returns whether
 * it was set. A field that does not parse, or a value the table refuses (a function of another
 * type, an index past the end), is reported in `editError`.
 */
export async function setTableEntryText(
  doc: ModuleDocument,
  sandbox: SandboxState,
  table: LiveTable,
  index: number,
): Promise<boolean> {
  const area = tablesArea(doc);
  const element = table.element.peek() ?? 'funcref';
  const parsed = parseValue(area.editText.peek(), element, sandbox.knownRefs.peek());
  if (!parsed.ok) {
    area.editError.value = parsed.error;
    return false;
  }
  try {
    await sandbox.setTableEntry(table.handle, index, parsed.value);
  } catch (error) {
    area.editError.value = error instanceof Error ? error.message : String(error);
    return false;
  }
  batch(() => {
    area.editError.value = null;
    area.editText.value = '';
  });
  table.refresh();
  return true;
}

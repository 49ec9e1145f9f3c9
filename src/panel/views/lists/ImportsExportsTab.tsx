/**
 * Imports and exports with their full types, one above the other; a short list takes only
 * the height of its rows, and the long one the rest.
 */
import type { ModuleDocument } from '../../state/index.ts';
import { EntityList } from './EntityList.tsx';
import { indexColumn, kindColumn, nameColumn, noteColumn, typeColumn } from './columns.tsx';
import type { ListRow } from '../../../protocol/decode/index.ts';
import type { Column } from '../common/index.ts';
import { listPaneHeight } from './pane-height.ts';

const moduleColumn: Column<ListRow> = {
  id: 'module',
  title: 'Module',
  width: 'minmax(60px, 1fr)',
  render: (row) => row.module ?? '',
  tooltip: (row) => row.module ?? '',
};

/** Lists this short or shorter are sized to their rows. */
const SHORT_LIST = 8;

/** The style of a list's section: its rows' height when the list is short, else a flexible share. */
function paneStyle(total: number | null) {
  if (total === null || total > SHORT_LIST) return undefined;
  return { flex: '0 0 auto', minHeight: 0, height: `${listPaneHeight(total, SHORT_LIST, true)}px` };
}

/** Renders the Imports/Exports tab. */
export function ImportsExportsTab({ doc }: { doc: ModuleDocument }) {
  // Sized by the whole lists (the overview's counts), so filtering does not move the panes.
  const counts = doc.overview.value?.counts;
  const imports = counts ? counts.imports : null;
  const exports = counts ? counts.exports : null;
  return (
    <div class="split-lists">
      <section class="split-list" aria-label="Imports" style={paneStyle(imports)}>
        <h2 class="list-title">Imports</h2>
        <EntityList
          doc={doc}
          kind="imports"
          label="Imports"
          columns={[
            moduleColumn,
            nameColumn,
            kindColumn,
            { ...indexColumn, title: 'Index' },
            typeColumn,
          ]}
          minWidth="520px"
        />
      </section>
      <section class="split-list" aria-label="Exports" style={paneStyle(exports)}>
        <h2 class="list-title">Exports</h2>
        <EntityList
          doc={doc}
          kind="exports"
          label="Exports"
          columns={[
            nameColumn,
            kindColumn,
            { ...indexColumn, title: 'Index' },
            typeColumn,
            { ...noteColumn, title: 'Internal name' },
          ]}
          minWidth="520px"
        />
      </section>
    </div>
  );
}

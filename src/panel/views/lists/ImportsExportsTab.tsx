/**
 * Imports and exports with their full types, side by side when there is room. Enter or a
 * double click shows an entry in the code: a function's body, anything else's definition.
 */
import { reveal, type ModuleDocument } from '../../state/index.ts';
import { EntityList } from './EntityList.tsx';
import { indexColumn, kindColumn, nameColumn, noteColumn, typeColumn } from './columns.tsx';
import type { ListRow } from '../../../protocol/decode/index.ts';
import type { Column } from '../common/index.ts';

const moduleColumn: Column<ListRow> = {
  id: 'module',
  title: 'Module',
  width: 'minmax(60px, 1fr)',
  render: (row) => row.module ?? '',
  tooltip: (row) => row.module ?? '',
};

/** Shows what a list row names in the Code tab. */
function showInCode(doc: ModuleDocument, row: ListRow): void {
  if (row.entity.kind === 'func') reveal(doc, { kind: 'func', index: row.entity.index });
  else reveal(doc, { kind: 'code', target: { kind: 'definition', entity: row.entity } });
}

/** Renders the Imports/Exports tab. */
export function ImportsExportsTab({ doc }: { doc: ModuleDocument }) {
  return (
    <div class="split-lists">
      <section class="split-list" aria-label="Imports">
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
          onActivate={(row) => showInCode(doc, row)}
        />
      </section>
      <section class="split-list" aria-label="Exports">
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
            noteColumn,
          ]}
          minWidth="520px"
          onActivate={(row) => showInCode(doc, row)}
        />
      </section>
    </div>
  );
}

/**
 * Every function of the module (imported first): name, type, body size, locals. Enter or a
 * double click shows its code.
 */
import type { ListRow } from '../../../protocol/decode/index.ts';
import { reveal, type ModuleDocument } from '../../state/index.ts';
import type { Column } from '../common/index.ts';
import { EntityList } from './EntityList.tsx';
import { indexColumn, nameColumn, noteColumn, sizeColumn, typeColumn } from './columns.tsx';

const localsColumn: Column<ListRow> = {
  id: 'locals',
  title: 'Locals',
  width: '56px',
  numeric: true,
  render: (row) => (row.imported ? '' : row.locals === -1 ? '?' : (row.locals ?? '')),
};

/** Renders the Functions tab. */
export function FunctionsTab({ doc }: { doc: ModuleDocument }) {
  return (
    <EntityList
      doc={doc}
      kind="functions"
      label="Functions"
      columns={[indexColumn, nameColumn, typeColumn, sizeColumn, localsColumn, noteColumn]}
      onActivate={(row) => reveal(doc, { kind: 'func', index: row.entity.index })}
      minWidth="600px"
    />
  );
}

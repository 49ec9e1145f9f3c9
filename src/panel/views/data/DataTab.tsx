/**
 * The module's data: data segments with a hex view of the selected one's bytes, element
 * segments with their items (a click on a function goes to its code), and the globals, tables,
 * memories and tags with their types and initializers. Takes `reveal` targets of kind `data`
 * and `elem`.
 */
import { useEffect } from 'preact/hooks';
import type { ModuleCounts } from '../../../protocol/decode/index.ts';
import {
  DATA_LISTS,
  dataState,
  navigationOf,
  takeReveal,
  type DataList,
  type ModuleDocument,
} from '../../state/index.ts';
import { Tabs, useStore } from '../common/index.ts';
import { EntityList } from '../lists/EntityList.tsx';
import { indexColumn, nameColumn, typeColumn } from '../lists/columns.tsx';
import { DataSegments } from './DataSegments.tsx';
import { ElementSegments } from './ElementSegments.tsx';
import { initColumn } from './data-columns.tsx';

const TITLES: Record<DataList, string> = {
  datas: 'Data',
  elems: 'Elements',
  globals: 'Globals',
  tables: 'Tables',
  memories: 'Memories',
  tags: 'Tags',
};

const COUNT_KEYS: Record<DataList, keyof ModuleCounts> = {
  datas: 'datas',
  elems: 'elems',
  globals: 'globals',
  tables: 'tables',
  memories: 'memories',
  tags: 'tags',
};

/** Renders the Data tab of `doc`. */
export function DataTab({ doc }: { doc: ModuleDocument }) {
  const store = useStore();
  const state = dataState(doc, store.decoder);
  const pending = navigationOf(doc).pending.value;
  useEffect(() => {
    const target = takeReveal(doc, ['data', 'elem']);
    if (target) state.show(target);
  }, [pending]);
  const counts = doc.overview.value?.counts;
  const list = state.list.value;
  return (
    <div class="tab-panel" data-testid="data-tab">
      <Tabs
        label="Data lists"
        tabs={DATA_LISTS.map((id) => ({
          id,
          title: (
            <>
              {TITLES[id]}
              {counts ? <span class="subtle tab-count">{counts[COUNT_KEYS[id]]}</span> : null}
            </>
          ),
        }))}
        selected={list}
        onSelect={(id) => (state.list.value = id as DataList)}
        testId="data-lists"
      />
      <div class="tab-panel" role="tabpanel" aria-label={TITLES[list]} data-testid={`data-${list}`}>
        {list === 'datas' ? (
          <DataSegments doc={doc} state={state} />
        ) : list === 'elems' ? (
          <ElementSegments doc={doc} state={state} />
        ) : (
          <EntityList
            key={list}
            doc={doc}
            kind={list}
            label={TITLES[list]}
            columns={[indexColumn, nameColumn, typeColumn, initColumn]}
            minWidth="440px"
          />
        )}
      </div>
    </div>
  );
}

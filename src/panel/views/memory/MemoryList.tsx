/**
 * The Memory view over several memories: a selector in the view's toolbar (a module with
 * several memories, or every memory of a store) and the view of the chosen one.
 */
import type { MemoryList } from '../../state/index.ts';
import { MemoryView } from './MemoryView.tsx';
import type { SaveFile } from './save-file.ts';

/** The toolbar's choice of memory when `list` has more than one (else nothing). */
export function MemorySelect({ list }: { list: MemoryList }) {
  const sources = list.sources.value;
  if (sources.length < 2) return null;
  return (
    <select
      class="memory-toolbar-select memory-source-select"
      aria-label="Memory"
      value={list.selectedId.value ?? ''}
      onChange={(event) => list.select(event.currentTarget.value)}
      data-testid="memory-select"
    >
      {sources.map((source) => (
        <option key={source.id} value={source.id}>
          {source.label}
        </option>
      ))}
    </select>
  );
}

/** Renders the memories of `list`. */
export function MemoryListView({ list, saveFile }: { list: MemoryList; saveFile?: SaveFile }) {
  const inspector = list.selected.value;
  if (!inspector) return <div class="empty-note">No memory to show.</div>;
  const selector = <MemorySelect list={list} />;
  return (
    <MemoryView
      key={inspector.source.id}
      inspector={inspector}
      saveFile={saveFile}
      leading={selector}
    />
  );
}

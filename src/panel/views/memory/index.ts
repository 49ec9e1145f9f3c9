/**
 * The Memory view: {@link MemoryView} over a `MemoryInspector` (state made by
 * `createMemoryInspector`), {@link MemorySourceView} over a `MemorySource` (it makes the
 * state), and {@link MemoryListView} over several memories.
 */
export { MemorySourceView, MemoryView, type MemoryViewProps } from './MemoryView.tsx';
export { MemoryListView, MemorySelect } from './MemoryList.tsx';
export { saveWithLink, type SaveFile } from './save-file.ts';

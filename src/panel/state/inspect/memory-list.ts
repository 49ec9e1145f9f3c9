/**
 * Several memories behind one selector (a module with multi-memory, or every memory of a
 * store): the list of sources, which one shows, and one {@link MemoryInspector} per source,
 * kept while the source is listed (so switching back finds the cursor where it was) and
 * disposed when it goes.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import {
  createMemoryInspector,
  type MemoryInspector,
  type MemoryInspectorOptions,
} from './memory-inspector.ts';
import type { MemorySource } from './memory-source.ts';

/** The state of a Memory view over several sources. */
export interface MemoryList {
  readonly sources: Signal<readonly MemorySource[]>;
  /** The id of the source shown, or null when there is none. */
  readonly selectedId: Signal<string | null>;
  /** The shown source's inspector. */
  readonly selected: ReadonlySignal<MemoryInspector | null>;
  /** Replaces the sources (keeps the inspectors of the ones still listed). */
  setSources(sources: readonly MemorySource[]): void;
  select(id: string): void;
  /** The inspector of `source` (made on first use). */
  inspector(source: MemorySource): MemoryInspector;
  dispose(): void;
}

/** Creates a list over `sources`. */
export function createMemoryList(
  sources: readonly MemorySource[] = [],
  options: MemoryInspectorOptions = {},
): MemoryList {
  const list = signal<readonly MemorySource[]>([]);
  const selectedId = signal<string | null>(null);
  const inspectors = new Map<string, MemoryInspector>();
  const inspector = (source: MemorySource): MemoryInspector => {
    let found = inspectors.get(source.id);
    if (!found || found.source !== source) {
      found?.dispose();
      found = createMemoryInspector(source, options);
      inspectors.set(source.id, found);
    }
    return found;
  };
  const state: MemoryList = {
    sources: list,
    selectedId,
    selected: computed(() => {
      const id = selectedId.value;
      const source = list.value.find((s) => s.id === id);
      return source ? inspector(source) : null;
    }),
    setSources(next) {
      const ids = new Set(next.map((s) => s.id));
      for (const [id, found] of inspectors) {
        const replaced = next.find((s) => s.id === id);
        if (!ids.has(id) || replaced !== found.source) {
          found.dispose();
          inspectors.delete(id);
        }
      }
      batch(() => {
        list.value = next;
        if (!next.some((s) => s.id === selectedId.peek())) selectedId.value = next[0]?.id ?? null;
      });
    },
    select(id) {
      if (list.peek().some((s) => s.id === id)) selectedId.value = id;
    },
    inspector,
    dispose() {
      for (const found of inspectors.values()) found.dispose();
      inspectors.clear();
      list.value = [];
      selectedId.value = null;
    },
  };
  state.setSources(sources);
  return state;
}

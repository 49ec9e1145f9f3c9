/**
 * The Run tab's Memory view state for one module: the memories of the instance the tab calls
 * (exported or imported, one entry per memory, whichever way it is reached) as
 * {@link SandboxMemorySource}s behind one {@link MemoryList}. It follows the tab by itself: a
 * new instance brings its memories; when the instance goes (the session lost, its store
 * disposed) the list keeps the lost sources, whose reads fail with the reason, until there is
 * an instance again (after "Start again" the tab points at the re-made one).
 */
import { computed, effect, type ReadonlySignal } from '@preact/signals';
import type { InstanceSummary } from '../../../protocol/sandbox/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import {
  createMemoryList,
  type MemoryInspectorOptions,
  type MemoryList,
} from '../inspect/index.ts';
import { runArea } from './run-area.ts';
import type { SandboxInstance, SandboxState } from './sandbox-state.ts';

/** A memory of an instance, as the Memory view lists it. */
export interface InstanceMemory {
  handle: number;
  /** Its export name (`memory`), else its import name (`env.memory`). */
  label: string;
  is64: boolean;
}

/** The Run tab's Memory view state. */
export interface RunMemory {
  /** The memories shown (one selected), each with its inspector. */
  readonly list: MemoryList;
  /** The instance the memories belong to, while it exists. */
  readonly instance: ReadonlySignal<SandboxInstance | null>;
}

/**
 * The memories of `summary`: exported ones in export order, then imported ones not also
 * exported (the same memory has one handle, however it is reached).
 */
export function instanceMemories(summary: InstanceSummary): InstanceMemory[] {
  const found = new Map<number, InstanceMemory>();
  for (const exp of summary.exports) {
    if (exp.type.kind !== 'memory' || found.has(exp.handle)) continue;
    found.set(exp.handle, {
      handle: exp.handle,
      label: exp.name,
      is64: exp.type.address === 'i64',
    });
  }
  for (const imp of summary.imports) {
    if (imp.type.kind !== 'memory' || found.has(imp.handle)) continue;
    found.set(imp.handle, {
      handle: imp.handle,
      label: `${imp.module}.${imp.name}`,
      is64: imp.type.address === 'i64',
    });
  }
  return [...found.values()];
}

/**
 * The Memory view state of `doc`'s Run tab (made on first use, ended with the document).
 *
 * @example
 * ```ts
 * const { list } = runMemory(doc, store.sandbox);
 * list.selected.value?.goTo('0x400');
 * ```
 */
export function runMemory(
  doc: ModuleDocument,
  sandbox: SandboxState,
  options: MemoryInspectorOptions = {},
): RunMemory {
  return documentArea(doc, 'run-memory', () => {
    const area = runArea(doc);
    const list = createMemoryList([], options);
    const instance = computed(() => {
      const id = area.instanceId.value;
      return (
        sandbox.instances.value.find((i) => i.summary.instanceId === id && i.docId === doc.id) ??
        null
      );
    });
    const stop = effect(() => {
      const current = instance.value;
      if (!current) return;
      list.setSources(
        instanceMemories(current.summary).map((m) =>
          sandbox.memorySource(m.handle, m.label, m.is64),
        ),
      );
    });
    doc.abort.signal.addEventListener(
      'abort',
      () => {
        stop();
        list.dispose();
      },
      { once: true },
    );
    return { list, instance };
  });
}

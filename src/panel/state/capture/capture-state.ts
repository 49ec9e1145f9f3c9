/**
 * The inspected page's captured modules, instances and hook status, as signals, plus the
 * sidebar's filter and the grouping by frame and worker. Fed only by `applyPanelEvent`.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { InstanceEntry, ModuleEntry, TabStatus } from '../../../protocol/index.ts';

/** A module row as the panel shows it. */
export interface PanelModule extends ModuleEntry {
  /** The bytes reached the panel and matched the hash. */
  complete: boolean;
  /** Why the bytes could not be fetched, if they could not. */
  bytesError: string | null;
  /** The bytes are on their way (queued or arriving). */
  fetching: boolean;
}

/** Whether the panel is talking to the background. */
export type ConnectionState = 'connecting' | 'connected';

/** Modules of one frame or worker. */
export interface ModuleGroup {
  /** `frame:<id>` or `worker:<url>`. */
  key: string;
  /** What the sidebar shows: the frame's or worker's URL. */
  label: string;
  kind: 'frame' | 'worker';
  modules: PanelModule[];
}

/** The capture area of the store. */
export interface CaptureState {
  readonly modules: Signal<PanelModule[]>;
  readonly instances: Signal<InstanceEntry[]>;
  readonly status: Signal<TabStatus>;
  readonly connection: Signal<ConnectionState>;
  /** The sidebar's filter text (URL or hash). */
  readonly filter: Signal<string>;
  /** Filtered modules, grouped by frame, then by worker, in order of first appearance. */
  readonly groups: ReadonlySignal<ModuleGroup[]>;
  /** Why the last attempt to open a captured module failed, if it did. */
  readonly openError: Signal<string | null>;
  /**
   * Opens captured module `hash` in the explorer (once its bytes are verified). Delegates to
   * the connection installed by `connectCapture`.
   */
  open(hash: string): Promise<void>;
  /** Installs the connection's opener (done by `connectCapture`). */
  setOpener(opener: (hash: string) => Promise<void>): void;
  /** Forgets everything (navigation of the inspected tab is handled by the background). */
  clear(): void;
}

/** A status before the background answered. */
export function emptyStatus(): TabStatus {
  return { hookInstalled: false, frames: 0, workersCovered: 0, uncoveredWorkers: [], dropped: 0 };
}

/** Whether `module` matches the filter text (URL, frame URL, hash prefix). */
export function moduleMatches(module: PanelModule, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return (
    module.hash.startsWith(needle) ||
    module.sourceUrl.toLowerCase().includes(needle) ||
    module.frameUrl.toLowerCase().includes(needle) ||
    (module.worker?.url.toLowerCase().includes(needle) ?? false)
  );
}

/** Groups `modules` by frame and worker, keeping first-seen order. */
export function groupModules(modules: readonly PanelModule[]): ModuleGroup[] {
  const groups = new Map<string, ModuleGroup>();
  for (const module of modules) {
    const key = module.worker ? `worker:${module.worker.workerId}` : `frame:${module.frameId}`;
    let group = groups.get(key);
    if (!group) {
      group = module.worker
        ? { key, label: module.worker.url, kind: 'worker', modules: [] }
        : { key, label: module.frameUrl || `frame ${module.frameId}`, kind: 'frame', modules: [] };
      groups.set(key, group);
    }
    group.modules.push(module);
  }
  return [...groups.values()];
}

/** Creates the capture area. */
export function createCaptureState(): CaptureState {
  const modules = signal<PanelModule[]>([]);
  const filter = signal('');
  const openError = signal<string | null>(null);
  let opener: ((hash: string) => Promise<void>) | null = null;
  return {
    modules,
    instances: signal<InstanceEntry[]>([]),
    status: signal<TabStatus>(emptyStatus()),
    connection: signal<ConnectionState>('connecting'),
    filter,
    groups: computed(() =>
      groupModules(modules.value.filter((m) => moduleMatches(m, filter.value))),
    ),
    openError,
    async open(hash) {
      openError.value = null;
      try {
        if (!opener) throw new Error('not connected to the inspected page');
        await opener(hash);
      } catch (error) {
        openError.value = error instanceof Error ? error.message : String(error);
      }
    },
    setOpener(next) {
      opener = next;
    },
    clear() {
      modules.value = [];
      this.instances.value = [];
      this.status.value = emptyStatus();
      filter.value = '';
    },
  };
}

/**
 * The panel's state as signals: the inspected tab's modules (with whether their bytes reached
 * the panel intact), its instances and its capture status. Views read these; only the actions
 * in `index.ts` write them.
 */
import { signal } from '@preact/signals';
import type { InstanceEntry, ModuleEntry, TabStatus } from '../../protocol/index.ts';

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

/** All panel signals. */
export const modules = signal<PanelModule[]>([]);
/** Live and stale instances of the tab. */
export const instances = signal<InstanceEntry[]>([]);
/** The tab's hook status. */
export const status = signal<TabStatus>({
  hookInstalled: false,
  frames: 0,
  workersCovered: 0,
  uncoveredWorkers: [],
  dropped: 0,
});
/** Connection to the background. */
export const connection = signal<ConnectionState>('connecting');

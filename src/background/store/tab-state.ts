/**
 * What the background knows about one tab: its frames' hook realms and statuses, the modules
 * (one per hash) and instances they reported, and the verified bytes it caches. Staleness is
 * derived, not stored: a module is stale when the realm that reported it is no longer its
 * frame's current realm.
 */
import type {
  InstanceEntry,
  InstanceReport,
  ModuleEntry,
  ModuleReport,
  StatusReport,
  TabSnapshot,
} from '../../protocol/index.ts';
import { ByteCache } from './byte-cache.ts';

/** The top frame's id in both browsers. */
const TOP_FRAME = 0;

/** Most modules and instances remembered per tab; a flooding page loses its oldest entries. */
export const MAX_MODULES_PER_TAB = 2000;
export const MAX_INSTANCES_PER_TAB = 20_000;

function setBounded<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as string);
  map.set(key, value);
}

/** A module as stored: the report, where it came from, and when it was last used. */
export interface StoredModule {
  report: ModuleReport;
  frameId: number;
  realmId: string;
}

/** An instance as stored. */
export interface StoredInstance {
  report: InstanceReport;
  frameId: number;
  realmId: string;
}

/** Per-frame hook state. */
export interface FrameState {
  status: StatusReport;
  dropped: number;
}

/** The serialisable part of a tab's state (everything but the bytes). */
export interface TabRecord {
  frames: [number, FrameState][];
  modules: StoredModule[];
  instances: StoredInstance[];
}

/** One tab's captured state. */
export class TabState {
  readonly frames = new Map<number, FrameState>();
  readonly modules = new Map<string, StoredModule>();
  readonly instances = new Map<string, StoredInstance>();
  readonly bytes: ByteCache;

  constructor(
    readonly tabId: number,
    byteBudget: number,
  ) {
    this.bytes = new ByteCache(byteBudget);
  }

  /** Rebuilds a tab from its persisted record (bytes are not persisted). */
  static restore(tabId: number, byteBudget: number, record: TabRecord): TabState {
    const tab = new TabState(tabId, byteBudget);
    for (const [frameId, frame] of record.frames) tab.frames.set(frameId, frame);
    for (const module of record.modules) tab.modules.set(module.report.hash, module);
    for (const instance of record.instances)
      tab.instances.set(instance.report.instanceId, instance);
    return tab;
  }

  /** The persistable record. */
  record(): TabRecord {
    return {
      frames: [...this.frames],
      modules: [...this.modules.values()],
      instances: [...this.instances.values()],
    };
  }

  /** The realm currently running in `frameId`, if its hook has reported. */
  realmOf(frameId: number): string | undefined {
    return this.frames.get(frameId)?.status.realmId;
  }

  /** True when the document that reported `item` has gone. */
  isStale(item: { frameId: number; realmId: string }): boolean {
    return this.realmOf(item.frameId) !== item.realmId;
  }

  /** Notes the relay's drop counter for a frame. */
  noteDropped(frameId: number, dropped: number): void {
    const frame = this.frames.get(frameId);
    if (frame) frame.dropped = Math.max(frame.dropped, dropped);
  }

  /**
   * Applies a hook status. A new realm in a frame means that frame navigated: its instances
   * are dropped, and when it is the top frame, all subframes are forgotten too.
   */
  applyStatus(frameId: number, status: StatusReport, dropped: number): void {
    const previous = this.frames.get(frameId);
    if (previous && previous.status.realmId !== status.realmId) {
      if (frameId === TOP_FRAME) {
        for (const id of [...this.frames.keys()]) if (id !== TOP_FRAME) this.frames.delete(id);
      }
      for (const [id, instance] of this.instances) {
        if (this.isStaleAfter(instance, frameId, status.realmId)) this.instances.delete(id);
      }
    }
    const sameRealm = previous?.status.realmId === status.realmId;
    this.frames.set(frameId, {
      status,
      dropped: sameRealm ? Math.max(previous.dropped, dropped) : dropped,
    });
  }

  private isStaleAfter(instance: StoredInstance, frameId: number, realmId: string): boolean {
    if (frameId === TOP_FRAME && instance.frameId !== TOP_FRAME) return true;
    return instance.frameId === frameId && instance.realmId !== realmId;
  }

  /** Adds a module or refreshes where it was last seen; false if the frame has no hook yet. */
  applyModule(frameId: number, report: ModuleReport): boolean {
    const realmId = this.realmOf(frameId);
    if (!realmId) return false;
    const known = this.modules.get(report.hash);
    // The first sighting is kept (entry point, time), but a fresh document takes it over.
    if (known && !this.isStale(known)) return false;
    setBounded(this.modules, report.hash, { report, frameId, realmId }, MAX_MODULES_PER_TAB);
    return true;
  }

  /** Adds an instance; false if the frame has no hook yet. */
  applyInstance(frameId: number, report: InstanceReport): boolean {
    const realmId = this.realmOf(frameId);
    if (!realmId) return false;
    const stored = { report, frameId, realmId };
    setBounded(this.instances, report.instanceId, stored, MAX_INSTANCES_PER_TAB);
    return true;
  }

  /** Forgets a collected instance. */
  removeInstance(instanceId: string): boolean {
    return this.instances.delete(instanceId);
  }

  /** Everything a panel shows. */
  snapshot(): TabSnapshot {
    const counts = new Map<string, number>();
    const instances: InstanceEntry[] = [];
    for (const stored of this.instances.values()) {
      const stale = this.isStale(stored);
      if (!stale) counts.set(stored.report.hash, (counts.get(stored.report.hash) ?? 0) + 1);
      const { kind: _kind, ...report } = stored.report;
      instances.push({ ...report, frameId: stored.frameId, stale });
    }
    const modules: ModuleEntry[] = [...this.modules.values()].map((stored) => {
      const { kind: _kind, ...report } = stored.report;
      return {
        ...report,
        frameId: stored.frameId,
        instances: counts.get(report.hash) ?? 0,
        stale: this.isStale(stored),
        bytesCached: this.bytes.has(report.hash),
      };
    });
    const frames = [...this.frames.values()];
    return {
      tabId: this.tabId,
      modules,
      instances,
      status: {
        hookInstalled: frames.length > 0,
        frames: frames.length,
        workersCovered: frames.reduce((sum, frame) => sum + frame.status.workersCovered, 0),
        uncoveredWorkers: frames.flatMap((frame) => frame.status.uncoveredWorkers),
        dropped: frames.reduce((sum, frame) => sum + frame.dropped, 0),
      },
    };
  }
}

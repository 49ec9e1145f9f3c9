/**
 * Mirrors each tab's metadata (not the bytes) into `storage.session`, so a service worker that
 * the browser stopped comes back knowing what every tab captured. Session storage is memory
 * only and cleared when the browser closes.
 */
import type { Storage } from 'webextension-polyfill';
import type { TabRecord } from './store/tab-state.ts';

const KEY_PREFIX = 'tab:';

/** Most instances persisted per tab; the hooks re-announce the rest when a panel subscribes. */
const MAX_PERSISTED_INSTANCES = 500;

/** Writes tab records, at most one write per tab in flight. */
export class SessionMirror {
  readonly #queued = new Map<number, TabRecord | null>();
  #writing = false;

  constructor(private readonly area: Storage.StorageArea) {}

  /** Loads every persisted tab. */
  async load(): Promise<Map<number, TabRecord>> {
    const tabs = new Map<number, TabRecord>();
    const all = await this.area.get(null);
    for (const [key, value] of Object.entries(all)) {
      const tabId = Number(key.slice(KEY_PREFIX.length));
      if (key.startsWith(KEY_PREFIX) && Number.isSafeInteger(tabId))
        tabs.set(tabId, value as TabRecord);
    }
    return tabs;
  }

  /** Schedules a write (or removal, for null). */
  save(tabId: number, record: TabRecord | null): void {
    const trimmed = record && {
      ...record,
      instances: record.instances.slice(-MAX_PERSISTED_INSTANCES),
    };
    this.#queued.set(tabId, trimmed);
    if (!this.#writing) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#queued.size > 0) {
      const [tabId, record] = this.#queued.entries().next().value as [number, TabRecord | null];
      this.#queued.delete(tabId);
      try {
        if (record) await this.area.set({ [KEY_PREFIX + tabId]: record });
        else await this.area.remove(KEY_PREFIX + tabId);
      } catch {
        // Over quota: the state still lives in memory; only a restart would lose it.
      }
    }
    this.#writing = false;
  }
}

/**
 * The lifetime registry's history as the panel keeps it: the registry's snapshots say where
 * each store and host function is now; its events, stamped by the worker, say when each got
 * there. This log folds the events into one small record per store and per host function
 * (created, first and last call, released, collected, calls after free), remembers the import
 * each host function serves, and the time of each leak, bounded so a loop that makes a million
 * host functions costs a bounded amount.
 */
import { signal, type Signal } from '@preact/signals';
import type { HostFuncOrigin, RegistryBatch } from '../../../protocol/sandbox/index.ts';
import type { ReleasedBy } from '../../../runtime/index.ts';

/** Host functions (and stores) whose history is kept; older ones are forgotten first. */
export const MAX_TRACKED = 20_000;
/** Calls after free whose times are kept per host function. */
export const MAX_AFTER_FREE_TIMES = 20;

/** When a store was made and how it ended. */
export interface StoreHistory {
  storeId: number;
  createdAt: number | null;
  disposedAt: number | null;
  /** `dispose`, `intoData`, or `gc` (collected without `dispose()`). */
  disposedBy: 'dispose' | 'intoData' | 'gc' | null;
}

/** The life of one host function, as the events told it (times in ms since the epoch). */
export interface HostFuncHistory {
  funcId: number;
  storeId: number;
  createdAt: number | null;
  firstCallAt: number | null;
  lastCallAt: number | null;
  /** Calls whose events the panel received (the snapshot's count is the exact one). */
  callsSeen: number;
  releasedAt: number | null;
  releasedBy: ReleasedBy | null;
  /** When its callable was collected (the callable's member of the group dropped). */
  collectedAt: number | null;
  /** Times of the first calls after free. */
  afterFree: number[];
  /** The import it serves, when the sandbox made it for one. */
  origin: HostFuncOrigin | null;
}

/** The history of a session's registry. */
export interface LifetimeLog {
  /** Bumped after every batch: views re-read the maps below. */
  readonly version: Signal<number>;
  store(storeId: number): StoreHistory | undefined;
  hostFunc(funcId: number): HostFuncHistory | undefined;
  /** When the leak with sequence number `seq` (0 = the session's first) was flagged. */
  leakTime(seq: number): number | undefined;
  /** Folds a batch in. */
  apply(batch: RegistryBatch): void;
  /** Forgets everything (a new worker starts a new registry). */
  reset(): void;
}

function bounded<K, V>(map: Map<K, V>): void {
  while (map.size > MAX_TRACKED) map.delete(map.keys().next().value as K);
}

/** Creates an empty log. */
export function createLifetimeLog(): LifetimeLog {
  const version = signal(0);
  let stores = new Map<number, StoreHistory>();
  let funcs = new Map<number, HostFuncHistory>();
  let leakTimes = new Map<number, number>();
  let leaksSeen = 0;

  const storeOf = (storeId: number): StoreHistory => {
    let history = stores.get(storeId);
    if (!history) {
      history = { storeId, createdAt: null, disposedAt: null, disposedBy: null };
      stores.set(storeId, history);
      bounded(stores);
    }
    return history;
  };

  const funcOf = (funcId: number, storeId: number): HostFuncHistory => {
    let history = funcs.get(funcId);
    if (!history) {
      history = {
        funcId,
        storeId,
        createdAt: null,
        firstCallAt: null,
        lastCallAt: null,
        callsSeen: 0,
        releasedAt: null,
        releasedBy: null,
        collectedAt: null,
        afterFree: [],
        origin: null,
      };
      funcs.set(funcId, history);
      bounded(funcs);
    }
    return history;
  };

  return {
    version,
    store: (storeId) => stores.get(storeId),
    hostFunc: (funcId) => funcs.get(funcId),
    leakTime: (seq) => leakTimes.get(seq),
    apply(batch) {
      batch.events.forEach((event, i) => {
        const at = batch.times[i];
        switch (event.kind) {
          case 'store-created':
            storeOf(event.storeId).createdAt = at;
            break;
          case 'store-disposed': {
            const history = storeOf(event.storeId);
            history.disposedAt = at;
            history.disposedBy = event.by;
            break;
          }
          case 'host-func-created':
            funcOf(event.funcId, event.storeId).createdAt = at;
            break;
          case 'host-func-called': {
            const history = funcOf(event.funcId, event.storeId);
            if (event.afterFree) {
              if (history.afterFree.length < MAX_AFTER_FREE_TIMES) history.afterFree.push(at);
              break;
            }
            history.callsSeen++;
            history.firstCallAt ??= at;
            history.lastCallAt = at;
            break;
          }
          case 'host-func-released': {
            const history = funcOf(event.funcId, event.storeId);
            history.releasedAt = at;
            history.releasedBy = event.by;
            break;
          }
          case 'host-func-collected':
            funcOf(event.funcId, event.storeId).collectedAt = at;
            break;
          case 'leak':
            leakTimes.set(leaksSeen++, at);
            bounded(leakTimes);
            break;
          default:
            break;
        }
      });
      for (const origin of batch.hostFuncs) funcOf(origin.funcId, origin.storeId).origin = origin;
      // Leak events left out of an overfull batch would shift every later time: the snapshot's
      // total puts the count right again.
      if (batch.snapshot) leaksSeen = batch.snapshot.totals.leaks;
      version.value++;
    },
    reset() {
      stores = new Map();
      funcs = new Map();
      leakTimes = new Map();
      leaksSeen = 0;
      version.value++;
    },
  };
}

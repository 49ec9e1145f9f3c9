/**
 * What the Lifetimes and Leaks views show, computed from the registry's last snapshot, the
 * panel's lifetime log and the sandbox's own knowledge (which handles it still holds): rows
 * for stores, host functions and leaks, a host function's timeline, and the words for each
 * state and each kind of leak. Plain functions of plain data, so they are tested in Node.
 */
import type {
  HostFuncSnapshot,
  LeakKind,
  RegistrySnapshot,
  ReleasedBy,
} from '../../../runtime/index.ts';
import type { LifetimeLog } from './lifetime-log.ts';
import type { SandboxInstance, SandboxStore } from './sandbox-state.ts';

/** Where a store is. */
export type StoreStatus = 'live' | 'disposed' | 'collected';

/** One store of the Lifetimes view. */
export interface StoreRow {
  storeId: number;
  status: StoreStatus;
  /** How it ended: `dispose`, `intoData`, `gc`; null while live. */
  endedBy: 'dispose' | 'intoData' | 'gc' | null;
  hostFuncs: number;
  liveHostFuncs: number;
  /** Instances of it the panel still holds. */
  instances: number;
  /** Whether the panel still holds handles of it (to call, and to keep its objects alive). */
  held: boolean;
  createdAt: number | null;
  endedAt: number | null;
}

/**
 * Where a host function is: `live` (callable), `released` (its closure freed, by its store or
 * the collector, while the group's bookkeeping is still held by one member), `freed` (both
 * members dropped: nothing of it is left).
 */
export type HostFuncPhase = 'live' | 'released' | 'freed';

/** One host function of the Lifetimes view. */
export interface HostFuncRow {
  funcId: number;
  storeId: number;
  type: string;
  /** The import it serves (`env.log`), when the sandbox made it for one. */
  importName: string | null;
  instanceId: number | null;
  /** The panel's handle to its `Func`, while the panel holds it. */
  handle: number | null;
  phase: HostFuncPhase;
  releasedBy: ReleasedBy | null;
  calls: number;
  callsAfterFree: number;
  membersDropped: 0 | 1 | 2;
}

/** One flagged leak of the Leaks view. */
export interface LeakRow {
  /** Its number in the session (0 = the first flagged). */
  seq: number;
  kind: LeakKind;
  object: string;
  storeId: number;
  /** When it was flagged (ms since the epoch), when the panel saw the event. */
  at: number | null;
  stack: string;
}

/** One point on a host function's timeline. */
export interface TimelinePoint {
  at: number;
  kind: 'created' | 'call' | 'released' | 'store-member' | 'callable-member' | 'after-free';
  text: string;
}

/** What each kind of leak is called, what it means, and how to fix it. */
export const LEAK_KINDS: Record<LeakKind, { title: string; meaning: string; fix: string }> = {
  'store-not-disposed': {
    title: 'Store collected without dispose()',
    meaning:
      'The garbage collector found the store unreachable before anyone called dispose(): its host functions were freed only then, whenever the collector ran.',
    fix: 'Call store.dispose() (or declare it with `using`) when you are done with a store, so its host functions are freed at a moment you choose.',
  },
  'used-after-dispose': {
    title: 'Used after its store was disposed',
    meaning:
      'Code used an object (a function, memory, global, table, instance) whose store was already disposed; the call failed with `freed`.',
    fix: 'Dispose a store only after the last use of its objects, or drop every reference to them when you dispose it.',
  },
  'host-call-after-free': {
    title: 'Host function called after free',
    meaning:
      'A host function was called after its closure was freed (its store disposed): the call failed with "host func called after free of its associated store".',
    fix: 'Something still held the host function (a kept Func, an instance import, a table): release those before disposing the store, or dispose it later.',
  },
  'reachable-after-dispose': {
    title: 'Still reachable after dispose',
    meaning:
      'A collection ran after the store was disposed and this object was still reachable: something keeps it (and what it holds) in memory.',
    fix: 'Drop your references (variables, maps, caches, closures) to a store’s objects when you dispose the store.',
  },
};

/** The phase of a host function snapshot. */
export function hostFuncPhase(func: HostFuncSnapshot): HostFuncPhase {
  if (func.state === 'live') return 'live';
  return func.membersDropped === 2 ? 'freed' : 'released';
}

/** "1 of 2 members dropped", with what it means. */
export function bookkeepingText(membersDropped: 0 | 1 | 2): string {
  switch (membersDropped) {
    case 0:
      return '0 of 2 members dropped: the store and the callable each hold one';
    case 1:
      return '1 of 2 members dropped: the closure is freed, its bookkeeping still held';
    case 2:
      return '2 of 2 members dropped: nothing of it is left';
  }
}

/** Who released a closure, in words. */
export function releasedByText(by: ReleasedBy | null): string {
  switch (by) {
    case 'store':
      return 'by its store';
    case 'func':
      return 'by its Func';
    case 'gc':
      return 'by the collector';
    default:
      return '';
  }
}

/** The stores of `snapshot`, live first, with what the panel knows of each. */
export function storeRows(
  snapshot: RegistrySnapshot | null,
  log: LifetimeLog,
  stores: readonly SandboxStore[],
  instances: readonly SandboxInstance[],
): StoreRow[] {
  if (!snapshot) return [];
  const liveByStore = new Map<number, number>();
  for (const f of snapshot.hostFuncs) {
    if (f.state === 'live') liveByStore.set(f.storeId, (liveByStore.get(f.storeId) ?? 0) + 1);
  }
  return snapshot.stores.map((s) => {
    const history = log.store(s.id);
    const panel = stores.find((p) => p.storeId === s.id);
    const status: StoreStatus = s.collected ? 'collected' : s.disposed ? 'disposed' : 'live';
    return {
      storeId: s.id,
      status,
      endedBy: status === 'live' ? null : (history?.disposedBy ?? (s.collected ? 'gc' : null)),
      hostFuncs: s.hostFuncs,
      liveHostFuncs: liveByStore.get(s.id) ?? 0,
      instances: instances.filter((i) => i.summary.storeId === s.id).length,
      held: panel !== undefined && panel.handles === 'held',
      createdAt: history?.createdAt ?? null,
      endedAt: history?.disposedAt ?? null,
    };
  });
}

/** The host functions of store `storeId` (all stores when null), as the registry has them. */
export function hostFuncRows(
  snapshot: RegistrySnapshot | null,
  log: LifetimeLog,
  storeId: number | null,
  droppedHandles: ReadonlySet<number>,
): HostFuncRow[] {
  if (!snapshot) return [];
  return snapshot.hostFuncs
    .filter((f) => storeId === null || f.storeId === storeId)
    .map((f) => {
      const origin = log.hostFunc(f.id)?.origin ?? null;
      const handle =
        origin?.handle !== null &&
        origin?.handle !== undefined &&
        !droppedHandles.has(origin.handle)
          ? origin.handle
          : null;
      return {
        funcId: f.id,
        storeId: f.storeId,
        type: f.type,
        importName: origin?.name ?? null,
        instanceId: origin?.instanceId ?? null,
        handle,
        phase: hostFuncPhase(f),
        releasedBy: f.releasedBy ?? null,
        calls: f.calls,
        callsAfterFree: f.callsAfterFree,
        membersDropped: f.membersDropped,
      };
    });
}

/** The leaks of `snapshot`, in the order they were flagged, with their times. */
export function leakRows(snapshot: RegistrySnapshot | null, log: LifetimeLog): LeakRow[] {
  if (!snapshot) return [];
  // The snapshot keeps the latest leaks: the first of them is number `first` of the session.
  const first = snapshot.totals.leaks - snapshot.leaks.length;
  return snapshot.leaks.map((leak, i) => ({
    seq: first + i,
    kind: leak.kind,
    object: leak.object,
    storeId: leak.storeId,
    at: log.leakTime(first + i) ?? null,
    stack: leak.stack,
  }));
}

/** The points of host function `funcId`'s life, oldest first. */
export function hostFuncTimeline(
  row: HostFuncRow,
  log: LifetimeLog,
  storeEnd: number | null,
): TimelinePoint[] {
  const history = log.hostFunc(row.funcId);
  if (!history) return [];
  const points: TimelinePoint[] = [];
  if (history.createdAt !== null)
    points.push({
      at: history.createdAt,
      kind: 'created',
      text: `created in store #${row.storeId}${row.importName ? ` for ${row.importName}` : ''}`,
    });
  if (history.firstCallAt !== null)
    points.push({ at: history.firstCallAt, kind: 'call', text: 'first call' });
  if (history.lastCallAt !== null && history.lastCallAt !== history.firstCallAt)
    points.push({
      at: history.lastCallAt,
      kind: 'call',
      text: `last call (${row.calls.toLocaleString('en-US')} in all)`,
    });
  if (history.releasedAt !== null)
    points.push({
      at: history.releasedAt,
      kind: 'released',
      text:
        history.releasedBy === 'gc'
          ? 'released by the collector (its callable was unreachable): the callable’s member dropped'
          : `released ${releasedByText(history.releasedBy)}: the store’s member dropped`,
    });
  // Released by the collector first: the store's member drops later, when the store goes.
  if (history.releasedBy === 'gc' && storeEnd !== null)
    points.push({
      at: storeEnd,
      kind: 'store-member',
      text: 'its store went: the store’s member dropped',
    });
  if (history.collectedAt !== null && history.releasedBy !== 'gc')
    points.push({
      at: history.collectedAt,
      kind: 'callable-member',
      text: 'its callable was collected: the callable’s member dropped',
    });
  for (const at of history.afterFree)
    points.push({ at, kind: 'after-free', text: 'called after free' });
  return points.sort((a, b) => a.at - b.at);
}

/** `+12.3 ms`, `+4.56 s` after `origin`. */
export function relativeTime(at: number, origin: number): string {
  const ms = at - origin;
  if (Math.abs(ms) < 1000) return `+${ms.toFixed(1)} ms`;
  return `+${(ms / 1000).toFixed(2)} s`;
}

/** `14:03:07.123`, a time of day. */
export function clockTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

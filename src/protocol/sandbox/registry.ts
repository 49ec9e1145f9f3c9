/**
 * The runtime's lifetime registry as it crosses from the sandbox worker to the panel: its
 * snapshots and events are plain data already; these validators check their shape on arrival.
 */
import type {
  HostFuncSnapshot,
  LeakRecord,
  LifetimeEvent,
  RegistrySnapshot,
  StoreSnapshot,
} from '../../runtime/index.ts';
import { isArrayOf, isBoundedString, isCount, isOneOf, isRecord } from '../guards.ts';

/** Longest stack or label text kept from a registry record. */
const MAX_RECORD_CHARS = 65_536;
/** Most records of each kind in one snapshot. */
const MAX_RECORDS = 100_000;

const isText = (value: unknown): value is string => isBoundedString(value, MAX_RECORD_CHARS);
const LEAK_KINDS = [
  'store-not-disposed',
  'used-after-dispose',
  'host-call-after-free',
  'reachable-after-dispose',
] as const;
const RELEASED_BY = ['store', 'func', 'gc'] as const;
const STORE_RELEASED_BY = ['dispose', 'intoData', 'gc'] as const;

/** Whether `value` is a well-formed leak record. */
export function isLeakRecord(value: unknown): value is LeakRecord {
  return (
    isRecord(value) &&
    isOneOf(value.kind, LEAK_KINDS) &&
    isText(value.object) &&
    isCount(value.storeId) &&
    isText(value.stack)
  );
}

function isStoreSnapshot(value: unknown): value is StoreSnapshot {
  return (
    isRecord(value) &&
    isCount(value.id) &&
    typeof value.disposed === 'boolean' &&
    typeof value.collected === 'boolean' &&
    isCount(value.hostFuncs)
  );
}

function isHostFuncSnapshot(value: unknown): value is HostFuncSnapshot {
  return (
    isRecord(value) &&
    isCount(value.id) &&
    isCount(value.storeId) &&
    isText(value.type) &&
    isOneOf(value.state, ['live', 'released', 'freed'] as const) &&
    (value.releasedBy === undefined || isOneOf(value.releasedBy, RELEASED_BY)) &&
    isCount(value.calls) &&
    isCount(value.callsAfterFree) &&
    (value.membersDropped === 0 || value.membersDropped === 1 || value.membersDropped === 2)
  );
}

/** Whether `value` is a well-formed registry snapshot. */
export function isRegistrySnapshot(value: unknown): value is RegistrySnapshot {
  if (!isRecord(value) || !isRecord(value.totals)) return false;
  const totals = value.totals;
  return (
    isArrayOf(value.stores, MAX_RECORDS, isStoreSnapshot) &&
    isArrayOf(value.hostFuncs, MAX_RECORDS, isHostFuncSnapshot) &&
    isArrayOf(value.leaks, MAX_RECORDS, isLeakRecord) &&
    ['stores', 'storesDisposed', 'hostFuncs', 'hostFuncsLive', 'leaks'].every((key) =>
      isCount(totals[key]),
    )
  );
}

/** Whether `value` is a well-formed lifetime event. */
export function isLifetimeEvent(value: unknown): value is LifetimeEvent {
  if (!isRecord(value)) return false;
  const ids = (...keys: string[]) => keys.every((key) => isCount(value[key]));
  switch (value.kind) {
    case 'store-created':
      return ids('storeId');
    case 'store-disposed':
      return ids('storeId') && isOneOf(value.by, STORE_RELEASED_BY);
    case 'module-compiled':
      return ids('moduleId', 'size', 'imports', 'exports');
    case 'instance-created':
      return ids('instanceId', 'storeId', 'moduleId');
    case 'host-func-created':
      return ids('funcId', 'storeId') && isText(value.type);
    case 'host-func-called':
      return ids('funcId', 'storeId') && typeof value.afterFree === 'boolean';
    case 'host-func-released':
      return ids('funcId', 'storeId') && isOneOf(value.by, RELEASED_BY);
    case 'host-func-collected':
      return ids('funcId', 'storeId');
    case 'guest-call':
      return ids('storeId') && isText(value.func);
    case 'trap':
      return ids('storeId') && isText(value.func) && isText(value.message);
    case 'memory-grown':
    case 'table-grown':
      return ids('storeId', 'from', 'to');
    case 'global-set':
      return ids('storeId') && isText(value.value);
    case 'leak':
      return isLeakRecord(value.leak);
    default:
      return false;
  }
}

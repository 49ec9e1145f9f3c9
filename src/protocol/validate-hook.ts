/**
 * Validators for what crosses the page boundary. The page can post anything on the hook's
 * channel, so the relay accepts only reports that pass {@link parseHookReport}.
 */
import {
  isArrayOf,
  isBase64,
  isBoundedString,
  isCount,
  isFiniteNumber,
  isId,
  isOneOf,
  isRecord,
  isSha256Hex,
} from './guards.ts';
import {
  ENTRY_POINTS,
  HOOK_PROTOCOL_VERSION,
  TRANSFER_PARTS,
  type ChunkData,
  type ExternInfo,
  type HookCommand,
  type HookReport,
  type UncoveredWorker,
  type WorkerTag,
} from './hook-messages.ts';
import { MAX_CHUNK_BYTES, MAX_EXTERNS_PER_KIND, MAX_MODULE_BYTES } from './limits.ts';
import { isLiveRequest, isLiveResult } from './validate-live.ts';

function isWorkerTag(value: unknown): value is WorkerTag | null {
  return value === null || (isRecord(value) && isId(value.workerId) && isBoundedString(value.url));
}

function isExternInfo(value: unknown): value is ExternInfo {
  return (
    isRecord(value) &&
    isCount(value.index, MAX_EXTERNS_PER_KIND) &&
    isBoundedString(value.name, 512) &&
    isOneOf(value.origin, ['export', 'import'] as const) &&
    isCount(value.size)
  );
}

function isExternList(value: unknown): value is ExternInfo[] {
  return isArrayOf(value, MAX_EXTERNS_PER_KIND, isExternInfo);
}

function isUncoveredWorker(value: unknown): value is UncoveredWorker {
  return isRecord(value) && isBoundedString(value.url) && isBoundedString(value.reason, 512);
}

function checkReport(value: Record<string, unknown>): boolean {
  switch (value.kind) {
    case 'module':
      return (
        isSha256Hex(value.hash) &&
        isCount(value.size, MAX_MODULE_BYTES) &&
        isOneOf(value.entry, ENTRY_POINTS) &&
        isBoundedString(value.sourceUrl) &&
        isBoundedString(value.frameUrl) &&
        isFiniteNumber(value.time) &&
        isWorkerTag(value.worker)
      );
    case 'instance':
      return (
        isId(value.instanceId) &&
        isSha256Hex(value.hash) &&
        isFiniteNumber(value.time) &&
        isExternList(value.memories) &&
        isExternList(value.tables) &&
        isExternList(value.globals) &&
        isWorkerTag(value.worker)
      );
    case 'instance-gone':
      return isId(value.instanceId);
    case 'status':
      return (
        value.protocol === HOOK_PROTOCOL_VERSION &&
        isId(value.realmId) &&
        isBoundedString(value.frameUrl) &&
        isCount(value.workersCovered) &&
        isArrayOf(value.uncoveredWorkers, 256, isUncoveredWorker)
      );
    case 'chunk':
      return (
        isId(value.transferId) &&
        isSha256Hex(value.hash) &&
        isOneOf(value.part, TRANSFER_PARTS) &&
        isCount(value.size, MAX_MODULE_BYTES) &&
        isCount(value.total, Math.ceil(MAX_MODULE_BYTES / MAX_CHUNK_BYTES)) &&
        isCount(value.index) &&
        (value.index as number) < (value.total as number) &&
        isChunkData(value.data)
      );
    case 'transfer-failed':
      return isId(value.transferId) && isSha256Hex(value.hash) && isBoundedString(value.message);
    case 'reply':
      return isId(value.requestId) && isLiveResult(value.result);
    default:
      return false;
  }
}

/** A chunk payload: at most one chunk of bytes, raw or as base64. */
function isChunkData(value: unknown): boolean {
  if (isAnyRealmUint8Array(value)) return value.length <= MAX_CHUNK_BYTES;
  return isBase64(value, MAX_CHUNK_BYTES);
}

/**
 * A Uint8Array of any realm: in Firefox the relay sees the page's arrays through Xray
 * wrappers, which `instanceof` does not recognise.
 */
function isAnyRealmUint8Array(value: unknown): value is Uint8Array {
  return (
    ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]'
  );
}

/** `data` as this realm's own value: another realm's bytes are cloned in (a copy). */
function ownChunkData(data: ChunkData): ChunkData {
  return typeof data === 'string' || data instanceof Uint8Array ? data : structuredClone(data);
}

/**
 * Returns `value` as a {@link HookReport} when it is one, else `null`. Only the known fields
 * are checked; the caller forwards the original object, so extra fields are stripped by
 * {@link sanitizeHookReport}.
 */
export function parseHookReport(value: unknown): HookReport | null {
  if (!isRecord(value) || !checkReport(value)) return null;
  return sanitizeHookReport(value as unknown as HookReport);
}

/** Copies only the fields the protocol defines, so page-added extras never travel further. */
function sanitizeHookReport(report: HookReport): HookReport {
  switch (report.kind) {
    case 'module': {
      const { kind, hash, size, entry, sourceUrl, frameUrl, time, worker } = report;
      return { kind, hash, size, entry, sourceUrl, frameUrl, time, worker: cleanWorker(worker) };
    }
    case 'instance': {
      const { kind, instanceId, hash, time, memories, tables, globals, worker } = report;
      return {
        kind,
        instanceId,
        hash,
        time,
        memories: memories.map(cleanExtern),
        tables: tables.map(cleanExtern),
        globals: globals.map(cleanExtern),
        worker: cleanWorker(worker),
      };
    }
    case 'instance-gone':
      return { kind: report.kind, instanceId: report.instanceId };
    case 'status': {
      const { kind, protocol, realmId, frameUrl, workersCovered, uncoveredWorkers } = report;
      const workers = uncoveredWorkers.map(({ url, reason }) => ({ url, reason }));
      return { kind, protocol, realmId, frameUrl, workersCovered, uncoveredWorkers: workers };
    }
    case 'chunk': {
      const { kind, transferId, hash, part, index, total, size, data } = report;
      return { kind, transferId, hash, part, index, total, size, data: ownChunkData(data) };
    }
    case 'transfer-failed': {
      const { kind, transferId, hash, message } = report;
      return { kind, transferId, hash, message };
    }
    case 'reply':
      return { kind: report.kind, requestId: report.requestId, result: report.result };
  }
}

function cleanWorker(worker: WorkerTag | null): WorkerTag | null {
  return worker && { workerId: worker.workerId, url: worker.url };
}

function cleanExtern({ index, name, origin, size }: ExternInfo): ExternInfo {
  return { index, name, origin, size };
}

/** Returns `value` as a {@link HookCommand} when it is one, else `null`. */
export function parseHookCommand(value: unknown): HookCommand | null {
  if (!isRecord(value)) return null;
  switch (value.kind) {
    case 'announce':
      return { kind: 'announce' };
    case 'send-bytes':
      return isId(value.transferId) && isSha256Hex(value.hash)
        ? { kind: 'send-bytes', transferId: value.transferId, hash: value.hash }
        : null;
    case 'live':
      return isId(value.requestId) && isLiveRequest(value.request)
        ? { kind: 'live', requestId: value.requestId, request: value.request }
        : null;
    default:
      return null;
  }
}

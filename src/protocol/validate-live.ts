/**
 * Validators for live requests and their results. A request is checked where it is acted on
 * (the hook), a result where it is trusted (the background), because the page sits in between.
 */
import {
  isArrayOf,
  isBase64,
  isBoundedString,
  isCount,
  isId,
  isOneOf,
  isRecord,
  isSha256Hex,
} from './guards.ts';
import { MAX_MEMORY_REQUEST_BYTES, MAX_TABLE_ENTRIES, MAX_EXTERNS_PER_KIND } from './limits.ts';
import type { GlobalValue, InstanceTarget, LiveRequest, LiveResult, TableEntry } from './live.ts';

const LIVE_ERRORS = [
  'instance-collected',
  'not-found',
  'out-of-bounds',
  'immutable',
  'invalid-request',
  'frame-gone',
  'timeout',
] as const;

function isTarget(value: unknown): value is InstanceTarget {
  if (!isRecord(value)) return false;
  return 'instanceId' in value ? isId(value.instanceId) : isSha256Hex(value.hash);
}

/** True when `value` is a well-formed {@link LiveRequest} within the size limits. */
export function isLiveRequest(value: unknown): value is LiveRequest {
  if (!isRecord(value) || !isTarget(value.target)) return false;
  switch (value.op) {
    case 'read-memory':
      return (
        isCount(value.memory, MAX_EXTERNS_PER_KIND) &&
        isCount(value.offset) &&
        isCount(value.length, MAX_MEMORY_REQUEST_BYTES)
      );
    case 'write-memory':
      return (
        isCount(value.memory, MAX_EXTERNS_PER_KIND) &&
        isCount(value.offset) &&
        isBase64(value.data, MAX_MEMORY_REQUEST_BYTES)
      );
    case 'read-table':
      return (
        isCount(value.table, MAX_EXTERNS_PER_KIND) &&
        isCount(value.start) &&
        isCount(value.count, MAX_TABLE_ENTRIES)
      );
    case 'read-globals':
      return true;
    case 'write-global':
      return isCount(value.global, MAX_EXTERNS_PER_KIND) && isBoundedString(value.value, 128);
    default:
      return false;
  }
}

function isTableEntry(value: unknown): value is TableEntry {
  return isRecord(value) && isCount(value.index) && isBoundedString(value.description, 256);
}

function isGlobalValue(value: unknown): value is GlobalValue {
  return (
    isRecord(value) &&
    isCount(value.index) &&
    isBoundedString(value.name) &&
    isOneOf(value.valueType, ['number', 'bigint', 'reference', 'unknown'] as const) &&
    isBoundedString(value.value, 256)
  );
}

function isLiveValue(value: unknown): boolean {
  if (!isRecord(value) || !isId(value.instanceId)) return false;
  switch (value.op) {
    case 'read-memory':
      return (
        isCount(value.offset) &&
        isCount(value.byteLength) &&
        isBase64(value.data, MAX_MEMORY_REQUEST_BYTES)
      );
    case 'write-memory':
      return isCount(value.written, MAX_MEMORY_REQUEST_BYTES);
    case 'read-table':
      return isCount(value.length) && isArrayOf(value.entries, MAX_TABLE_ENTRIES, isTableEntry);
    case 'read-globals':
      return isArrayOf(value.globals, MAX_EXTERNS_PER_KIND, isGlobalValue);
    case 'write-global':
      return isBoundedString(value.value, 256);
    default:
      return false;
  }
}

/** True when `value` is a well-formed {@link LiveResult}. */
export function isLiveResult(value: unknown): value is LiveResult {
  if (!isRecord(value)) return false;
  if (value.ok === true) return isLiveValue(value.value);
  return value.ok === false && isOneOf(value.error, LIVE_ERRORS) && isBoundedString(value.message);
}

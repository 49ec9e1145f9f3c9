/**
 * Answers the panel's live requests against one realm's instances: read or write linear
 * memory, read table slots, read or set globals. Writes happen only because the panel sent an
 * explicit write request.
 */
import type { GlobalValue, LiveRequest, LiveResult, TableEntry } from '../../protocol/index.ts';
import { base64ToBytes, bytesToBase64, liveError } from '../../protocol/index.ts';
import type { CaptureRegistry, InstanceRecord } from './registry.ts';

/** An entry's description; an entry the JS API cannot hand out (an exnref) says so. */
function describeEntry(table: WebAssembly.Table, index: number | bigint): string {
  try {
    return describeRef(table.get(index as number));
  } catch {
    return 'unreadable (not representable in JS)';
  }
}

function resolveTarget(
  registry: CaptureRegistry,
  request: LiveRequest,
): InstanceRecord | LiveResult {
  const target = request.target;
  const record =
    'instanceId' in target
      ? registry.instance(target.instanceId)
      : registry.newestInstanceOf(target.hash);
  if (!record) {
    const what =
      'instanceId' in target ? `instance ${target.instanceId}` : `an instance of ${target.hash}`;
    return liveError('not-found', `no live ${what} in this frame`);
  }
  if (!record.ref.deref())
    return liveError('instance-collected', `instance ${record.instanceId} was garbage-collected`);
  return record;
}

function externOf<T extends object>(
  list: { ref: WeakRef<T> }[],
  index: number,
  kind: string,
  instanceId: string,
): T | LiveResult {
  const entry = list[index];
  if (!entry) return liveError('not-found', `instance ${instanceId} has no ${kind} ${index}`);
  return (
    entry.ref.deref() ??
    liveError('instance-collected', `${kind} ${index} of ${instanceId} was collected`)
  );
}

function isResult(value: unknown): value is LiveResult {
  return typeof value === 'object' && value !== null && 'ok' in value;
}

function describeRef(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'function') return `function ${value.name}`;
  return typeof value;
}

function describeGlobal(index: number, name: string, global: WebAssembly.Global): GlobalValue {
  let value: unknown;
  try {
    value = global.value;
  } catch {
    // v128 globals cannot be read from JavaScript.
    return { index, name, valueType: 'unknown', value: 'unreadable from JavaScript' };
  }
  if (typeof value === 'number') return { index, name, valueType: 'number', value: String(value) };
  if (typeof value === 'bigint')
    return { index, name, valueType: 'bigint', value: value.toString() };
  return { index, name, valueType: 'reference', value: describeRef(value) };
}

function outOfBounds(offset: number, length: number, size: number): LiveResult {
  return liveError(
    'out-of-bounds',
    `range [${offset}, ${offset + length}) exceeds the memory's ${size} bytes`,
  );
}

/** Runs one live request against `registry`'s instances. Never throws. */
export function answerLive(registry: CaptureRegistry, request: LiveRequest): LiveResult {
  const record = resolveTarget(registry, request);
  if (isResult(record)) return record;
  const { instanceId, externs } = record;
  try {
    switch (request.op) {
      case 'read-memory': {
        const memory = externOf(externs.memories, request.memory, 'memory', instanceId);
        if (isResult(memory)) return memory;
        const size = memory.buffer.byteLength;
        if (request.offset + request.length > size)
          return outOfBounds(request.offset, request.length, size);
        const bytes = new Uint8Array(memory.buffer, request.offset, request.length).slice();
        const data = bytesToBase64(bytes);
        return {
          ok: true,
          value: { op: request.op, instanceId, offset: request.offset, data, byteLength: size },
        };
      }
      case 'write-memory': {
        const memory = externOf(externs.memories, request.memory, 'memory', instanceId);
        if (isResult(memory)) return memory;
        const bytes = base64ToBytes(request.data);
        const size = memory.buffer.byteLength;
        if (request.offset + bytes.length > size)
          return outOfBounds(request.offset, bytes.length, size);
        new Uint8Array(memory.buffer).set(bytes, request.offset);
        return { ok: true, value: { op: request.op, instanceId, written: bytes.length } };
      }
      case 'read-table': {
        const table = externOf(externs.tables, request.table, 'table', instanceId);
        if (isResult(table)) return table;
        // A 64-bit table (memory64) takes and reports BigInts.
        const big = typeof (table.length as unknown) === 'bigint';
        const length = Number(table.length);
        if (request.start > length)
          return liveError('out-of-bounds', `table has ${length} entries`);
        const end = Math.min(length, request.start + request.count);
        const entries: TableEntry[] = [];
        for (let index = request.start; index < end; index++) {
          entries.push({ index, description: describeEntry(table, big ? BigInt(index) : index) });
        }
        return { ok: true, value: { op: request.op, instanceId, length, entries } };
      }
      case 'read-globals': {
        const globals = externs.globals.flatMap(({ info, ref }) => {
          const global = ref.deref();
          return global ? [describeGlobal(info.index, info.name, global)] : [];
        });
        return { ok: true, value: { op: request.op, instanceId, globals } };
      }
      case 'write-global': {
        const global = externOf(externs.globals, request.global, 'global', instanceId);
        if (isResult(global)) return global;
        const current = global.value as unknown;
        const next = typeof current === 'bigint' ? BigInt(request.value) : Number(request.value);
        if (typeof next === 'number' && Number.isNaN(next) && request.value.trim() !== 'NaN') {
          return liveError('invalid-request', `"${request.value}" is not a number`);
        }
        try {
          global.value = next;
        } catch (error) {
          return liveError('immutable', `global ${request.global} cannot be set: ${String(error)}`);
        }
        return { ok: true, value: { op: request.op, instanceId, value: String(global.value) } };
      }
    }
  } catch (error) {
    return liveError('invalid-request', String(error).slice(0, 500));
  }
}

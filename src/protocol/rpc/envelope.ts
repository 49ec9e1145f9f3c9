/**
 * The envelope of every panel ↔ worker message: calls with an id, their one outcome, progress
 * reports while they run, cancellation, and events a worker pushes unasked. What travels inside
 * (a method's parameters and result) is each service's own business and has its own validators;
 * the envelope is checked first, so a forged or broken message is dropped before anything reads
 * its payload.
 */
import { isBoundedString, isCount, isFiniteNumber, isId, isRecord } from '../guards.ts';

/** Panel → worker: run `method` with `params`. */
export interface RpcCall {
  rpc: 'call';
  id: string;
  method: string;
  params: unknown;
}

/** Panel → worker: stop call `id` (the worker answers it with an `aborted` error). */
export interface RpcCancel {
  rpc: 'cancel';
  id: string;
}

/** Every message the panel sends a worker. */
export type RpcRequest = RpcCall | RpcCancel;

/** A failure as it crosses the boundary: plain data, with the decoder's and runtime's extras. */
export interface RpcErrorData {
  /** `WasmDecodeError`, `LayerError`, `AbortError`, `RpcError`, … */
  name: string;
  message: string;
  /** `LayerError.code`, or `invalid-params` / `unknown-method` for the envelope's own errors. */
  code?: string;
  /** `WasmDecodeError.offset`: where in the module the problem is. */
  offset?: number;
  /** `WasmDecodeError.section`. */
  section?: string;
}

/** Worker → panel: the outcome of call `id`, or its progress, or an unasked event. */
export type RpcResponse =
  | { rpc: 'result'; id: string; value: unknown }
  | { rpc: 'error'; id: string; error: RpcErrorData }
  | { rpc: 'progress'; id: string; done: number; total: number; label: string }
  | { rpc: 'event'; topic: string; payload: unknown };

/** Longest method or topic name accepted. */
const MAX_NAME_CHARS = 64;
/** Longest error message or progress label accepted (longer ones are cut, not refused). */
const MAX_TEXT_CHARS = 16_384;

function isName(value: unknown): value is string {
  return typeof value === 'string' && /^[a-zA-Z][a-zA-Z0-9.-]{0,63}$/.test(value);
}

/** Checks a message a worker received; `null` when it is not a well-formed request. */
export function parseRpcRequest(data: unknown): RpcRequest | null {
  if (!isRecord(data) || !isId(data.id)) return null;
  if (data.rpc === 'cancel') return { rpc: 'cancel', id: data.id };
  if (data.rpc !== 'call' || !isName(data.method)) return null;
  return { rpc: 'call', id: data.id, method: data.method, params: data.params };
}

function parseErrorData(value: unknown): RpcErrorData | null {
  if (!isRecord(value) || !isBoundedString(value.name, MAX_NAME_CHARS)) return null;
  if (typeof value.message !== 'string') return null;
  const error: RpcErrorData = { name: value.name, message: value.message.slice(0, MAX_TEXT_CHARS) };
  if (value.code !== undefined) {
    if (!isBoundedString(value.code, MAX_NAME_CHARS)) return null;
    error.code = value.code;
  }
  if (value.offset !== undefined) {
    if (!isCount(value.offset)) return null;
    error.offset = value.offset;
  }
  if (value.section !== undefined) {
    if (!isBoundedString(value.section, 256)) return null;
    error.section = value.section;
  }
  return error;
}

/** Checks a message the panel received from a worker; `null` when it is not well-formed. */
export function parseRpcResponse(data: unknown): RpcResponse | null {
  if (!isRecord(data)) return null;
  switch (data.rpc) {
    case 'result':
      return isId(data.id) ? { rpc: 'result', id: data.id, value: data.value } : null;
    case 'error': {
      const error = parseErrorData(data.error);
      return isId(data.id) && error ? { rpc: 'error', id: data.id, error } : null;
    }
    case 'progress':
      if (!isId(data.id) || !isFiniteNumber(data.done) || !isFiniteNumber(data.total)) return null;
      if (typeof data.label !== 'string') return null;
      return {
        rpc: 'progress',
        id: data.id,
        done: data.done,
        total: data.total,
        label: data.label.slice(0, MAX_TEXT_CHARS),
      };
    case 'event':
      return isName(data.topic) ? { rpc: 'event', topic: data.topic, payload: data.payload } : null;
    default:
      return null;
  }
}

/** Plain data for an error thrown inside a worker, keeping the fields the panel shows. */
export function errorToData(error: unknown): RpcErrorData {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const data: RpcErrorData = { name: error.name, message: error.message };
  const extra = error as Error & { code?: unknown; offset?: unknown; section?: unknown };
  if (typeof extra.code === 'string') data.code = extra.code;
  if (isCount(extra.offset)) data.offset = extra.offset;
  if (typeof extra.section === 'string') data.section = extra.section;
  return data;
}

/**
 * An error that came back from a worker: the original's name, message and extras, so a view
 * can show "WasmDecodeError at byte 0x1a2b in code section" without knowing the worker.
 */
export class RpcError extends Error {
  /** The original error's name (`WasmDecodeError`, `LayerError`, `AbortError`, …). */
  readonly remoteName: string;
  /** The original's code, when it had one. */
  readonly code: string | undefined;
  /** The original's byte offset, when it had one. */
  readonly offset: number | undefined;
  /** The original's section, when it had one. */
  readonly section: string | undefined;

  constructor(data: RpcErrorData) {
    super(data.message);
    this.name = data.name === 'AbortError' ? 'AbortError' : 'RpcError';
    this.remoteName = data.name;
    this.code = data.code;
    this.offset = data.offset;
    this.section = data.section;
  }
}

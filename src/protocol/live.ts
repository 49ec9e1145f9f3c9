/**
 * Live requests: the panel asks a page instance for its state (or, only when asked explicitly,
 * changes it). They travel panel → background → relay → hook and the answer comes back the
 * same way.
 */

/** Which instance a request addresses: one instance, or the newest live instance of a module. */
export type InstanceTarget = { instanceId: string } | { hash: string };

/** A request addressed to a page instance. Binary data is base64. */
export type LiveRequest =
  | { op: 'read-memory'; target: InstanceTarget; memory: number; offset: number; length: number }
  | { op: 'write-memory'; target: InstanceTarget; memory: number; offset: number; data: string }
  | { op: 'read-table'; target: InstanceTarget; table: number; start: number; count: number }
  | { op: 'read-globals'; target: InstanceTarget }
  | { op: 'write-global'; target: InstanceTarget; global: number; value: string };

/** Why a live request failed. */
export type LiveErrorCode =
  | 'instance-collected'
  | 'not-found'
  | 'out-of-bounds'
  | 'immutable'
  | 'invalid-request'
  | 'frame-gone'
  | 'timeout';

/** One table slot as the panel sees it. */
export interface TableEntry {
  index: number;
  /** `null`, `function <name>` (with the function's JS name, usually its index), or a type tag. */
  description: string;
}

/** One global's current value. i64 and references are rendered as text. */
export interface GlobalValue {
  index: number;
  name: string;
  valueType: 'number' | 'bigint' | 'reference' | 'unknown';
  value: string;
}

/** A successful answer, shaped by the request's `op`. */
export type LiveValue =
  | { op: 'read-memory'; instanceId: string; offset: number; data: string; byteLength: number }
  | { op: 'write-memory'; instanceId: string; written: number }
  | { op: 'read-table'; instanceId: string; length: number; entries: TableEntry[] }
  | { op: 'read-globals'; instanceId: string; globals: GlobalValue[] }
  | { op: 'write-global'; instanceId: string; value: string };

/** The answer to a live request: data, or a named error with a readable message. */
export type LiveResult =
  { ok: true; value: LiveValue } | { ok: false; error: LiveErrorCode; message: string };

/** Builds a failed {@link LiveResult}. */
export function liveError(error: LiveErrorCode, message: string): LiveResult {
  return { ok: false, error, message };
}

/**
 * What the page hook (MAIN world, untrusted) and the relay (ISOLATED world) say to each other.
 * Everything is JSON-safe so the relay can forward it unchanged to the background.
 */
import type { LiveRequest, LiveResult } from './live.ts';

/** Version of the hook ⇄ relay protocol. */
export const HOOK_PROTOCOL_VERSION = 1;

/** The six WebAssembly JS API entry points the hook wraps. */
export const ENTRY_POINTS = [
  'compile',
  'compileStreaming',
  'instantiate',
  'instantiateStreaming',
  'Module',
  'Instance',
] as const;

/** How a module was created. */
export type EntryPoint = (typeof ENTRY_POINTS)[number];

/** Names of the extern kinds an instance can hold. */
export type ExternOrigin = 'export' | 'import';

/** A memory, table or global an instance exports or imports. */
export interface ExternInfo {
  /** Position among the instance's externs of this kind; live requests use it. */
  index: number;
  /** Export name, or `module.field` for an import. */
  name: string;
  origin: ExternOrigin;
  /** Memory byte length, table length; 0 for globals. */
  size: number;
}

/** The dedicated worker a report came from, if any. */
export interface WorkerTag {
  workerId: string;
  url: string;
}

/** One distinct module (by hash) the hook saw compiled. */
export interface ModuleReport {
  kind: 'module';
  hash: string;
  size: number;
  entry: EntryPoint;
  sourceUrl: string;
  frameUrl: string;
  time: number;
  worker: WorkerTag | null;
}

/** One instance the hook saw created. */
export interface InstanceReport {
  kind: 'instance';
  instanceId: string;
  hash: string;
  time: number;
  memories: ExternInfo[];
  tables: ExternInfo[];
  globals: ExternInfo[];
  worker: WorkerTag | null;
}

/** An instance the page's garbage collector has reclaimed. */
export interface InstanceGoneReport {
  kind: 'instance-gone';
  instanceId: string;
}

/** A worker the hook could not instrument, and why. */
export interface UncoveredWorker {
  url: string;
  reason: string;
}

/** The hook's state: sent at start, after each worker decision, and when asked to announce. */
export interface StatusReport {
  kind: 'status';
  protocol: number;
  /** Identifies this document's hook; a new value for a frame means the frame navigated. */
  realmId: string;
  frameUrl: string;
  workersCovered: number;
  uncoveredWorkers: UncoveredWorker[];
}

/**
 * What a chunk belongs to: the module's skeleton (its structure, sent first for large modules,
 * see `skeleton/`) or the module's bytes themselves.
 */
export const TRANSFER_PARTS = ['skeleton', 'module'] as const;

/** One part of a transfer. */
export type TransferPart = (typeof TRANSFER_PARTS)[number];

/**
 * A chunk's payload: the bytes themselves where the channel clones them (ports, the byte
 * bridge), base64 where it serialises to JSON (Chrome's extension messaging).
 */
export type ChunkData = Uint8Array | string;

/**
 * One slice of a module's skeleton or bytes, sent when the extension asks for them: a large
 * module's skeleton chunks first, then its bytes' chunks. `size` and `total` are the part's.
 */
export interface ChunkReport {
  kind: 'chunk';
  transferId: string;
  /** The module's SHA-256 (for both parts). */
  hash: string;
  part: TransferPart;
  index: number;
  total: number;
  size: number;
  data: ChunkData;
}

/** The hook cannot send a module's bytes (module collected, unknown hash). */
export interface TransferFailedReport {
  kind: 'transfer-failed';
  transferId: string;
  hash: string;
  message: string;
}

/** The answer to a live request. */
export interface ReplyReport {
  kind: 'reply';
  requestId: string;
  result: LiveResult;
}

/** Anything the hook sends. */
export type HookReport =
  | ModuleReport
  | InstanceReport
  | InstanceGoneReport
  | StatusReport
  | ChunkReport
  | TransferFailedReport
  | ReplyReport;

/** Anything the relay asks of the hook. */
export type HookCommand =
  | { kind: 'announce' }
  | { kind: 'send-bytes'; transferId: string; hash: string }
  | { kind: 'live'; requestId: string; request: LiveRequest };

/** Marks the single window message that hands the hook's port to the relay. */
export const HOOK_HANDSHAKE_TAG = 'wasm-layer-hook/handshake';

/** Marks the message that hands a started worker the port to its parent realm's hook. */
export const WORKER_LINK_TAG = 'wasm-layer-hook/worker-link';

/** Marks the first message a worker's hook posts, before the worker's own script runs. */
export const WORKER_ALIVE_TAG = 'wasm-layer-hook/worker-alive';

/** Global a worker bootstrap sets before the hook runs inside the worker. */
export const WORKER_CONFIG_GLOBAL = '__wasmLayerWorker';

/** What a worker's hook needs to know about the script it stands in front of. */
export interface WorkerBootConfig {
  workerId: string;
  url: string;
  type: 'classic' | 'module';
}

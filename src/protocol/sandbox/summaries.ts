/**
 * What the sandbox worker tells the panel about the things it runs: modules with their imports
 * and exports, stores, instances and their externs (each with a handle the panel names it by),
 * and the outcome of running guest code. Plain data, small, and validated on arrival.
 */
import {
  isArrayOf,
  isBoundedString,
  isCount,
  isFiniteNumber,
  isOneOf,
  isRecord,
} from '../guards.ts';
import { isHandle, isSandboxVal, type SandboxVal } from './values.ts';

/** Most imports, exports or results listed for one module or call. */
export const MAX_LIST_ITEMS = 100_000;
/** Longest value type, name or message text in a summary. */
export const MAX_TEXT_CHARS = 16_384;
/** Most stack frames kept for one failure. */
export const MAX_FRAMES = 200;

/** An import or export's type, as plain data. */
export type ExternSummary =
  | { kind: 'func'; params: string[]; results: string[] }
  | {
      kind: 'memory';
      initial: number;
      maximum: number | null;
      address: 'i32' | 'i64';
      shared: boolean;
    }
  | {
      kind: 'table';
      element: string;
      minimum: number;
      maximum: number | null;
      address: 'i32' | 'i64';
    }
  | { kind: 'global'; content: string; mutable: boolean }
  | { kind: 'tag'; params: string[] };

/** The kinds of {@link ExternSummary}. */
export const EXTERN_KINDS = ['func', 'memory', 'table', 'global', 'tag'] as const;

/** One import a module declares. */
export interface ImportSummary {
  /** Position in the module's import list (imports are configured by it). */
  index: number;
  module: string;
  name: string;
  type: ExternSummary;
}

/** One export a module declares. */
export interface ExportSummary {
  name: string;
  type: ExternSummary;
  /** For a function: its index in the function index space (to open it in the code view). */
  funcIndex: number | null;
}

/** How a module uses WASI preview 1. */
export type WasiUse = 'command' | 'reactor' | 'library';

/** A module the worker compiled. */
export interface ModuleSummary {
  /** The runtime's module id. */
  moduleId: number;
  name: string;
  imports: ImportSummary[];
  exports: ExportSummary[];
  /** Null when it imports nothing from `wasi_snapshot_preview1`. */
  wasi: WasiUse | null;
  /** Whether it declares or imports a shared memory (the threads proposal). */
  sharedMemory: boolean;
}

/** What the engine under the sandbox can do, asked once at start. */
export interface SandboxEnvironment {
  /** Whether the worker's context is cross-origin isolated (`SharedArrayBuffer` allowed). */
  crossOriginIsolated: boolean;
  /** Whether the engine can create a shared memory here. */
  sharedMemory: boolean;
  /** Proposals the engine supports (the runtime's detection). */
  features: string[];
  /** The engine's user agent, for messages. */
  userAgent: string;
  /**
   * Whether the sandbox can force a garbage collection (`gc()` exposed, as in tests run with
   * `--expose-gc`). A browser page cannot: the collector runs when the engine chooses.
   */
  canForceGc: boolean;
}

/** Where an instance's import came from. */
export type ImportSource = 'host' | 'created' | 'export' | 'wasi';

/** One extern an instance exports or was given, with the handle that names it. */
export interface InstanceExtern {
  name: string;
  type: ExternSummary;
  handle: number;
}

/** An import as the instance got it. */
export interface InstanceImport {
  index: number;
  module: string;
  name: string;
  type: ExternSummary;
  source: ImportSource;
  handle: number;
}

/** An instance of a module in a store. */
export interface InstanceSummary {
  /** The runtime's instance id. */
  instanceId: number;
  storeId: number;
  moduleId: number;
  exports: InstanceExtern[];
  imports: InstanceImport[];
}

/** One frame of a guest stack, with its function named from the module's name section. */
export interface StackFrame {
  /** The frame as the engine printed it. */
  text: string;
  /** The module the frame is in, when it is a wasm frame of a loaded module. */
  moduleId: number | null;
  funcIndex: number | null;
  /** From the name section, else `func[index]`. */
  funcName: string | null;
  /** Byte offset in the module. */
  offset: number | null;
}

/** Why running guest code failed. */
export interface FailureInfo {
  /** The runtime's `LayerError.code` (`trap`, `host`, `link`, `limit`, …) or the error's name. */
  code: string;
  message: string;
  /** What the error wraps: the engine's or the host function's own message. */
  cause: string | null;
  /** The import whose host function failed (`env.log`), when one did. */
  hostImport: string | null;
  /** Wasm frames, innermost first. */
  frames: StackFrame[];
}

/** What a call (or a start function, or `_start`) did. */
export type CallOutcome =
  | { kind: 'returned'; results: SandboxVal[]; durationMs: number; hostCalls: number }
  | { kind: 'failed'; failure: FailureInfo; durationMs: number; hostCalls: number }
  | { kind: 'exited'; code: number; durationMs: number; hostCalls: number };

/** What instantiating did: an instance (after its start function), or why there is none. */
export type InstantiateOutcome =
  | { kind: 'instantiated'; instance: InstanceSummary; durationMs: number; hostCalls: number }
  | { kind: 'failed'; failure: FailureInfo; durationMs: number; hostCalls: number };

/** A memory's bytes read from the worker. */
export interface MemoryWindow {
  /** The memory's size in bytes now. */
  size: number;
  offset: number;
  bytes: ArrayBuffer;
}

/**
 * A function as the sandbox can place it: its type, and for a wasm function the module it is
 * defined in and its index there (to open it in the code view), or for a host function the
 * import it serves.
 */
export interface FuncDetail {
  /** `func(i32) -> i32`. */
  type: string;
  /** A function made by `Func.new` (the sandbox's host functions). */
  host: boolean;
  /** The module (the sandbox's id) defining a wasm function, when the layer knows it. */
  moduleId: number | null;
  /** Its index in that module's function index space. */
  funcIndex: number | null;
  /** `$name` from the name section, else the export name; for a host function its import. */
  name: string | null;
}

/** One entry of a table. */
export interface TableEntry {
  index: number;
  value: SandboxVal;
  /** For a non-null function entry: what the sandbox knows of the function. */
  func?: FuncDetail;
}

/** Entries of a table. */
export interface TableWindow {
  size: number;
  element: string;
  entries: TableEntry[];
}

/** A global's current value. */
export interface GlobalState {
  handle: number;
  name: string;
  content: string;
  mutable: boolean;
  /** Null when the value cannot cross the JS API (exnref). */
  value: SandboxVal | null;
}

/** A file of the WASI preopened directory. */
export interface WasiFileSummary {
  path: string;
  size: number;
}

/** An extern type as text: `func(i32, i32) -> i32`, `memory(1, 16, shared)`, `global(mut i64)`. */
export function externText(summary: ExternSummary): string {
  switch (summary.kind) {
    case 'func':
      return `func(${summary.params.join(', ')})${summary.results.map((r) => ` -> ${r}`).join('')}`;
    case 'memory':
      return `memory${summary.address === 'i64' ? '64' : ''}(${summary.initial}${summary.maximum === null ? '' : `, ${summary.maximum}`}${summary.shared ? ', shared' : ''})`;
    case 'table':
      return `table(${summary.element}, ${summary.minimum}${summary.maximum === null ? '' : `, ${summary.maximum}`})`;
    case 'global':
      return `global(${summary.mutable ? 'mut ' : ''}${summary.content})`;
    case 'tag':
      return `tag(${summary.params.join(', ')})`;
  }
}

// ---- validators -------------------------------------------------------------------------

const isText = (value: unknown): value is string => isBoundedString(value, MAX_TEXT_CHARS);
const isTextList = (value: unknown): value is string[] => isArrayOf(value, MAX_LIST_ITEMS, isText);
const isOptionalCount = (value: unknown): value is number | null =>
  value === null || isCount(value);
const isAddress = (value: unknown): value is 'i32' | 'i64' => value === 'i32' || value === 'i64';

/** Whether `value` is a well-formed {@link ExternSummary}. */
export function isExternSummary(value: unknown): value is ExternSummary {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'func':
      return isTextList(value.params) && isTextList(value.results);
    case 'memory':
      return (
        isCount(value.initial) &&
        isOptionalCount(value.maximum) &&
        isAddress(value.address) &&
        typeof value.shared === 'boolean'
      );
    case 'table':
      return (
        isText(value.element) &&
        isCount(value.minimum) &&
        isOptionalCount(value.maximum) &&
        isAddress(value.address)
      );
    case 'global':
      return isText(value.content) && typeof value.mutable === 'boolean';
    case 'tag':
      return isTextList(value.params);
    default:
      return false;
  }
}

function isImportSummary(value: unknown): value is ImportSummary {
  return (
    isRecord(value) &&
    isCount(value.index) &&
    isText(value.module) &&
    isText(value.name) &&
    isExternSummary(value.type)
  );
}

function isExportSummary(value: unknown): value is ExportSummary {
  return (
    isRecord(value) &&
    isText(value.name) &&
    isExternSummary(value.type) &&
    (value.funcIndex === null || isCount(value.funcIndex))
  );
}

/** Whether `value` is a well-formed {@link ModuleSummary}. */
export function isModuleSummary(value: unknown): value is ModuleSummary {
  return (
    isRecord(value) &&
    isCount(value.moduleId) &&
    isText(value.name) &&
    isArrayOf(value.imports, MAX_LIST_ITEMS, isImportSummary) &&
    isArrayOf(value.exports, MAX_LIST_ITEMS, isExportSummary) &&
    (value.wasi === null || isOneOf(value.wasi, ['command', 'reactor', 'library'] as const)) &&
    typeof value.sharedMemory === 'boolean'
  );
}

/** Whether `value` is a well-formed {@link SandboxEnvironment}. */
export function isSandboxEnvironment(value: unknown): value is SandboxEnvironment {
  return (
    isRecord(value) &&
    typeof value.crossOriginIsolated === 'boolean' &&
    typeof value.sharedMemory === 'boolean' &&
    isArrayOf(value.features, 256, isText) &&
    isText(value.userAgent) &&
    typeof value.canForceGc === 'boolean'
  );
}

function isInstanceExtern(value: unknown): value is InstanceExtern {
  return (
    isRecord(value) && isText(value.name) && isExternSummary(value.type) && isHandle(value.handle)
  );
}

function isInstanceImport(value: unknown): value is InstanceImport {
  return (
    isRecord(value) &&
    isCount(value.index) &&
    isText(value.module) &&
    isText(value.name) &&
    isExternSummary(value.type) &&
    isOneOf(value.source, ['host', 'created', 'export', 'wasi'] as const) &&
    isHandle(value.handle)
  );
}

/** Whether `value` is a well-formed {@link InstanceSummary}. */
export function isInstanceSummary(value: unknown): value is InstanceSummary {
  return (
    isRecord(value) &&
    isCount(value.instanceId) &&
    isCount(value.storeId) &&
    isCount(value.moduleId) &&
    isArrayOf(value.exports, MAX_LIST_ITEMS, isInstanceExtern) &&
    isArrayOf(value.imports, MAX_LIST_ITEMS, isInstanceImport)
  );
}

function isStackFrame(value: unknown): value is StackFrame {
  return (
    isRecord(value) &&
    isText(value.text) &&
    (value.moduleId === null || isCount(value.moduleId)) &&
    (value.funcIndex === null || isCount(value.funcIndex)) &&
    (value.funcName === null || isText(value.funcName)) &&
    (value.offset === null || isCount(value.offset))
  );
}

/** Whether `value` is a well-formed {@link FailureInfo}. */
export function isFailureInfo(value: unknown): value is FailureInfo {
  return (
    isRecord(value) &&
    isText(value.code) &&
    typeof value.message === 'string' &&
    (value.cause === null || typeof value.cause === 'string') &&
    (value.hostImport === null || isText(value.hostImport)) &&
    isArrayOf(value.frames, MAX_FRAMES, isStackFrame)
  );
}

const isDuration = (value: unknown): value is number => isFiniteNumber(value) && value >= 0;

/** Whether `value` is a well-formed {@link CallOutcome}. */
export function isCallOutcome(value: unknown): value is CallOutcome {
  if (!isRecord(value) || !isDuration(value.durationMs) || !isCount(value.hostCalls)) return false;
  switch (value.kind) {
    case 'returned':
      return isArrayOf(value.results, MAX_LIST_ITEMS, isSandboxVal);
    case 'failed':
      return isFailureInfo(value.failure);
    case 'exited':
      return typeof value.code === 'number' && Number.isInteger(value.code);
    default:
      return false;
  }
}

/** Whether `value` is a well-formed {@link InstantiateOutcome}. */
export function isInstantiateOutcome(value: unknown): value is InstantiateOutcome {
  if (!isRecord(value) || !isDuration(value.durationMs) || !isCount(value.hostCalls)) return false;
  if (value.kind === 'instantiated') return isInstanceSummary(value.instance);
  if (value.kind === 'failed') return isFailureInfo(value.failure);
  return false;
}

/** Whether `value` is a well-formed {@link MemoryWindow}. */
export function isMemoryWindow(value: unknown): value is MemoryWindow {
  return (
    isRecord(value) &&
    isCount(value.size) &&
    isCount(value.offset) &&
    value.bytes instanceof ArrayBuffer &&
    value.offset + value.bytes.byteLength <= value.size
  );
}

/** Whether `value` is a well-formed {@link FuncDetail}. */
export function isFuncDetail(value: unknown): value is FuncDetail {
  return (
    isRecord(value) &&
    isText(value.type) &&
    typeof value.host === 'boolean' &&
    isOptionalCount(value.moduleId) &&
    isOptionalCount(value.funcIndex) &&
    (value.name === null || isText(value.name))
  );
}

/** Whether `value` is a well-formed {@link TableWindow}. */
export function isTableWindow(value: unknown): value is TableWindow {
  return (
    isRecord(value) &&
    isCount(value.size) &&
    isText(value.element) &&
    isArrayOf(
      value.entries,
      MAX_LIST_ITEMS,
      (entry): entry is TableEntry =>
        isRecord(entry) &&
        isCount(entry.index) &&
        isSandboxVal(entry.value) &&
        (entry.func === undefined || isFuncDetail(entry.func)),
    )
  );
}

/** Whether `value` is a well-formed {@link GlobalState}. */
export function isGlobalState(value: unknown): value is GlobalState {
  return (
    isRecord(value) &&
    isHandle(value.handle) &&
    isText(value.name) &&
    isText(value.content) &&
    typeof value.mutable === 'boolean' &&
    (value.value === null || isSandboxVal(value.value))
  );
}

/** Whether `value` is a well-formed {@link WasiFileSummary}. */
export function isWasiFileSummary(value: unknown): value is WasiFileSummary {
  return isRecord(value) && isText(value.path) && isCount(value.size);
}

/**
 * The sandbox worker's methods: load modules, make stores, instantiate with imports provided
 * automatically (host functions that log and return what the user set, memories and globals
 * made from their types, another instance's exports, WASI), call functions, and read or write
 * memories, tables and globals. Each method has a parameter validator (the worker checks what
 * the panel sends) and a result validator (the panel checks what the worker answers).
 */
import type { RegistrySnapshot } from '../../runtime/index.ts';
import {
  memoryInspectResultValidators,
  memoryInspectValidators,
  type MemoryInspectMethods,
} from '../memory/index.ts';
import { isArrayOf, isBoundedString, isCount, isRecord } from '../guards.ts';
import { MAX_MODULE_BYTES } from '../limits.ts';
import {
  isCallOutcome,
  isGlobalState,
  isInstantiateOutcome,
  isMemoryWindow,
  isModuleSummary,
  isSandboxEnvironment,
  isTableWindow,
  isWasiFileSummary,
  type CallOutcome,
  type GlobalState,
  type InstantiateOutcome,
  type MemoryWindow,
  type ModuleSummary,
  type SandboxEnvironment,
  type TableWindow,
  type WasiFileSummary,
} from './summaries.ts';
import { isRegistrySnapshot } from './registry.ts';
import { isHandle, isSandboxVal, MAX_LABEL_CHARS, type SandboxVal } from './values.ts';

/** Most bytes one memory read or write moves. */
export const MAX_MEMORY_WINDOW_BYTES = 16 * 1024 * 1024;
/** Most table entries one read returns. */
export const MAX_TABLE_WINDOW = 4096;
/** Most arguments (or preset results) of one function. */
export const MAX_VALUES = 1000;
/** Most WASI arguments or environment entries, and the longest of each. */
export const MAX_WASI_STRINGS = 1000;
export const MAX_WASI_STRING_CHARS = 65_536;
/** Longest message a user sets for a trapping host function. */
export const MAX_TRAP_MESSAGE_CHARS = 4096;
/** Most windows the panel asks to be pushed during long calls. */
export const MAX_WATCHES = 64;
/** Largest file put into the WASI directory. */
export const MAX_WASI_FILE_BYTES = 256 * 1024 * 1024;

/** What a host function standing for an import does when called. */
export type HostBehavior =
  { kind: 'return'; values: SandboxVal[] } | { kind: 'trap'; message: string };

/**
 * What satisfies one import.
 *
 * - `auto`: a function import becomes a host function that logs each call and behaves as
 *   `behavior` says; a memory, table, global or tag import is made from its declared type
 *   (a global holds `initial`, or zero).
 * - `export`: another instance's export of that name (same store).
 * - `wasi`: the WASI preview 1 function of that name.
 */
export type ImportProvider =
  | { kind: 'auto'; behavior: HostBehavior; initial: SandboxVal | null }
  | { kind: 'export'; instanceId: number; name: string }
  | { kind: 'wasi' };

/** The WASI process an instance sees: its arguments (`argv[0]` first) and environment. */
export interface WasiConfig {
  args: string[];
  /** `NAME=value` entries. */
  env: string[];
}

/** A range the worker pushes to the panel during long calls (see the `live` event). */
export type WatchWindow =
  | { kind: 'memory'; handle: number; offset: number; length: number }
  | { kind: 'table'; handle: number; start: number; count: number }
  | { kind: 'globals'; handles: number[] };

/**
 * Every method of the sandbox worker. The memory-inspection methods (`memorySearch`,
 * `memorySnapshot`, `memoryDiff`, `memoryDropSnapshot`) name memories by the same handles as
 * `readMemory`: searches and snapshots run in the worker, next to the bytes.
 */
export interface SandboxApi extends MemoryInspectMethods {
  hello: { params: Record<string, never>; result: SandboxEnvironment };
  loadModule: { params: { bytes: ArrayBuffer; name: string }; result: ModuleSummary };
  createStore: { params: Record<string, never>; result: { storeId: number } };
  /**
   * Disposes a store. Its handles are dropped with it unless `keepHandles` (the panel then
   * still holds its objects, to show calls on them failing with `freed`).
   */
  disposeStore: { params: { storeId: number; keepHandles?: boolean }; result: null };
  instantiate: {
    params: {
      storeId: number;
      moduleId: number;
      imports: ImportProvider[];
      wasi: WasiConfig | null;
    };
    result: InstantiateOutcome;
  };
  setBehavior: {
    params: { instanceId: number; importIndex: number; behavior: HostBehavior };
    result: null;
  };
  call: { params: { func: number; args: SandboxVal[] }; result: CallOutcome };
  createExternRef: {
    params: { storeId: number; label: string };
    result: { handle: number; label: string };
  };
  dropHandle: { params: { handle: number }; result: null };
  /**
   * The panel lets go of an instance: it forgets it and drops its handles (those no other
   * instance of the panel's still names). Nothing is disposed: its objects stay alive while
   * anything else holds them, and host functions only it imported are released when the
   * collector finds their callables unreachable. Resolves with the handles dropped.
   */
  dropInstance: { params: { instanceId: number }; result: { dropped: number[] } };
  /**
   * The panel lets go of a store without disposing it: it forgets the store and drops all its
   * handles. Once collected, the registry flags it (`store-not-disposed`). For a store already
   * disposed (its handles kept), this only drops the handles. Resolves with the handles dropped.
   */
  forgetStore: { params: { storeId: number }; result: { dropped: number[] } };
  /**
   * Lets the collector run: forced when the engine exposes `gc()` (tests), else invited by
   * allocating and dropping scratch memory (the engine may still wait). Resolves after the
   * finalizers that ran had their turn, with whether the collection was forced.
   */
  collectGarbage: { params: Record<string, never>; result: { forced: boolean } };
  watch: { params: { windows: WatchWindow[] }; result: null };
  readMemory: {
    params: { handle: number; offset: number; length: number };
    result: MemoryWindow;
  };
  writeMemory: {
    params: { handle: number; offset: number; bytes: ArrayBuffer };
    result: { size: number };
  };
  readTable: {
    params: { handle: number; start: number; count: number };
    result: TableWindow;
  };
  setTableEntry: {
    params: { handle: number; index: number; value: SandboxVal };
    result: null;
  };
  readGlobals: { params: { handles: number[] }; result: GlobalState[] };
  setGlobal: { params: { handle: number; value: SandboxVal }; result: GlobalState };
  wasiFiles: { params: Record<string, never>; result: WasiFileSummary[] };
  putWasiFile: { params: { path: string; bytes: ArrayBuffer }; result: WasiFileSummary[] };
  readWasiFile: { params: { path: string }; result: ArrayBuffer };
  removeWasiFile: { params: { path: string }; result: WasiFileSummary[] };
  registrySnapshot: { params: Record<string, never>; result: RegistrySnapshot };
}

// ---- parameter validators ---------------------------------------------------------------

const isEmpty = (p: unknown): p is Record<string, never> => isRecord(p);
const isValues = (value: unknown): value is SandboxVal[] =>
  isArrayOf(value, MAX_VALUES, isSandboxVal);

/** A WASI directory path: relative, `/`-separated, no `.`/`..` parts, no NUL. */
export function isWasiPath(value: unknown): value is string {
  if (!isBoundedString(value, 1024) || value.length === 0 || value.includes('\0')) return false;
  return value.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Whether `value` is a well-formed {@link HostBehavior}. */
export function isHostBehavior(value: unknown): value is HostBehavior {
  if (!isRecord(value)) return false;
  if (value.kind === 'return') return isValues(value.values);
  if (value.kind === 'trap') return isBoundedString(value.message, MAX_TRAP_MESSAGE_CHARS);
  return false;
}

/** Whether `value` is a well-formed {@link ImportProvider}. */
export function isImportProvider(value: unknown): value is ImportProvider {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'auto':
      return (
        isHostBehavior(value.behavior) && (value.initial === null || isSandboxVal(value.initial))
      );
    case 'export':
      return isCount(value.instanceId) && isBoundedString(value.name);
    case 'wasi':
      return true;
    default:
      return false;
  }
}

/** Whether `value` is a well-formed {@link WasiConfig}. */
export function isWasiConfig(value: unknown): value is WasiConfig {
  const isStrings = (list: unknown): list is string[] =>
    isArrayOf(list, MAX_WASI_STRINGS, (s): s is string =>
      isBoundedString(s, MAX_WASI_STRING_CHARS),
    );
  return isRecord(value) && isStrings(value.args) && isStrings(value.env);
}

/** Whether `value` is a well-formed {@link WatchWindow}. */
export function isWatchWindow(value: unknown): value is WatchWindow {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'memory':
      return (
        isHandle(value.handle) &&
        isCount(value.offset) &&
        isCount(value.length, MAX_MEMORY_WINDOW_BYTES)
      );
    case 'table':
      return (
        isHandle(value.handle) && isCount(value.start) && isCount(value.count, MAX_TABLE_WINDOW)
      );
    case 'globals':
      return isArrayOf(value.handles, MAX_TABLE_WINDOW, isHandle);
    default:
      return false;
  }
}

/** Parameter validators of every {@link SandboxApi} method. */
export const sandboxParamValidators = {
  hello: isEmpty,
  loadModule: (p: unknown): p is SandboxApi['loadModule']['params'] =>
    isRecord(p) &&
    p.bytes instanceof ArrayBuffer &&
    p.bytes.byteLength <= MAX_MODULE_BYTES &&
    isBoundedString(p.name),
  createStore: isEmpty,
  disposeStore: (p: unknown): p is SandboxApi['disposeStore']['params'] =>
    isRecord(p) &&
    isCount(p.storeId) &&
    (p.keepHandles === undefined || typeof p.keepHandles === 'boolean'),
  instantiate: (p: unknown): p is SandboxApi['instantiate']['params'] =>
    isRecord(p) &&
    isCount(p.storeId) &&
    isCount(p.moduleId) &&
    isArrayOf(p.imports, 100_000, isImportProvider) &&
    (p.wasi === null || isWasiConfig(p.wasi)),
  setBehavior: (p: unknown): p is SandboxApi['setBehavior']['params'] =>
    isRecord(p) && isCount(p.instanceId) && isCount(p.importIndex) && isHostBehavior(p.behavior),
  call: (p: unknown): p is SandboxApi['call']['params'] =>
    isRecord(p) && isHandle(p.func) && isValues(p.args),
  createExternRef: (p: unknown): p is SandboxApi['createExternRef']['params'] =>
    isRecord(p) && isCount(p.storeId) && isBoundedString(p.label, MAX_LABEL_CHARS),
  dropHandle: (p: unknown): p is SandboxApi['dropHandle']['params'] =>
    isRecord(p) && isHandle(p.handle),
  dropInstance: (p: unknown): p is SandboxApi['dropInstance']['params'] =>
    isRecord(p) && isCount(p.instanceId),
  forgetStore: (p: unknown): p is SandboxApi['forgetStore']['params'] =>
    isRecord(p) && isCount(p.storeId),
  collectGarbage: isEmpty,
  watch: (p: unknown): p is SandboxApi['watch']['params'] =>
    isRecord(p) && isArrayOf(p.windows, MAX_WATCHES, isWatchWindow),
  readMemory: (p: unknown): p is SandboxApi['readMemory']['params'] =>
    isRecord(p) &&
    isHandle(p.handle) &&
    isCount(p.offset) &&
    isCount(p.length, MAX_MEMORY_WINDOW_BYTES),
  writeMemory: (p: unknown): p is SandboxApi['writeMemory']['params'] =>
    isRecord(p) &&
    isHandle(p.handle) &&
    isCount(p.offset) &&
    p.bytes instanceof ArrayBuffer &&
    p.bytes.byteLength <= MAX_MEMORY_WINDOW_BYTES,
  readTable: (p: unknown): p is SandboxApi['readTable']['params'] =>
    isRecord(p) && isHandle(p.handle) && isCount(p.start) && isCount(p.count, MAX_TABLE_WINDOW),
  setTableEntry: (p: unknown): p is SandboxApi['setTableEntry']['params'] =>
    isRecord(p) && isHandle(p.handle) && isCount(p.index) && isSandboxVal(p.value),
  readGlobals: (p: unknown): p is SandboxApi['readGlobals']['params'] =>
    isRecord(p) && isArrayOf(p.handles, MAX_TABLE_WINDOW, isHandle),
  setGlobal: (p: unknown): p is SandboxApi['setGlobal']['params'] =>
    isRecord(p) && isHandle(p.handle) && isSandboxVal(p.value),
  wasiFiles: isEmpty,
  putWasiFile: (p: unknown): p is SandboxApi['putWasiFile']['params'] =>
    isRecord(p) &&
    isWasiPath(p.path) &&
    p.bytes instanceof ArrayBuffer &&
    p.bytes.byteLength <= MAX_WASI_FILE_BYTES,
  readWasiFile: (p: unknown): p is SandboxApi['readWasiFile']['params'] =>
    isRecord(p) && isWasiPath(p.path),
  removeWasiFile: (p: unknown): p is SandboxApi['removeWasiFile']['params'] =>
    isRecord(p) && isWasiPath(p.path),
  registrySnapshot: isEmpty,
  ...memoryInspectValidators,
};

// ---- result validators ------------------------------------------------------------------

const isNull = (value: unknown): value is null => value === null;
const isDropped = (value: unknown): value is { dropped: number[] } =>
  isRecord(value) && isArrayOf(value.dropped, 10_000_000, isHandle);
const isFiles = (value: unknown): value is WasiFileSummary[] =>
  isArrayOf(value, 100_000, isWasiFileSummary);

/** Result validators of every {@link SandboxApi} method (the panel's side of the checks). */
export const sandboxResultValidators = {
  hello: isSandboxEnvironment,
  loadModule: isModuleSummary,
  createStore: (v: unknown): v is { storeId: number } => isRecord(v) && isCount(v.storeId),
  disposeStore: isNull,
  instantiate: isInstantiateOutcome,
  setBehavior: isNull,
  call: isCallOutcome,
  createExternRef: (v: unknown): v is { handle: number; label: string } =>
    isRecord(v) && isHandle(v.handle) && isBoundedString(v.label, MAX_LABEL_CHARS),
  dropHandle: isNull,
  dropInstance: isDropped,
  forgetStore: isDropped,
  collectGarbage: (v: unknown): v is { forced: boolean } =>
    isRecord(v) && typeof v.forced === 'boolean',
  watch: isNull,
  readMemory: isMemoryWindow,
  writeMemory: (v: unknown): v is { size: number } => isRecord(v) && isCount(v.size),
  readTable: isTableWindow,
  setTableEntry: isNull,
  readGlobals: (v: unknown): v is GlobalState[] => isArrayOf(v, MAX_TABLE_WINDOW, isGlobalState),
  setGlobal: isGlobalState,
  wasiFiles: isFiles,
  putWasiFile: isFiles,
  readWasiFile: (v: unknown): v is ArrayBuffer => v instanceof ArrayBuffer,
  removeWasiFile: isFiles,
  registrySnapshot: isRegistrySnapshot,
  ...memoryInspectResultValidators,
};

export type { CallOutcome, InstantiateOutcome, MemoryWindow, TableWindow };

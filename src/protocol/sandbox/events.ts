/**
 * What the sandbox worker pushes to the panel unasked: the lifetime registry's events (with a
 * snapshot after each run), console output of WASI programs, the log of host-function calls,
 * and, during long calls, the memory, table and global windows the panel watches. Each topic
 * has a validator; the panel drops what does not pass.
 */
import type { LifetimeEvent, RegistrySnapshot } from '../../runtime/index.ts';
import {
  isArrayOf,
  isBoundedString,
  isCount,
  isFiniteNumber,
  isOneOf,
  isRecord,
} from '../guards.ts';
import { MAX_MEMORY_WINDOW_BYTES } from './methods.ts';
import { isLifetimeEvent, isRegistrySnapshot } from './registry.ts';
import { isGlobalState, isTableWindow, type GlobalState, type TableWindow } from './summaries.ts';
import { isHandle, isSandboxVal, type SandboxVal } from './values.ts';

/** Most items of one event batch. */
export const MAX_BATCH = 10_000;
/** Longest console chunk. */
export const MAX_CONSOLE_CHARS = 1024 * 1024;

/**
 * Which import a host function of the sandbox serves: the registry knows host functions by id
 * and type only; the sandbox made each for an import of an instance.
 */
export interface HostFuncOrigin {
  /** The registry's host-function id. */
  funcId: number;
  storeId: number;
  /** The instance importing it; null when its instantiation failed. */
  instanceId: number | null;
  importIndex: number;
  /** `env.log`, `wasi_snapshot_preview1.fd_write`. */
  name: string;
  /** The panel's handle to the `Func`, while the instance exists. */
  handle: number | null;
}

/**
 * Registry events since the last batch, each with the time it happened, and the imports of
 * host functions made since; `snapshot` comes after each method that ran guest code or changed
 * stores, and with events that arrive between methods (the collector's).
 */
export interface RegistryBatch {
  events: LifetimeEvent[];
  /** When each event of `events` happened: milliseconds since the epoch, with fractions. */
  times: number[];
  /** Events left out of this batch (host-call and guest-call events past the batch size). */
  dropped: number;
  snapshot: RegistrySnapshot | null;
  hostFuncs: HostFuncOrigin[];
}

/** Text a WASI program wrote to stdout or stderr. */
export interface ConsoleChunk {
  instanceId: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Console output since the last batch. */
export interface ConsoleBatch {
  chunks: ConsoleChunk[];
}

/** One call of a host function that stands for an import. */
export interface HostCallLog {
  /** Increases by one per logged call, over the whole session. */
  seq: number;
  instanceId: number;
  importIndex: number;
  /** `env.log`. */
  name: string;
  args: SandboxVal[];
  /** Null when it trapped. */
  results: SandboxVal[] | null;
  /** The message when it trapped (or the WASI error), else null. */
  trap: string | null;
  durationMs: number;
}

/** Host calls since the last batch. */
export interface HostCallBatch {
  calls: HostCallLog[];
  /** Calls not logged one by one (beyond the per-run limit), counted. */
  dropped: number;
}

/** One watched window's data, pushed during a long call. */
export type LiveWindow =
  | { kind: 'memory'; handle: number; offset: number; size: number; bytes: ArrayBuffer }
  | { kind: 'table'; handle: number; window: TableWindow }
  | { kind: 'globals'; globals: GlobalState[] };

/** The watched windows as they are now, in the middle of a call or as it ends. */
export interface LiveBatch {
  /** How long the current call has run. */
  elapsedMs: number;
  /** Host calls made by the current call so far. */
  hostCalls: number;
  windows: LiveWindow[];
  /**
   * The call has ended: these are the windows as it left them, sent just before its answer,
   * so the views need not ask again.
   */
  final?: true;
}

/** A memory whose size changed (a `memory.grow` in guest code), in bytes. */
export interface MemoryGrowth {
  handle: number;
  from: number;
  to: number;
}

/**
 * Memories that grew since the last report: sent when a run of guest code ends, and during a
 * long call just before each `live` push.
 */
export interface MemoryGrowthBatch {
  grown: MemoryGrowth[];
}

/** Topic → payload of every event the worker sends. */
export interface SandboxEvents {
  registry: RegistryBatch;
  console: ConsoleBatch;
  'host-calls': HostCallBatch;
  live: LiveBatch;
  'memory-grown': MemoryGrowthBatch;
}

/** Event topics. */
export type SandboxTopic = keyof SandboxEvents;

function isConsoleChunk(value: unknown): value is ConsoleChunk {
  return (
    isRecord(value) &&
    isCount(value.instanceId) &&
    isOneOf(value.stream, ['stdout', 'stderr'] as const) &&
    isBoundedString(value.text, MAX_CONSOLE_CHARS)
  );
}

function isHostCallLog(value: unknown): value is HostCallLog {
  return (
    isRecord(value) &&
    isCount(value.seq) &&
    isCount(value.instanceId) &&
    isCount(value.importIndex) &&
    isBoundedString(value.name) &&
    isArrayOf(value.args, 1000, isSandboxVal) &&
    (value.results === null || isArrayOf(value.results, 1000, isSandboxVal)) &&
    (value.trap === null || isBoundedString(value.trap, 16_384)) &&
    isFiniteNumber(value.durationMs)
  );
}

function isLiveWindow(value: unknown): value is LiveWindow {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'memory':
      return (
        isHandle(value.handle) &&
        isCount(value.offset) &&
        isCount(value.size) &&
        value.bytes instanceof ArrayBuffer &&
        value.bytes.byteLength <= MAX_MEMORY_WINDOW_BYTES
      );
    case 'table':
      return isHandle(value.handle) && isTableWindow(value.window);
    case 'globals':
      return isArrayOf(value.globals, 4096, isGlobalState);
    default:
      return false;
  }
}

function isMemoryGrowth(value: unknown): value is MemoryGrowth {
  return (
    isRecord(value) &&
    isHandle(value.handle) &&
    isCount(value.from) &&
    isCount(value.to) &&
    value.from !== value.to
  );
}

/** Whether `value` is a well-formed {@link HostFuncOrigin}. */
export function isHostFuncOrigin(value: unknown): value is HostFuncOrigin {
  return (
    isRecord(value) &&
    isCount(value.funcId) &&
    isCount(value.storeId) &&
    (value.instanceId === null || isCount(value.instanceId)) &&
    isCount(value.importIndex) &&
    isBoundedString(value.name) &&
    (value.handle === null || isHandle(value.handle))
  );
}

/** Payload validators per topic. */
export const sandboxEventValidators: {
  [K in SandboxTopic]: (payload: unknown) => payload is SandboxEvents[K];
} = {
  registry: (p): p is RegistryBatch =>
    isRecord(p) &&
    isArrayOf(p.events, MAX_BATCH, isLifetimeEvent) &&
    isArrayOf(p.times, MAX_BATCH, isFiniteNumber) &&
    p.times.length === p.events.length &&
    isCount(p.dropped) &&
    (p.snapshot === null || isRegistrySnapshot(p.snapshot)) &&
    isArrayOf(p.hostFuncs, MAX_BATCH, isHostFuncOrigin),
  console: (p): p is ConsoleBatch => isRecord(p) && isArrayOf(p.chunks, MAX_BATCH, isConsoleChunk),
  'host-calls': (p): p is HostCallBatch =>
    isRecord(p) && isArrayOf(p.calls, MAX_BATCH, isHostCallLog) && isCount(p.dropped),
  live: (p): p is LiveBatch =>
    isRecord(p) &&
    isFiniteNumber(p.elapsedMs) &&
    isCount(p.hostCalls) &&
    isArrayOf(p.windows, 64, isLiveWindow) &&
    (p.final === undefined || p.final === true),
  'memory-grown': (p): p is MemoryGrowthBatch =>
    isRecord(p) && isArrayOf(p.grown, MAX_BATCH, isMemoryGrowth),
};

/**
 * The Memory lab's worker (`src/panel/workers/memory/memory-lab-worker.ts`): a page for trying
 * and measuring the Memory view on real memories without the sandbox. It instantiates modules
 * without imports, creates memories (up to the engine's limit, memory64 where supported),
 * calls exports, and serves reads, writes, search and snapshots of every memory it holds.
 */
import { isArrayOf, isBoundedString, isCount, isFiniteNumber, isRecord } from '../guards.ts';
import {
  memoryInspectResultValidators,
  memoryInspectValidators,
  type MemoryInspectMethods,
} from './inspect.ts';

/** Most bytes one read or write moves (what the sandbox allows too). */
export const MAX_LAB_WINDOW_BYTES = 16 * 1024 * 1024;
/** Largest module the lab instantiates. */
export const MAX_LAB_MODULE_BYTES = 64 * 1024 * 1024;

/** A memory the lab holds. */
export interface LabMemory {
  handle: number;
  label: string;
  is64: boolean;
  shared: boolean;
  /** Size in bytes now. */
  length: number;
}

/** A memory that grew during a call. */
export interface LabGrowth {
  handle: number;
  from: number;
  to: number;
}

/** What `memory-changed` events carry: after every call, the call's id and what grew. */
export interface LabChange {
  callId: number;
  grown: LabGrowth[];
}

/** The lab's own methods. */
export interface MemoryLabOwnMethods {
  labLoad: {
    params: { bytes: ArrayBuffer; name: string };
    result: { memories: LabMemory[]; functions: string[] };
  };
  labCreate: {
    params: { label: string; pages: number; maximum: number | null; memory64: boolean };
    result: LabMemory;
  };
  labCall: {
    params: { name: string; args: number[] };
    result: { value: string | null; ms: number; callId: number };
  };
  labRead: {
    params: { handle: number; offset: number; length: number };
    result: { bytes: ArrayBuffer; size: number };
  };
  labWrite: { params: { handle: number; offset: number; bytes: ArrayBuffer }; result: null };
  /**
   * The raw API `memorySearch` is measured against (`npm run bench:panel`): a plain
   * `Uint8Array.indexOf` loop on the pattern's first byte over the same memory, in one task.
   */
  labIndexOfSearch: {
    params: { handle: number; pattern: ArrayBuffer; maxMatches: number };
    result: { matches: number[] };
  };
}

/** Every method of the lab's worker. */
export type MemoryLabApi = MemoryLabOwnMethods & MemoryInspectMethods;

/** Parameter validators of {@link MemoryLabApi}. */
export const memoryLabValidators = {
  ...memoryInspectValidators,
  labLoad: (p: unknown): p is MemoryLabOwnMethods['labLoad']['params'] =>
    isRecord(p) &&
    p.bytes instanceof ArrayBuffer &&
    p.bytes.byteLength <= MAX_LAB_MODULE_BYTES &&
    isBoundedString(p.name, 256),
  labCreate: (p: unknown): p is MemoryLabOwnMethods['labCreate']['params'] =>
    isRecord(p) &&
    isBoundedString(p.label, 256) &&
    isCount(p.pages, 65536) &&
    (p.maximum === null || (isCount(p.maximum, 65536) && p.maximum >= p.pages)) &&
    typeof p.memory64 === 'boolean',
  labCall: (p: unknown): p is MemoryLabOwnMethods['labCall']['params'] =>
    isRecord(p) && isBoundedString(p.name, 256) && isArrayOf(p.args, 16, isFiniteNumber),
  labRead: (p: unknown): p is MemoryLabOwnMethods['labRead']['params'] =>
    isRecord(p) &&
    isCount(p.handle) &&
    isCount(p.offset) &&
    isCount(p.length, MAX_LAB_WINDOW_BYTES),
  labWrite: (p: unknown): p is MemoryLabOwnMethods['labWrite']['params'] =>
    isRecord(p) &&
    isCount(p.handle) &&
    isCount(p.offset) &&
    p.bytes instanceof ArrayBuffer &&
    p.bytes.byteLength <= MAX_LAB_WINDOW_BYTES,
  labIndexOfSearch: (p: unknown): p is MemoryLabOwnMethods['labIndexOfSearch']['params'] =>
    isRecord(p) &&
    isCount(p.handle) &&
    p.pattern instanceof ArrayBuffer &&
    p.pattern.byteLength > 0 &&
    p.pattern.byteLength <= 4096 &&
    isCount(p.maxMatches, 100_000),
};

function isLabMemory(value: unknown): value is LabMemory {
  return (
    isRecord(value) &&
    isCount(value.handle) &&
    isBoundedString(value.label, 256) &&
    typeof value.is64 === 'boolean' &&
    typeof value.shared === 'boolean' &&
    isCount(value.length)
  );
}

/** Result validators of {@link MemoryLabApi}, for the page's client. */
export const memoryLabResultValidators = {
  ...memoryInspectResultValidators,
  labLoad: (v: unknown): v is MemoryLabOwnMethods['labLoad']['result'] =>
    isRecord(v) &&
    isArrayOf(v.memories, 100, isLabMemory) &&
    isArrayOf(v.functions, 10_000, (f): f is string => isBoundedString(f, 256)),
  labCreate: isLabMemory,
  labCall: (v: unknown): v is MemoryLabOwnMethods['labCall']['result'] =>
    isRecord(v) &&
    (v.value === null || isBoundedString(v.value, 256)) &&
    isFiniteNumber(v.ms) &&
    isCount(v.callId),
  labRead: (v: unknown): v is MemoryLabOwnMethods['labRead']['result'] =>
    isRecord(v) &&
    v.bytes instanceof ArrayBuffer &&
    v.bytes.byteLength <= MAX_LAB_WINDOW_BYTES &&
    isCount(v.size),
  labWrite: (v: unknown): v is null => v === null,
  labIndexOfSearch: (v: unknown): v is MemoryLabOwnMethods['labIndexOfSearch']['result'] =>
    isRecord(v) && isArrayOf(v.matches, 100_000, (m): m is number => isCount(m)),
};

/** Whether an event payload is a {@link LabChange}. */
export function isLabChange(value: unknown): value is LabChange {
  return (
    isRecord(value) &&
    isCount(value.callId) &&
    isArrayOf(
      value.grown,
      100,
      (g): g is LabGrowth =>
        isRecord(g) && isCount(g.handle) && isCount(g.from) && isCount(g.to) && g.to >= g.from,
    )
  );
}

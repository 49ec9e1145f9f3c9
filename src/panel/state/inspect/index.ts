/**
 * Live state of running instances: the sources the inspection views read, and the state of
 * the Memory view over a source ({@link createMemoryInspector}) or over several
 * ({@link createMemoryList}).
 */
export type {
  MemoryChange,
  MemorySearchRequest,
  MemorySource,
  MemoryTaskOptions,
} from './memory-source.ts';
export {
  BufferMemorySource,
  type BufferLike,
  type BufferMemorySourceOptions,
} from './buffer-memory-source.ts';
export {
  workerMemoryCapabilities,
  type MemoryInspectCaller,
  type WorkerMemoryCapabilities,
} from './worker-capabilities.ts';
export { parseAddress, type AddressContext, type AddressParse } from './address-expression.ts';
export {
  floatText,
  interpretValues,
  VALUE_TYPES,
  type Endianness,
  type FloatFormat,
  type IntegerFormat,
  type InterpretedValue,
  type InterpretOptions,
  type ValueTypeId,
} from './value-interpreter.ts';
export {
  escapeByte,
  textAtCursor,
  TEXT_PREVIEW_BYTES,
  type TextAtCursor,
} from './text-at-cursor.ts';
export { parseSearchQuery, type SearchKind, type SearchQueryParse } from './search-query.ts';
export type { ByteRange } from './byte-ranges.ts';
export {
  diffMemorySnapshot,
  dropMemorySnapshot,
  searchMemory,
  takeMemorySnapshot,
  type MemorySnapshot,
} from './memory-tasks.ts';
export { SCAN_WINDOW_BYTES, yieldToEventLoop } from './windowed-scan.ts';
export { SEARCH_BATCH, type MemorySearchState, type SearchStatus } from './memory-search-state.ts';
export {
  AUTO_DIFF_MAX_MS,
  MAX_LISTED_RANGES,
  type DiffStatus,
  type MemorySnapshotsState,
  type SnapshotEntry,
} from './memory-snapshots-state.ts';
export {
  createMemoryInspector,
  MARK,
  MAX_SAVE_BYTES,
  MAX_WINDOW_BYTES,
  type GrowEvent,
  type InspectorClock,
  type InspectorNotice,
  type MemoryInspector,
  type MemoryInspectorOptions,
  type MemoryWindow,
  type MemoryScrollRequest,
} from './memory-inspector.ts';
export { createMemoryList, type MemoryList } from './memory-list.ts';

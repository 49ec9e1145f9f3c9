/** The sandbox: one session of the runtime layer in a worker, and what the Run tab shows of it. */
export {
  DEFAULT_TIME_LIMIT_MS,
  createSandboxState,
  formatSeconds,
  splitArgs,
  wasiConfigOf,
  type CallRecord,
  type ConsoleLine,
  type LostSession,
  type RestartMap,
  type RunningWork,
  type SandboxDependencies,
  type SandboxInstance,
  type SandboxModule,
  type SandboxState,
  type SandboxStore,
  type SessionStatus,
} from './sandbox-state.ts';
export { SandboxConnection, type SandboxWorker } from './connection.ts';
export { MemoryLostError, SandboxMemorySource, type MemorySourceHost } from './memory-source.ts';
export { instanceMemories, runMemory, type InstanceMemory, type RunMemory } from './run-memory.ts';
export {
  defaultText,
  formatValue,
  parseValue,
  type KnownRef,
  type ParsedValue,
  type ValueText,
} from './value-text.ts';
export {
  applyBehavior,
  behaviorOf,
  callExport,
  defaultChoice,
  editCall,
  instantiateDocument,
  parseFields,
  providersOf,
  rerunCall,
  restartSession,
  runArea,
  type ImportChoice,
  type RunArea,
} from './run-area.ts';

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
export {
  MAX_AFTER_FREE_TIMES,
  MAX_TRACKED,
  createLifetimeLog,
  type HostFuncHistory,
  type LifetimeLog,
  type StoreHistory,
} from './lifetime-log.ts';
export {
  LEAK_KINDS,
  bookkeepingText,
  clockTime,
  hostFuncPhase,
  hostFuncRows,
  hostFuncTimeline,
  leakRows,
  relativeTime,
  releasedByText,
  storeRows,
  type HostFuncPhase,
  type HostFuncRow,
  type LeakRow,
  type StoreRow,
  type StoreStatus,
  type TimelinePoint,
} from './lifetimes-model.ts';
export {
  TABLE_PAGE,
  setTableEntryText,
  tablesArea,
  tablesOf,
  type LiveTable,
  type TableRef,
  type TablesArea,
} from './tables-area.ts';
export {
  applyGlobalText,
  globalFieldText,
  globalsArea,
  globalsOf,
  readGlobalValues,
  revertGlobalText,
  typeGlobalText,
  type GlobalRef,
  type GlobalsArea,
} from './globals-area.ts';
export {
  GuideContext,
  guideRun,
  observation,
  outcomeLine,
  restartGuide,
  runGuideStep,
  stepState,
  type Guide,
  type GuideRun,
  type GuideStep,
  type Observation,
  type StepState,
} from './guide.ts';
export {
  callFromLifetimes,
  defaultArgs,
  firstFunctionExport,
  lifetimeAction,
  lifetimesArea,
  type LifetimeCall,
  type LifetimesArea,
} from './lifetimes-area.ts';

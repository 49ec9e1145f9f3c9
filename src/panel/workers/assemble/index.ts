/**
 * The assemble worker: WAT text to a binary module with wabt.js, every feature on, and wabt's
 * errors as diagnostics with line and column. The service is plain functions (tested in
 * Node); `start-assemble-worker.ts` starts the real worker.
 */
export { createAssembleHandlers, type AssembleServiceOptions } from './assemble-service.ts';
export {
  allFeatures,
  assembleWat,
  loadWabt,
  type Wabt,
  type WabtFeatures,
} from './wabt-assembler.ts';
export { charColumn, parseWabtErrors, stageOfWabtError } from './wat-diagnostics.ts';
export { startAssembleWorker } from './start-assemble-worker.ts';

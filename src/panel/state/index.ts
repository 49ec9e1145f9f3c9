/**
 * The panel's state: one store made by {@link createPanelStore}, its areas (capture,
 * documents, editor, UI), the reducer for background events, and the environment it is given. No JSX
 * here: everything runs in Node under test. The extension-only connection to the background
 * (`capture/connect-capture.ts`) is not exported here, so the standalone page does not pull in
 * the extension API.
 */
export { createPanelStore, type Notice, type PanelStore, type UiState } from './store.ts';
export {
  FileOpenError,
  isWasmBinary,
  openFiles,
  textOf,
  type TextFileSink,
} from './files/open-files.ts';
export {
  localStorageOrMemory,
  memoryStorage,
  type KeyValueStorage,
  type PanelEnvironment,
  type ThemeName,
} from './environment.ts';
export { applyPanelEvent, renderSnapshot, type CaptureChannels } from './events.ts';
export {
  createCaptureState,
  emptyStatus,
  groupModules,
  moduleMatches,
  type CaptureState,
  type ConnectionState,
  type ModuleGroup,
  type PanelModule,
} from './capture/capture-state.ts';
export { exposeDebugApi, type TargetSpec, type WasmLayerApi } from './capture/debug-api.ts';
export { LiveRequestError } from './capture/live-client.ts';
export * from './documents/index.ts';
export * from './editor/index.ts';
export { WindowedRows, type PageFetcher, type RowPage } from './common/windowed-rows.ts';
export { BYTES_PER_ROW, byteRows, type ByteReader } from './common/byte-rows.ts';
export * from './explorer/index.ts';
export * from './inspect/index.ts';
export * from './sandbox/index.ts';
export * from './compatibility/index.ts';

/** Open modules and the main area's surface. */
export { createDocumentsState, type DocumentsState, type Surface } from './documents-state.ts';
export { followArrival, type ArrivalEvent, type ArrivingModule } from './arriving.ts';
export {
  createModuleDocument,
  documentArea,
  sameOrigin,
  type DocumentArrival,
  type DocumentOrigin,
  type DocumentPhase,
  type ModuleDocument,
  type ModuleTabId,
} from './module-document.ts';

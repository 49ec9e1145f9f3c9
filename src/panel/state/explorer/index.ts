/** State of the module explorer's views, one area per view and module. */
export { listState, type ListState } from './list-state.ts';
export {
  REVEAL_TABS,
  navigationOf,
  reveal,
  takeReveal,
  type NavigationState,
  type RevealTarget,
} from './navigation.ts';
export { codeIndexOf, type CodeIndexState, type CodeIndexStatus } from './code-index-state.ts';
export {
  codeViewOf,
  type CodePosition,
  type CodeViewState,
  type HexWindow,
  type QuickOpenState,
  type ScrollRequest,
} from './code-state.ts';
export { sizeViewOf, type ReferrersEntry, type SizeViewState } from './size-state.ts';
export {
  downloadName,
  downloadsOf,
  type DownloadFormat,
  type DownloadsState,
} from './downloads.ts';

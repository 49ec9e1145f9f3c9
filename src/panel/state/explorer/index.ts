/** State of the module explorer's views, one area per view and module. */
export { listState, type ListState } from './list-state.ts';
export {
  DATA_LISTS,
  dataState,
  type AddressMode,
  type DataList,
  type DataState,
  type ElemItem,
  type ScrollRequest,
} from './data-state.ts';
export { featuresState, type FeaturesLoad, type FeaturesState } from './features-state.ts';
export {
  REVEAL_TABS,
  navigationOf,
  reveal,
  takeReveal,
  type NavigationState,
  type RevealTarget,
} from './navigation.ts';

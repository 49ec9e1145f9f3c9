/** State of the module explorer's views, one area per view and module. */
export { listState, type ListState } from './list-state.ts';

/** The WAT editor's text, its diagnostics and the module it keeps open in the explorer. */
export {
  EDITOR_STORAGE_KEY,
  MAX_SAVED_CHARS,
  STARTER_TEXT,
  createEditorState,
  moduleTitle,
  type AssembleIntent,
  type AssembleStatus,
  type EditorSource,
  type EditorState,
  type EditorStateOptions,
} from './editor-state.ts';

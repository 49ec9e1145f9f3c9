/**
 * The editor's look, after DevTools' Sources editor: the panel's colour variables (so light
 * and dark switch with `data-theme`, with no second theme to keep in step), the monospace
 * font at 12 px, a plain gutter, and the syntax colours DevTools uses for code.
 */
import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

/** Colours and sizes of the editor and of CodeMirror's own panels (search, lint tooltips). */
export const watEditorTheme = EditorView.theme({
  '&': {
    height: '100%',
    color: 'var(--color-text)',
    backgroundColor: 'var(--color-background)',
    fontSize: 'var(--font-size-mono)',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '16px' },
  '.cm-content': { caretColor: 'var(--color-text)', padding: '2px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--color-text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--color-selected) !important' },
  '.cm-activeLine': { backgroundColor: 'var(--color-hover)' },
  '.cm-gutters': {
    backgroundColor: 'var(--color-background)',
    color: 'var(--token-offset)',
    borderRight: '1px solid var(--color-divider)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'var(--color-hover)', color: 'var(--color-text)' },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 6px 0 8px', minWidth: '28px' },
  '.cm-foldPlaceholder': {
    backgroundColor: 'var(--color-background-alt)',
    border: '1px solid var(--color-divider)',
    color: 'var(--color-text-subtle)',
  },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'transparent',
    outline: '1px solid var(--color-text-subtle)',
  },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--color-error-background)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--color-changed)' },
  '.cm-searchMatch': {
    backgroundColor: 'color-mix(in srgb, var(--color-changed) 45%, transparent)',
  },
  '.cm-searchMatch.cm-searchMatch-selected': {
    backgroundColor: 'var(--color-changed)',
    outline: '1px solid var(--color-warning)',
  },
  '.cm-panels': {
    backgroundColor: 'var(--color-toolbar)',
    color: 'var(--color-text)',
    fontFamily: 'var(--font-ui)',
    fontSize: 'var(--font-size)',
  },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--color-divider)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--color-divider)' },
  '.cm-panel.cm-search': { padding: '2px 24px 2px 6px' },
  '.cm-panel.cm-search label': { fontSize: 'var(--font-size)' },
  '.cm-textfield': {
    height: '22px',
    padding: '0 6px',
    border: '1px solid var(--color-input-border)',
    borderRadius: '4px',
    backgroundColor: 'var(--color-input-background)',
    color: 'var(--color-text)',
    fontSize: 'var(--font-size)',
  },
  '.cm-button': {
    height: '22px',
    padding: '0 8px',
    border: '1px solid var(--color-input-border)',
    borderRadius: '4px',
    backgroundImage: 'none',
    backgroundColor: 'var(--color-background)',
    color: 'var(--color-text)',
    fontSize: 'var(--font-size)',
  },
  '.cm-tooltip': {
    backgroundColor: 'var(--color-background)',
    color: 'var(--color-text)',
    border: '1px solid var(--color-divider)',
    borderRadius: '4px',
    boxShadow: '0 2px 6px rgba(0, 0, 0, 0.2)',
  },
  '.cm-diagnostic': { fontFamily: 'var(--font-ui)', padding: '3px 8px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--color-error)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--color-warning)' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--color-error)',
    textUnderlineOffset: '3px',
  },
  '.cm-lintRange-warning': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--color-warning)',
    textUnderlineOffset: '3px',
  },
  '.cm-lintRange-active': { backgroundColor: 'var(--color-error-background)' },
  '.cm-lint-marker': { width: '12px', height: '12px' },
});

/** Syntax colours: DevTools' token variables from panel.css. */
export const watHighlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--token-keyword)' },
  { tag: tags.typeName, color: 'var(--token-type)' },
  { tag: tags.number, color: 'var(--token-number)' },
  { tag: tags.string, color: 'var(--token-string)' },
  { tag: tags.variableName, color: 'var(--token-name)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--token-comment)' },
  { tag: tags.paren, color: 'var(--token-punctuation)' },
]);

/**
 * The CodeMirror 6 editor for WAT, as a small imperative object the Preact view owns: WAT
 * syntax (`@codemirror/lang-wast`), bracket matching and closing, search, undo, folding, and
 * the assembler's diagnostics placed with `@codemirror/lint`. Nothing here evaluates code:
 * CodeMirror and its styles run under the extension's `script-src 'self'`.
 */
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { wast } from '@codemirror/lang-wast';
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorSelection, EditorState, type Text } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import type { WatDiagnostic } from '../../../protocol/assemble/index.ts';
import { watEditorTheme, watHighlightStyle } from './wat-theme.ts';

/** What the editor tells its owner. */
export interface WatEditorCallbacks {
  /** The user changed the text. */
  onChange(text: string): void;
  /** Ctrl+Enter (Cmd+Enter): assemble now. */
  onAssemble(): void;
  /** Ctrl+Shift+Enter: show the module in the explorer. */
  onOpenInExplorer(): void;
}

/** The editor, as its view drives it. */
export interface WatEditor {
  readonly view: EditorView;
  /**
   * Replaces the whole text (a file, an example) as one change, so Ctrl+Z brings back what
   * was there.
   */
  replaceText(text: string): void;
  /** Shows `diagnostics` (for the current text). */
  showDiagnostics(diagnostics: readonly WatDiagnostic[]): void;
  setDark(dark: boolean): void;
  /** Puts the cursor at a 1-based line and column, scrolls there and focuses. */
  goTo(line: number, column: number): void;
  destroy(): void;
}

/** The document range of a diagnostic, clamped to its line (the text may be shorter now). */
export function diagnosticRange(doc: Text, d: WatDiagnostic): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(1, d.line), doc.lines));
  const from = Math.min(line.from + d.column - 1, line.to);
  return { from, to: Math.min(from + d.length, line.to) };
}

/** CodeMirror diagnostics for the assembler's. */
export function toCodeMirrorDiagnostics(
  doc: Text,
  diagnostics: readonly WatDiagnostic[],
): Diagnostic[] {
  return diagnostics.map((d) => ({
    ...diagnosticRange(doc, d),
    severity: d.severity,
    source: d.stage === 'validate' ? 'wabt: validate' : 'wabt',
    message: d.message,
  }));
}

/** The light/dark switch; one for every editor, so a kept state can be reconfigured. */
const darkCompartment = new Compartment();

/** Options of {@link createWatEditor}. */
export interface WatEditorOptions extends WatEditorCallbacks {
  dark: boolean;
  /** The content's accessible name. */
  label: string;
}

/**
 * The editor state for `text`, with every extension. Keep it (from `view.state`) to bring an
 * editor back later with its undo history and selection.
 */
export function createWatEditorState(text: string, options: WatEditorOptions): EditorState {
  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    foldGutter(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(watHighlightStyle),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    lintGutter(),
    wast(),
    watEditorTheme,
    darkCompartment.of(EditorView.darkTheme.of(options.dark)),
    EditorView.contentAttributes.of({ 'aria-label': options.label }),
    keymap.of([
      {
        key: 'Mod-Enter',
        preventDefault: true,
        run: () => (options.onAssemble(), true),
      },
      {
        key: 'Mod-Shift-Enter',
        preventDefault: true,
        run: () => (options.onOpenInExplorer(), true),
      },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...lintKeymap,
    ]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange(update.state.doc.toString());
    }),
    // Files dropped on the editor open like files dropped anywhere on the panel (a .wasm
    // opens as a module, a .wat replaces the text); CodeMirror must not paste their bytes.
    EditorView.domEventHandlers({
      drop: (event) => event.dataTransfer?.types.includes('Files') ?? false,
    }),
  ];
  return EditorState.create({ doc: text, extensions });
}

/**
 * Creates the editor in `parent` from `state` (see {@link createWatEditorState}). The
 * callbacks are the ones `state` was made with.
 */
export function createWatEditor(parent: HTMLElement, state: EditorState): WatEditor {
  const view = new EditorView({ parent, state });
  return {
    view,
    replaceText(next) {
      if (next === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: next },
        selection: EditorSelection.cursor(0),
        scrollIntoView: true,
      });
    },
    showDiagnostics(diagnostics) {
      view.dispatch(
        setDiagnostics(view.state, toCodeMirrorDiagnostics(view.state.doc, diagnostics)),
      );
    },
    setDark(next) {
      view.dispatch({ effects: darkCompartment.reconfigure(EditorView.darkTheme.of(next)) });
    },
    goTo(line, column) {
      const { from } = diagnosticRange(view.state.doc, {
        line,
        column,
        length: 0,
        severity: 'error',
        stage: 'parse',
        message: '',
      });
      view.dispatch({
        selection: EditorSelection.cursor(from),
        effects: EditorView.scrollIntoView(from, { y: 'center' }),
      });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
}

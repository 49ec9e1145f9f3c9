/**
 * The WAT editor as a surface of the main area: a toolbar (file, status, Assemble, Open in
 * explorer), the CodeMirror editor, the example's notes when the text came from the gallery,
 * and the list of problems. The editor's own state (text, undo history, selection) is kept
 * while other surfaces show, so switching to a module and back loses nothing.
 */
import { effect } from '@preact/signals';
import type { EditorState as CodeMirrorState } from '@codemirror/state';
import { useEffect, useRef } from 'preact/hooks';
import type { WatDiagnostic } from '../../../protocol/assemble/index.ts';
import { galleryExample } from '../../gallery/index.ts';
import type { AssembleStatus, EditorState, PanelStore } from '../../state/index.ts';
import { Icon, formatBytes, useStore } from '../common/index.ts';
import { ExampleNotes } from '../gallery/ExampleNotes.tsx';
import { editorFocusRequests } from './editor-focus.ts';
import { createWatEditor, createWatEditorState, type WatEditor } from './wat-editor.ts';

/** The focus requests the editor has answered (a request made while it was hidden is pending). */
let answeredFocusRequests = 0;

/** The CodeMirror state of each store's editor while its surface is not shown. */
const keptStates = new WeakMap<EditorState, CodeMirrorState>();

/** The status line's words for `status`. */
export function statusText(status: AssembleStatus): string {
  switch (status.kind) {
    case 'idle':
      return 'Not assembled yet';
    case 'assembling':
      return 'Assembling…';
    case 'assembled':
      return `Valid · ${formatBytes(status.size)} · ${Math.max(1, Math.round(status.elapsedMs))} ms`;
    case 'failed': {
      const parts = [`${status.errors} error${status.errors === 1 ? '' : 's'}`];
      if (status.warnings > 0)
        parts.push(`${status.warnings} warning${status.warnings === 1 ? '' : 's'}`);
      return parts.join(', ');
    }
    case 'unavailable':
      return `The assembler is unavailable: ${status.message}`;
  }
}

function Problems(props: {
  diagnostics: readonly WatDiagnostic[];
  onGo: (d: WatDiagnostic) => void;
}) {
  if (props.diagnostics.length === 0) return null;
  return (
    <div class="problems" role="list" aria-label="Problems" data-testid="editor-problems">
      {props.diagnostics.map((d, index) => (
        <button
          key={index}
          role="listitem"
          class={`problem-row ${d.severity}`}
          data-testid="editor-problem"
          data-line={String(d.line)}
          data-column={String(d.column)}
          data-severity={d.severity}
          data-stage={d.stage}
          title="Go to the problem"
          onClick={() => props.onGo(d)}
        >
          <Icon name={d.severity === 'error' ? 'error' : 'warning'} title={d.severity} />
          <span class="problem-where mono">
            {d.line}:{d.column}
          </span>
          <span class="problem-message">{d.message}</span>
        </button>
      ))}
    </div>
  );
}

/**
 * "Open in explorer" from the keyboard: the editor goes away, so the keyboard goes to the
 * module's tab in the strip (from there, Tab reaches the module's own tabs).
 */
async function openFromKeyboard(editor: EditorState): Promise<void> {
  if (!(await editor.openInExplorer())) return;
  requestAnimationFrame(() =>
    document
      .querySelector<HTMLElement>(
        '[data-testid="document-tabs"] [role="tab"][aria-selected="true"]',
      )
      ?.focus(),
  );
}

function mountEditor(host: HTMLElement, store: PanelStore): WatEditor {
  const { editor } = store;
  const kept = keptStates.get(editor);
  const state =
    kept ??
    createWatEditorState(editor.text.peek(), {
      dark: store.ui.theme.peek() === 'dark',
      label: 'WebAssembly text',
      onChange: (text) => editor.edit(text),
      onAssemble: () => void editor.assemble('open'),
      onOpenInExplorer: () => void openFromKeyboard(editor),
    });
  const cm = createWatEditor(host, state);
  // Text loaded while the editor was hidden (a file, an example) replaces the kept text.
  cm.replaceText(editor.text.peek());
  return cm;
}

/** Renders the editor surface. */
export function EditorSurface() {
  const store = useStore();
  const { editor } = store;
  const host = useRef<HTMLDivElement>(null);
  const cm = useRef<WatEditor | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const current = mountEditor(host.current, store);
    cm.current = current;
    let loads = editor.loads.peek();
    const stops = [
      effect(() => {
        if (editor.loads.value === loads) return;
        loads = editor.loads.value;
        current.replaceText(editor.text.peek());
      }),
      effect(() => current.showDiagnostics(editor.diagnostics.value)),
      effect(() => current.setDark(store.ui.theme.value === 'dark')),
      effect(() => {
        if (editorFocusRequests.value === answeredFocusRequests) return;
        answeredFocusRequests = editorFocusRequests.value;
        current.view.focus();
      }),
    ];
    editor.checkOnce();
    return () => {
      for (const stop of stops) stop();
      keptStates.set(editor, current.view.state);
      current.destroy();
      cm.current = null;
    };
  }, [store, editor]);

  const status = editor.status.value;
  const source = editor.source.value;
  const diagnostics = editor.diagnostics.value;
  const example = galleryExample(source.exampleId);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <div
      class="editor-surface"
      data-testid="editor"
      data-status={status.kind}
      data-errors={String(errors)}
      data-example={source.exampleId ?? ''}
      data-file-name={source.fileName}
    >
      <div class="toolbar" role="toolbar" aria-label="Editor">
        <Icon name="code" />
        <span class="toolbar-title editor-file mono" title={source.fileName}>
          {source.fileName}
        </span>
        <span
          class={`editor-status ${status.kind}`}
          role="status"
          data-testid="editor-status"
          title={statusText(status)}
        >
          {statusText(status)}
        </span>
        <span class="spacer" />
        <button
          class="toolbar-button"
          title="Assemble now and open the module in a tab (Ctrl+Enter)"
          data-testid="editor-assemble"
          onClick={() => void editor.assemble('open')}
        >
          <Icon name="play" />
          <span class="button-label">Assemble</span>
        </button>
        <button
          class="toolbar-button"
          title="Show the module in the explorer (Ctrl+Shift+Enter)"
          data-testid="editor-open-module"
          disabled={status.kind === 'failed'}
          onClick={() => void editor.openInExplorer()}
        >
          <Icon name="forward" />
          <span class="button-label">Open in explorer</span>
        </button>
      </div>
      <div class="editor-body">
        <div class="editor-layout">
          {example ? <ExampleNotes example={example} /> : null}
          <div class="editor-code" ref={host} data-testid="editor-code" />
        </div>
      </div>
      <Problems diagnostics={diagnostics} onGo={(d) => cm.current?.goTo(d.line, d.column)} />
    </div>
  );
}

// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { EditorView } from '@codemirror/view';
import { forEachDiagnostic } from '@codemirror/lint';
import { undo } from '@codemirror/commands';
import { App } from '../../../src/panel/views/index.ts';
import { GALLERY_EXAMPLES } from '../../../src/panel/gallery/index.ts';
import {
  EDITOR_STORAGE_KEY,
  memoryStorage,
  type PanelStore,
} from '../../../src/panel/state/index.ts';
import { createTestStore } from '../support/panel-harness.tsx';

/*
 * happy-dom fires `selectionchange` synchronously while CodeMirror writes the DOM selection in
 * the middle of an update; browsers queue it as a task. Queue it here too, or CodeMirror
 * re-enters its own update.
 */
const queued = new WeakMap<object, EventListener>();
const add = document.addEventListener.bind(document);
const remove = document.removeEventListener.bind(document);
document.addEventListener = ((type: string, listener: EventListener, options?: unknown) => {
  if (type !== 'selectionchange') return add(type, listener, options as boolean);
  const later: EventListener = (event) => void setTimeout(() => listener(event));
  queued.set(listener, later);
  add(type, later, options as boolean);
}) as typeof document.addEventListener;
document.removeEventListener = ((type: string, listener: EventListener, options?: unknown) =>
  remove(
    type,
    queued.get(listener) ?? listener,
    options as boolean,
  )) as typeof document.removeEventListener;

let store: PanelStore | null = null;
afterEach(() => {
  cleanup();
  store?.dispose();
  store = null;
});

/** The CodeMirror view the editor surface mounted. */
async function codeMirror(): Promise<EditorView> {
  const element = await waitFor(
    () => {
      const found = document.querySelector<HTMLElement>('[data-testid="editor-code"] .cm-editor');
      if (!found) throw new Error('no editor yet');
      return found;
    },
    { timeout: 15_000 },
  ); // the first test loads CodeMirror's chunk
  const view = EditorView.findFromDOM(element);
  if (!view) throw new Error('no view');
  return view;
}

/** What a user typing does: a change of the document through CodeMirror. */
function typeAt(view: EditorView, at: number, text: string): void {
  view.dispatch({ changes: { from: at, insert: text }, userEvent: 'input.type' });
}

function diagnosticsOf(view: EditorView): { from: number; to: number; message: string }[] {
  const found: { from: number; to: number; message: string }[] = [];
  forEachDiagnostic(view.state, (d, from, to) => found.push({ from, to, message: d.message }));
  return found;
}

describe('the editor and the gallery', () => {
  it('lists every example under its group, and choosing one shows it with its notes and opens its module', async () => {
    store = createTestStore();
    render(<App store={store} />);
    const gallery = screen.getByTestId('gallery');
    expect(gallery.querySelectorAll('[data-testid="gallery-example"]')).toHaveLength(
      GALLERY_EXAMPLES.length,
    );
    expect(gallery.querySelector('[role="group"]')?.getAttribute('aria-label')).toBe(
      'The language',
    );
    fireEvent.click(gallery.querySelector('[data-example="factorial"]')!);
    const view = await codeMirror();
    expect(view.state.doc.toString()).toContain('(func $fac (export "fac")');
    expect(screen.getByTestId('example-notes').dataset.example).toBe('factorial');
    expect(screen.getByTestId('example-notes').textContent).toContain('Look at');
    expect(screen.queryByTestId('example-revert')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('editor').dataset.status).toBe('assembled'));
    // The module opened in a tab beside the editor, and the editor still shows.
    const tabs = screen.getByTestId('document-tabs');
    expect(tabs.querySelector('[aria-selected="true"]')?.getAttribute('data-tab-id')).toBe(
      'editor',
    );
    expect(tabs.textContent).toContain('factorial.wasm');
    expect(gallery.querySelector('[data-example="factorial"]')?.getAttribute('aria-selected')).toBe(
      'true',
    );
  });

  it('places an error typed in the editor at its line, lists it, and counts it on the tab', async () => {
    store = createTestStore();
    render(<App store={store} />);
    fireEvent.click(screen.getByTestId('gallery').querySelector('[data-example="add"]')!);
    const view = await codeMirror();
    await waitFor(() => expect(screen.getByTestId('editor').dataset.status).toBe('assembled'));
    const line = view.state.doc.line(10); // "    i32.add)"
    expect(line.text.trim()).toBe('i32.add)');
    typeAt(view, line.from + line.text.indexOf('add'), 'bogus.');
    expect(store.editor.text.value).toContain('i32.bogus.add');
    await waitFor(() => expect(screen.getByTestId('editor').dataset.status).toBe('failed'), {
      timeout: 4000,
    });
    const problem = screen.getByTestId('editor-problem');
    expect(problem.dataset.line).toBe('10');
    expect(problem.dataset.column).toBe('5');
    expect(problem.textContent).toContain('unexpected token');
    const [placed] = diagnosticsOf(view);
    expect(view.state.doc.sliceString(placed.from, placed.to)).toBe('i32.bogus.add');
    expect(
      screen.getByTestId('document-tabs').querySelector('[data-tab-id="editor"] .count')
        ?.textContent,
    ).toBe('1');
    expect(screen.getByTestId('example-revert')).toBeTruthy();

    // Clicking the problem puts the cursor on it.
    view.dispatch({ selection: { anchor: 0 } });
    fireEvent.click(problem);
    expect(view.state.doc.lineAt(view.state.selection.main.head).number).toBe(10);

    // Going back to the original text fixes it.
    fireEvent.click(screen.getByTestId('example-revert'));
    await waitFor(() => expect(screen.getByTestId('editor').dataset.status).toBe('assembled'));
    expect(screen.queryByTestId('editor-problems')).toBeNull();
    expect(diagnosticsOf(view)).toEqual([]);
  });

  it('assembles with the button and shows the module with "Open in explorer"', async () => {
    store = createTestStore({
      storage: memoryStorage({
        [EDITOR_STORAGE_KEY]: JSON.stringify({
          text: '(module (func (export "answer") (result i32) (i32.const 42)))',
          fileName: 'answer.wat',
          exampleId: null,
        }),
      }),
    });
    render(<App store={store} />);
    fireEvent.click(screen.getByTestId('editor-row'));
    const view = await codeMirror();
    expect(view.state.doc.toString()).toContain('(i32.const 42)');
    fireEvent.click(screen.getByTestId('editor-assemble'));
    await waitFor(() =>
      expect(screen.getByTestId('document-tabs').textContent).toContain('answer.wasm'),
    );
    expect(screen.getByTestId('editor')).toBeTruthy();
    fireEvent.click(screen.getByTestId('editor-open-module'));
    await waitFor(() => expect(screen.getByTestId('overview')).toBeTruthy());
    expect(screen.getByTestId('overview-name').textContent).toContain('answer.wasm');
  });

  it('keeps the undo history while another tab shows', async () => {
    store = createTestStore();
    render(<App store={store} />);
    fireEvent.click(screen.getByTestId('editor-row'));
    let view = await codeMirror();
    const before = view.state.doc.toString();
    typeAt(view, 0, ';; mine\n');
    await store.editor.openInExplorer();
    await waitFor(() => expect(screen.queryByTestId('editor')).toBeNull());
    fireEvent.click(screen.getByTestId('document-tabs').querySelector('[data-tab-id="editor"]')!);
    view = await codeMirror();
    expect(view.state.doc.toString()).toBe(';; mine\n' + before);
    undo(view);
    expect(view.state.doc.toString()).toBe(before);
    expect(store.editor.text.value).toBe(before);
  });

  it('takes a dropped .wat file: the editor shows its text and names it', async () => {
    store = createTestStore();
    render(<App store={store} />);
    const text = '(module (memory (export "mem") 1))';
    await store.openFiles([new File([text], 'dropped.wat')]);
    const view = await codeMirror();
    expect(view.state.doc.toString()).toBe(text);
    expect(screen.getByTestId('editor').dataset.fileName).toBe('dropped.wat');
    await waitFor(() =>
      expect(screen.getByTestId('document-tabs').textContent).toContain('dropped.wasm'),
    );
  });

  it('follows the theme', async () => {
    store = createTestStore({ theme: 'light' });
    render(<App store={store} />);
    fireEvent.click(screen.getByTestId('welcome-editor'));
    const view = await codeMirror();
    expect(view.state.facet(EditorView.darkTheme)).toBe(false);
    store.ui.theme.value = 'dark';
    await waitFor(() => expect(view.state.facet(EditorView.darkTheme)).toBe(true));
  });

  it('moves through the gallery with the arrow keys and opens an example with Enter', async () => {
    store = createTestStore();
    render(<App store={store} />);
    const rows = [
      ...screen.getByTestId('gallery').querySelectorAll<HTMLElement>('[role="treeitem"]'),
    ];
    // One tab stop for the whole tree.
    expect(rows.filter((row) => row.tabIndex === 0)).toEqual([rows[0]]);
    rows[0].focus();
    fireEvent.keyDown(rows[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
    fireEvent.keyDown(rows[1], { key: 'End' });
    expect(document.activeElement).toBe(rows[rows.length - 1]);
    fireEvent.keyDown(rows[rows.length - 1], { key: 'Home' });
    expect(document.activeElement).toBe(rows[0]);
    fireEvent.keyDown(rows[0], { key: 'ArrowDown' });
    fireEvent.keyDown(rows[1], { key: 'Enter' });
    await waitFor(() =>
      expect(screen.getByTestId('editor').dataset.example).toBe(GALLERY_EXAMPLES[1].id),
    );
    // Chosen with the keyboard, the example has the keyboard in its text.
    const view = await codeMirror();
    await waitFor(() => expect(view.hasFocus).toBe(true));
    expect(rows[1].tabIndex).toBe(0);
  });
});

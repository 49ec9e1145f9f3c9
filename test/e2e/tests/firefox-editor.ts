/**
 * Firefox's toolbox panel: a gallery example opens in CodeMirror, wabt.js assembles it in the
 * panel's worker under the add-on's CSP (`script-src 'self' 'wasm-unsafe-eval'`), its module
 * decodes, and an error in the text is marked in the editor at its line.
 */
import assert from 'node:assert/strict';
import { waitFor } from '../harness/processes.ts';
import { firefoxTest } from '../harness/suite.ts';

interface EditorSnapshot {
  status?: string;
  editor: boolean;
  module: string | null;
  marks: number[];
  problems: string[];
}

const SNAPSHOT = `(() => {
  const editor = document.querySelector('[data-testid="editor"]');
  const doc = globalThis.wasmLayerPanel.editor.module();
  return {
    status: editor?.dataset.status,
    editor: !!document.querySelector('[data-testid="editor-code"] .cm-editor'),
    module: doc ? doc.title + ':' + doc.phase.value : null,
    marks: [...document.querySelectorAll('.cm-lintRange-error')].map((mark) => {
      const line = mark.closest('.cm-line');
      return [...line.parentElement.children].indexOf(line) + 1;
    }),
    problems: [...document.querySelectorAll('[data-testid="editor-problem"]')].map((p) => p.dataset.line),
  };
})()`;

export default firefoxTest({
  name: 'the gallery and the WAT editor work in the Firefox toolbox panel',
  timeoutMs: 90_000,
  async run({ firefox }) {
    await firefox.showPanel();
    // The gallery is in the sidebar, which a narrow toolbox may have hidden.
    await waitFor(
      () =>
        firefox.evaluateInPanel<boolean>(`(() => {
          const row = document.querySelector('[data-testid="gallery-example"][data-example="traps"]');
          if (row) return (row.click(), true);
          document.querySelector('[data-testid="sidebar-toggle"]')?.click();
          return false;
        })()`),
      'the gallery in the Firefox panel',
      30_000,
      250,
    );
    let seen: EditorSnapshot | undefined;
    const snapshot = async (accept: (s: EditorSnapshot) => boolean, what: string) => {
      try {
        return await waitFor(
          async () => {
            seen = await firefox.evaluateInPanel<EditorSnapshot>(SNAPSHOT);
            return accept(seen) && seen;
          },
          what,
          30_000,
          200,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; seen: ${JSON.stringify(seen)}`, {
          cause: error,
        });
      }
    };
    const opened = await snapshot(
      (s) => s.editor && s.status === 'assembled' && s.module === 'traps.wasm:open',
      'the example assembled and its module decoded',
    );
    assert.deepEqual(opened.marks, []);

    // Break line 11 (`(func (export "unreachable") (unreachable))`) through the editor's state.
    await firefox.evaluateInPanel(`(() => {
      const editor = globalThis.wasmLayerPanel.editor;
      const lines = editor.text.value.split('\\n');
      lines[10] = lines[10].replace('(unreachable)', '(unreachable_op)');
      editor.load(lines.join('\\n'), editor.source.value);
      return true;
    })()`);
    const broken = await snapshot(
      (s) => s.status === 'failed' && s.marks.length > 0,
      'the diagnostic in the editor',
    );
    assert.deepEqual(broken.marks, [11]);
    assert.deepEqual(broken.problems, ['11']);
  },
});

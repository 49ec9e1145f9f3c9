/**
 * A user opens a gallery example in the real DevTools panel, breaks the WAT by typing, sees the
 * diagnostic at the right line, fixes it with the keyboard and opens the module; the text
 * survives a reload of the panel. wabt.js (in its worker) and CodeMirror run under the
 * extension's CSP (`script-src 'self' 'wasm-unsafe-eval'`): a violation would be reported to
 * the panel, and an assembler that needed eval would never answer "assembled".
 */
import assert from 'node:assert/strict';
import { testPage } from '../harness/pages.ts';
import { chromiumTest } from '../harness/suite.ts';

const ERROR_LINE = 13; // "(call $fac (i64.sub (local.get $n) (i64.const 1)))))))" in factorial.wat
const TYPED = ' i32.bogus';

/** Reads the editor's state from its DOM contract. */
const EDITOR_STATE = `(() => {
  const editor = document.querySelector('[data-testid="editor"]');
  if (!editor) return null;
  const problems = [...document.querySelectorAll('[data-testid="editor-problem"]')].map((p) => ({
    line: Number(p.dataset.line), column: Number(p.dataset.column), text: p.textContent }));
  const marks = [...document.querySelectorAll('.cm-lintRange-error')].map((mark) => {
    const line = mark.closest('.cm-line');
    return { text: mark.textContent, line: [...line.parentElement.children].indexOf(line) + 1 };
  });
  return { status: editor.dataset.status, example: editor.dataset.example, problems, marks };
})()`;

interface EditorDom {
  status: string;
  example: string;
  problems: { line: number; column: number; text: string }[];
  marks: { text: string; line: number }[];
}

export default chromiumTest({
  name: 'a gallery example opens in the editor; a typed error is marked at its line; fixed, its module opens',
  timeoutMs: 90_000,
  async run({ server, slug, tab }) {
    const { panel } = tab;
    // An inspected page with storage of its own, to see that the editor never writes there.
    await tab.page.navigate(
      server.origin + server.page(`/${slug}/index.html`, testPage(slug, 'return 1;')),
    );
    assert.equal(await tab.page.result(), 1);
    // Navigating brought the page to the front; the panel has no size until DevTools is back.
    await tab.devtools.send('Page.bringToFront');
    await panel.evaluate(`(() => {
      window.__cspViolations = [];
      addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
    })()`);

    await panel.openSidebar();
    await panel.click('[data-testid="gallery-example"][data-example="factorial"]');
    await panel.waitUntil(
      `document.querySelector('[data-testid="editor"]')?.dataset.status === 'assembled'`,
      'the example assembled in the editor',
    );
    const opened = await panel.waitUntil<{ title: string; phase: string }>(
      `(() => { const doc = globalThis.wasmLayerPanel.editor.module();
        return doc && doc.phase.value === 'open' ? { title: doc.title, phase: doc.phase.value } : null; })()`,
      'the example module decoded in a tab',
    );
    assert.equal(opened.title, 'factorial.wasm');
    await tab.screenshot('editor-example-light');

    // Type an error at the end of line 13, as a user would: click the line, End, type.
    await panel.click(`[data-testid="editor-code"] .cm-line:nth-child(${ERROR_LINE})`);
    await panel.press('End');
    await panel.type(TYPED);
    const broken = await panel.waitUntil<EditorDom>(
      `(() => { const s = ${EDITOR_STATE}; return s && s.status === 'failed' && s.marks.length ? s : null; })()`,
      'the diagnostic of the typed error',
    );
    assert.equal(broken.problems.length, 1, JSON.stringify(broken));
    assert.equal(broken.problems[0].line, ERROR_LINE);
    assert.match(broken.problems[0].text, /unexpected token i32\.bogus/);
    assert.deepEqual(broken.marks, [{ text: 'i32.bogus', line: ERROR_LINE }]);
    const lineText = await panel.evaluate<string>(
      `document.querySelectorAll('[data-testid="editor-code"] .cm-line')[${ERROR_LINE - 1}].textContent`,
    );
    assert.equal(broken.problems[0].column, lineText.indexOf('i32.bogus') + 1);
    await tab.screenshot('editor-error-light');
    await panel.setTheme('dark');
    await tab.screenshot('editor-error-dark');
    await panel.setTheme('light');

    // Fix it with the keyboard, then open the module with Ctrl+Shift+Enter.
    for (let i = 0; i < TYPED.length; i++) await panel.press('Backspace');
    await panel.waitUntil(
      `(() => { const s = ${EDITOR_STATE}; return s && s.status === 'assembled' && s.problems.length === 0 && s.marks.length === 0; })()`,
      'the fixed text to assemble',
    );
    await panel.press('Enter', 2 | 8);
    const overview = await panel.waitUntil<{ name: string; exports: string }>(
      `(() => { const name = document.querySelector('[data-testid="overview-name"]')?.textContent;
        const exports = document.querySelector('[data-count="exports"]')?.dataset.value;
        return name && exports ? { name, exports } : null; })()`,
      'the module overview after Ctrl+Shift+Enter',
    );
    assert.match(overview.name, /factorial\.wasm/);
    assert.equal(overview.exports, '2');
    await tab.screenshot('editor-module-overview-light');

    // An edit is saved in the panel's own storage and survives a reload of the panel.
    await panel.click('[data-testid="document-tabs"] [data-tab-id="editor"]');
    await panel.click(`[data-testid="editor-code"] .cm-line:nth-child(1)`);
    await panel.press('Home');
    await panel.type(';; kept across reloads\n');
    await panel.waitUntil(
      `localStorage.getItem('wasm-layer.editor')?.includes('kept across reloads')`,
      'the edit saved in the panel storage',
    );
    await panel.evaluate('location.reload()');
    await panel.waitUntilRendered();
    await panel.click('[data-testid="document-tabs"] [data-tab-id="editor"]');
    const restored = await panel.waitUntil<string>(
      `document.querySelector('[data-testid="editor-code"] .cm-line')?.textContent`,
      'the editor after the reload',
    );
    assert.equal(restored, ';; kept across reloads');
    assert.equal(
      await panel.evaluate<string>(
        `document.querySelector('[data-testid="editor"]').dataset.example`,
      ),
      'factorial',
    );
    // The page's own storage was never touched.
    assert.equal(await tab.page.evaluate<number>('localStorage.length'), 0);
    assert.deepEqual(await panel.evaluate<string[]>('window.__cspViolations ?? []'), []);
  },
});

/** The sidebar's "Editor" section: the editor's file, its state, a click away. */
import { Icon, useStore } from '../common/index.ts';
import { focusEditor } from './editor-focus.ts';

/** Renders the editor's row. */
export function EditorSection() {
  const store = useStore();
  const { editor, documents } = store;
  const status = editor.status.value;
  const showing = documents.surface.value.kind === 'editor';
  const badge =
    status.kind === 'failed'
      ? `${status.errors} error${status.errors === 1 ? '' : 's'}`
      : status.kind === 'assembled'
        ? 'valid'
        : '';
  const open = () => documents.show({ kind: 'editor' });
  return (
    <div role="tree" aria-label="WAT editor">
      <div
        class="tree-row"
        role="treeitem"
        tabIndex={0}
        aria-selected={showing}
        title="Write WebAssembly text (assembled with wabt)"
        data-testid="editor-row"
        onClick={open}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            focusEditor();
            open();
          }
        }}
      >
        <Icon name="code" />
        <span class="label mono">{editor.source.value.fileName}</span>
        <span class={`badge${status.kind === 'failed' ? ' error-text' : ''}`}>{badge}</span>
      </div>
    </div>
  );
}

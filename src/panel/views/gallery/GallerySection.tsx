/**
 * The gallery in the sidebar: examples under their groups. Choosing one (click, Enter or
 * Space) puts its text in the editor, shows the editor with the example's notes, and opens the
 * example's module in a tab; with the keyboard, the editor then has the focus. The tree is one
 * tab stop: ↑/↓, Home/End move between examples.
 */
import { GALLERY_EXAMPLES, GALLERY_GROUPS, type GalleryExample } from '../../gallery/index.ts';
import type { PanelStore } from '../../state/index.ts';
import { Icon, useStore } from '../common/index.ts';
import { focusEditor } from '../editor/editor-focus.ts';

/** Loads `example` into the editor and shows it; the module opens in a tab. */
export function openExample(store: PanelStore, example: GalleryExample): Promise<void> {
  store.documents.show({ kind: 'editor' });
  return store.editor.load(
    example.text,
    { fileName: example.fileName, exampleId: example.id },
    'open',
  );
}

/** Moves the focus `step` rows from `from` (`Infinity`: to the last, `-Infinity`: the first). */
function moveFocus(from: HTMLElement, step: number): void {
  const rows = [
    ...(from.closest('[role="tree"]')?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? []),
  ];
  const at = Math.min(Math.max(rows.indexOf(from) + step, 0), rows.length - 1);
  rows[at]?.focus();
}

const KEY_STEPS: Record<string, number> = {
  ArrowDown: 1,
  ArrowUp: -1,
  Home: -Infinity,
  End: Infinity,
};

/** Renders the gallery section. */
export function GallerySection() {
  const store = useStore();
  const current = store.editor.source.value.exampleId;
  // One tab stop: the example in the editor, or the first one.
  const tabStop = GALLERY_EXAMPLES.some((e) => e.id === current)
    ? current
    : GALLERY_EXAMPLES[0]?.id;
  const groups = [
    ...GALLERY_GROUPS,
    ...new Set(GALLERY_EXAMPLES.map((e) => e.group).filter((g) => !GALLERY_GROUPS.includes(g))),
  ];
  return (
    <div role="tree" aria-label="Gallery of examples" data-testid="gallery">
      {groups.map((group) => (
        <div key={group} role="group" aria-label={group}>
          <div class="tree-group">{group}</div>
          {GALLERY_EXAMPLES.filter((example) => example.group === group).map((example) => (
            <div
              key={example.id}
              class="tree-row"
              style={{ '--indent': '22px' }}
              role="treeitem"
              tabIndex={example.id === tabStop ? 0 : -1}
              aria-selected={example.id === current}
              title={example.summary.replaceAll('`', '')}
              data-testid="gallery-example"
              data-example={example.id}
              onClick={() => void openExample(store, example)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  focusEditor();
                  void openExample(store, example);
                } else if (event.key in KEY_STEPS) {
                  event.preventDefault();
                  moveFocus(event.currentTarget as HTMLElement, KEY_STEPS[event.key]);
                }
              }}
            >
              <Icon name="book" />
              <span class="label">{example.title}</span>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

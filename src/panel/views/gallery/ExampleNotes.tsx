/**
 * What the gallery says about the example in the editor: what it shows, what to look at,
 * what to try, and a way back to its original text after edits.
 */
import type { ComponentChildren } from 'preact';
import type { GalleryExample } from '../../gallery/index.ts';
import { useStore } from '../common/index.ts';

/** `text` with its `backquoted` parts as code. */
export function withCode(text: string): ComponentChildren[] {
  return text.split('`').map((part, index) => (index % 2 === 1 ? <code>{part}</code> : part));
}

/** Renders the notes of `example`. */
export function ExampleNotes({ example }: { example: GalleryExample }) {
  const { editor } = useStore();
  const edited = editor.text.value !== example.text;
  return (
    <details class="example-notes" open data-testid="example-notes" data-example={example.id}>
      <summary>
        <span class="example-title">{example.title}</span>
        <span class="subtle"> · {example.group}</span>
      </summary>
      <p>{withCode(example.summary)}</p>
      <h3>Look at</h3>
      <ul>
        {example.look.map((item) => (
          <li key={item}>{withCode(item)}</li>
        ))}
      </ul>
      <h3>Try</h3>
      <ul>
        {example.try.map((item) => (
          <li key={item}>{withCode(item)}</li>
        ))}
      </ul>
      {edited ? (
        <button
          class="button"
          data-testid="example-revert"
          title="Put the example's original text back (Ctrl+Z undoes this too)"
          onClick={() =>
            void editor.load(example.text, { fileName: example.fileName, exampleId: example.id })
          }
        >
          Back to the original
        </button>
      ) : null}
    </details>
  );
}

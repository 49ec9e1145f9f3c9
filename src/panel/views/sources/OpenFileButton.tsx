/** The "Open file" button: a hidden file input behind a toolbar button (also Ctrl+O). */
import { useEffect, useRef } from 'preact/hooks';
import { Icon, useStore } from '../common/index.ts';

/** A toolbar button that opens `.wasm` (and text, for the editor) files. */
export function OpenFileButton({ label = true }: { label?: boolean }) {
  const store = useStore();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        input.current?.click();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button
        class="toolbar-button"
        title="Open a .wasm or .wat file (Ctrl+O)"
        onClick={() => input.current?.click()}
        data-testid="open-file"
      >
        <Icon name="open" />
        {label ? <span>Open file</span> : null}
      </button>
      <input
        ref={input}
        type="file"
        accept=".wasm,.wat,.wast,application/wasm"
        multiple
        hidden
        data-testid="file-input"
        onChange={(event) => {
          const files = event.currentTarget.files;
          if (files && files.length > 0) void store.openFiles([...files]);
          event.currentTarget.value = '';
        }}
      />
    </>
  );
}

/**
 * Toolbar buttons that download the module as `.wasm` or `.wat`; while the text is written
 * (function by function, in the worker) they show its progress and a Cancel button.
 */
import { downloadsOf, type ModuleDocument } from '../../state/index.ts';
import { Icon, useStore } from '../common/index.ts';

/** Renders the download buttons of `doc`. */
export function DownloadButtons({ doc }: { doc: ModuleDocument }) {
  const store = useStore();
  const downloads = downloadsOf(doc, store.decoder, store.env);
  const busy = downloads.busy.value;
  const progress = downloads.progress.value;
  const error = downloads.error.value;
  const saved = downloads.saved.value;
  if (busy) {
    const percent =
      progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : null;
    return (
      <span
        class="download-progress"
        role="status"
        data-testid="download-progress"
        data-format={busy}
      >
        <span class="subtle">
          {busy === 'wat' ? 'Writing the .wat' : 'Preparing the .wasm'}
          {percent === null ? '…' : ` ${percent}%`}
        </span>
        <button
          class="toolbar-button"
          onClick={() => downloads.cancel()}
          data-testid="download-cancel"
        >
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span
      class="download-buttons"
      data-testid="downloads"
      data-saved={saved ? `${saved.name}:${saved.size}` : ''}
    >
      {error ? (
        <span class="error-text" role="alert" title={error}>
          Download failed
        </span>
      ) : null}
      <button
        class="toolbar-button"
        title="Download the module (.wasm)"
        onClick={() => void downloads.download('wasm')}
        data-testid="download-wasm"
      >
        <Icon name="download" />
        .wasm
      </button>
      <button
        class="toolbar-button"
        title="Download the module's text (.wat), as wasm2wat writes it"
        onClick={() => void downloads.download('wat')}
        data-testid="download-wat"
      >
        <Icon name="download" />
        .wat
      </button>
    </span>
  );
}

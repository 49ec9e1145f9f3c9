/**
 * Downloading a module as `.wasm` or as `.wat` text. The decode worker builds the file (the
 * text function by function into a `Blob`, with progress); the environment saves it.
 */
import { signal, type Signal } from '@preact/signals';
import type { DecodeApi } from '../../../protocol/decode/index.ts';
import type { RpcClient, RpcProgress } from '../../../protocol/rpc/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import type { PanelEnvironment } from '../environment.ts';

/** What a module can be downloaded as. */
export type DownloadFormat = 'wasm' | 'wat';

/** The downloads area of one module. */
export interface DownloadsState {
  /** The download being prepared, if any. */
  readonly busy: Signal<DownloadFormat | null>;
  readonly progress: Signal<RpcProgress | null>;
  readonly error: Signal<string | null>;
  /** The last file saved: its name and size in bytes. */
  readonly saved: Signal<{ name: string; size: number } | null>;
  /** Prepares and saves the module in `format`; resolves when saved (or cancelled). */
  download(format: DownloadFormat): Promise<void>;
  /** Stops preparing the file. */
  cancel(): void;
}

/** `name.wasm` → `name.wat`; a URL or an example title → a plain file name. */
export function downloadName(title: string, format: DownloadFormat): string {
  const path = title.replace(/[?#].*$/, '');
  const last = path.split(/[/\\]/).filter(Boolean).at(-1) ?? 'module';
  const base = last.replace(/\.(wasm|wat|wast)$/i, '').replace(/[^\w.-]+/g, '_') || 'module';
  return `${base}.${format}`;
}

/** The downloads area of `doc` (created on first use). */
export function downloadsOf(
  doc: ModuleDocument,
  decoder: () => RpcClient<DecodeApi>,
  env: Pick<PanelEnvironment, 'saveFile'>,
): DownloadsState {
  return documentArea(doc, 'downloads', () => {
    const busy = signal<DownloadFormat | null>(null);
    const progress = signal<RpcProgress | null>(null);
    const error = signal<string | null>(null);
    const saved = signal<{ name: string; size: number } | null>(null);
    let controller: AbortController | null = null;
    return {
      busy,
      progress,
      error,
      saved,
      async download(format) {
        const docId = doc.docId.peek();
        if (!docId || busy.peek()) return;
        const own = new AbortController();
        controller = own;
        const onClose = (): void => own.abort();
        doc.abort.signal.addEventListener('abort', onClose, { once: true });
        busy.value = format;
        error.value = null;
        try {
          const blob = await decoder().call(
            format === 'wasm' ? 'wasmBlob' : 'watBlob',
            { docId },
            {
              signal: own.signal,
              onProgress: (p) => (progress.value = p),
            },
          );
          const name = downloadName(doc.title, format);
          env.saveFile(blob, name);
          saved.value = { name, size: blob.size };
        } catch (caught) {
          if (!(caught instanceof Error && caught.name === 'AbortError'))
            error.value = caught instanceof Error ? caught.message : String(caught);
        } finally {
          doc.abort.signal.removeEventListener('abort', onClose);
          busy.value = null;
          progress.value = null;
          controller = null;
        }
      },
      cancel: () => controller?.abort(),
    };
  });
}

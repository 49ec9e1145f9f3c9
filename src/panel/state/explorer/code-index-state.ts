/**
 * A module's code index, as the views see it: built once in the decode worker when a view
 * first needs it (the Code and Size tabs share it), with progress and a way to cancel.
 */
import { signal, type Signal } from '@preact/signals';
import type { CodeSummary, DecodeApi } from '../../../protocol/decode/index.ts';
import type { RpcClient, RpcProgress } from '../../../protocol/rpc/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';

/** Where building the index is. */
export type CodeIndexStatus = 'idle' | 'building' | 'ready' | 'failed' | 'cancelled';

/** The code index area of one module. */
export interface CodeIndexState {
  readonly status: Signal<CodeIndexStatus>;
  /** What the index found, once built. */
  readonly summary: Signal<CodeSummary | null>;
  readonly progress: Signal<RpcProgress | null>;
  /** Why building failed. */
  readonly error: Signal<string | null>;
  /** Builds the index (once; again after a cancel or failure) and resolves with its summary. */
  ensure(): Promise<CodeSummary>;
  /** Stops a build in progress. */
  cancel(): void;
}

/** The code index area of `doc` (created on first use). */
export function codeIndexOf(
  doc: ModuleDocument,
  decoder: () => RpcClient<DecodeApi>,
): CodeIndexState {
  return documentArea(doc, 'code-index', () => {
    const status = signal<CodeIndexStatus>('idle');
    const summary = signal<CodeSummary | null>(null);
    const progress = signal<RpcProgress | null>(null);
    const error = signal<string | null>(null);
    let pending: Promise<CodeSummary> | null = null;
    let controller: AbortController | null = null;

    const ensure = (): Promise<CodeSummary> => {
      const ready = summary.peek();
      if (ready) return Promise.resolve(ready);
      if (pending) return pending;
      const docId = doc.docId.peek();
      if (!docId) return Promise.reject(new Error('the module is not open'));
      const own = new AbortController();
      controller = own;
      const onClose = (): void => own.abort();
      doc.abort.signal.addEventListener('abort', onClose, { once: true });
      status.value = 'building';
      error.value = null;
      pending = decoder()
        .call(
          'codeIndex',
          { docId },
          { signal: own.signal, onProgress: (p) => (progress.value = p) },
        )
        .then((result) => {
          summary.value = result;
          status.value = 'ready';
          return result;
        })
        .catch((caught: unknown) => {
          const cancelled = caught instanceof Error && caught.name === 'AbortError';
          status.value = cancelled ? 'cancelled' : 'failed';
          if (!cancelled) error.value = caught instanceof Error ? caught.message : String(caught);
          throw caught;
        })
        .finally(() => {
          doc.abort.signal.removeEventListener('abort', onClose);
          progress.value = null;
          pending = null;
          controller = null;
        });
      return pending;
    };

    return {
      status,
      summary,
      progress,
      error,
      ensure,
      cancel: () => controller?.abort(),
    };
  });
}

/**
 * The Features tab's state of one module: the decode worker's feature summary (what the module
 * uses, what this engine supports and says about it), asked for once when the tab first shows.
 */
import { signal, type Signal } from '@preact/signals';
import type { DecodeApi, FeatureSummary } from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';

/** Where the feature summary is. */
export type FeaturesLoad =
  | { kind: 'loading' }
  | { kind: 'ready'; summary: FeatureSummary }
  | { kind: 'failed'; message: string };

/** One module's Features tab state. */
export interface FeaturesState {
  readonly load: Signal<FeaturesLoad>;
}

/** The Features state of `doc` (the summary is requested on first use). */
export function featuresState(
  doc: ModuleDocument,
  decoder: () => RpcClient<DecodeApi>,
): FeaturesState {
  return documentArea(doc, 'features', () => {
    const load = signal<FeaturesLoad>({ kind: 'loading' });
    const docId = doc.docId.peek();
    if (!docId) load.value = { kind: 'failed', message: 'the module is not open' };
    else
      decoder()
        .call('features', { docId }, { signal: doc.abort.signal })
        .then((summary) => (load.value = { kind: 'ready', summary }))
        .catch((error: unknown) => {
          if (doc.abort.signal.aborted) return;
          load.value = {
            kind: 'failed',
            message: error instanceof Error ? error.message : String(error),
          };
        });
    return { load };
  });
}

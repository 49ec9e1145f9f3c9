/**
 * A module document whose bytes are still on their way (a large captured module): it opens
 * from the module's skeleton as soon as that is here, shows the bytes' progress, and is
 * completed in place with the verified bytes, or marked failed if they never come. Nothing
 * that needs the real bytes (code, data, running) sees the stand-in: the decode worker refuses
 * it and the views wait for `arrival` to be `complete`.
 */
import { batch } from '@preact/signals';
import type { DecodeApi, ModuleOverview } from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import { markTransfer } from '../../../protocol/index.ts';
import { yieldToEventLoop } from '../inspect/index.ts';
import type { ModuleDocument } from './module-document.ts';

/** What a source reports about a module on its way, in this order (progress repeats). */
export type ArrivalEvent =
  /** The module's skeleton (see `protocol/skeleton/`); it may never come for small modules. */
  | { kind: 'skeleton'; skeleton: Uint8Array }
  | { kind: 'progress'; received: number; total: number }
  /** The module's bytes, verified against its hash. */
  | { kind: 'complete'; bytes: Uint8Array }
  | { kind: 'failed'; message: string };

/** Where a document's bytes come from. */
export interface ArrivingModule {
  /** The module's SHA-256, as announced (a stand-in's overview shows it). */
  readonly sha256: string;
  /**
   * Calls `listener` with what is known already, then with every later event. Returns the
   * function that stops listening.
   */
  watch(listener: (event: ArrivalEvent) => void): () => void;
}

/**
 * Most bytes copied in one task. Copying into fresh memory costs up to 10 ms per MB on a slow
 * machine, so a 31 MB module copied at once held the panel's main thread for 200 ms.
 */
const COPY_SLICE_BYTES = 2 * 1024 * 1024;

/**
 * Copies `bytes` into a buffer of their own, which the decode worker can take, a slice per
 * task (the module's verified bytes stay where they are, for whoever else uses them).
 */
async function ownBuffer(bytes: Uint8Array, signal: AbortSignal): Promise<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length);
  for (let start = 0; start < bytes.length; start += COPY_SLICE_BYTES) {
    if (start > 0) await yieldToEventLoop();
    if (signal.aborted) break;
    copy.set(bytes.subarray(start, start + COPY_SLICE_BYTES), start);
  }
  return copy.buffer;
}

/**
 * Follows `source` for `doc` (in the `opening` phase) until its bytes are verified or failed,
 * or the document is closed.
 */
export function followArrival(
  doc: ModuleDocument,
  source: ArrivingModule,
  decoder: () => RpcClient<DecodeApi>,
): void {
  doc.arrival.value = { state: 'arriving', received: 0, total: doc.size };
  const signal = doc.abort.signal;
  // The stand-in's opening, once started: completing waits for it so the id is known.
  let standIn: Promise<void> | null = null;
  let settled = false;
  let stop: (() => void) | null = null;

  const show = (overview: ModuleOverview): void =>
    batch(() => {
      doc.overview.value = overview;
      doc.docId.value = overview.docId;
      doc.phase.value = 'open';
    });
  const failOpening = (message: string): void =>
    batch(() => {
      doc.failure.value = message;
      doc.phase.value = 'failed';
    });
  const describe = (error: unknown): string =>
    error instanceof Error ? error.message : String(error);

  const complete = async (bytes: Uint8Array): Promise<void> => {
    await standIn;
    const buffer = await ownBuffer(bytes, signal);
    if (signal.aborted) return;
    const docId = doc.docId.peek();
    try {
      const overview = docId
        ? await decoder().call(
            'complete',
            // The bytes were verified against this hash before they were handed here.
            { docId, bytes: buffer, sha256: source.sha256 },
            { transfer: [buffer], signal },
          )
        : await decoder().call(
            'open',
            { bytes: buffer, name: doc.title },
            { transfer: [buffer], signal },
          );
      markTransfer('panel:complete-open', source.sha256);
      batch(() => {
        show(overview);
        doc.arrival.value = { state: 'complete' };
      });
    } catch (error) {
      if (signal.aborted) return;
      if (docId) doc.arrival.value = { state: 'failed', message: describe(error) };
      else failOpening(describe(error));
    }
  };

  const fail = async (message: string): Promise<void> => {
    await standIn;
    if (signal.aborted) return;
    if (doc.phase.peek() === 'open') doc.arrival.value = { state: 'failed', message };
    else failOpening(message);
  };

  const listener = (event: ArrivalEvent): void => {
    if (settled || signal.aborted) return;
    switch (event.kind) {
      case 'progress':
        doc.arrival.value = { state: 'arriving', received: event.received, total: event.total };
        return;
      case 'skeleton': {
        if (standIn) return;
        standIn = ownBuffer(event.skeleton, signal)
          .then((skeleton) =>
            decoder().call(
              'openSkeleton',
              { skeleton, size: doc.size, name: doc.title, sha256: source.sha256 },
              { transfer: [skeleton], signal },
            ),
          )
          .then((overview) => {
            markTransfer('panel:stand-in-open', source.sha256);
            // The verified bytes may have overtaken the stand-in; they win.
            if (doc.arrival.peek().state === 'arriving') show(overview);
          })
          // A skeleton that cannot be opened only means waiting for the bytes.
          .catch(() => undefined);
        return;
      }
      case 'complete':
        settled = true;
        stop?.();
        void complete(event.bytes);
        return;
      case 'failed':
        settled = true;
        stop?.();
        void fail(event.message);
        return;
    }
  };

  stop = source.watch(listener);
  if (settled) stop();
  signal.addEventListener('abort', () => stop?.(), { once: true });
}

/**
 * Where a captured module's time goes on its way from the page to the panel: each context
 * marks the stages it sees on its own performance timeline (`performance.mark`), and
 * `bench:e2e` reads them back from the background's service worker and the panel and prints
 * them against the page's instantiate call. Only the last mark of each stage is kept, so a
 * long session does not accumulate them. The hook marks nothing: the page can read its
 * timeline.
 */

/** A stage of a module's transfer, prefixed with the context that marks it. */
export type TransferStage =
  /** The background asked the page's hook for the module's bytes. */
  | 'background:bytes-requested'
  /** The first and last chunk of the module's skeleton passed the background. */
  | 'background:skeleton-first'
  | 'background:skeleton-last'
  /** The first and last chunk of the module's bytes passed the background. */
  | 'background:bytes-first'
  | 'background:bytes-last'
  /** The panel asked the background for the module's bytes. */
  | 'panel:bytes-requested'
  /** A chunk of the module reached the panel through the byte bridge (see `bridge.ts`). */
  | 'panel:bridged'
  /** The panel assembled the module's skeleton. */
  | 'panel:skeleton'
  /** The decode worker opened the stand-in from the skeleton (its overview is in hand). */
  | 'panel:stand-in-open'
  /** The panel assembled the module's bytes and they matched the module's SHA-256. */
  | 'panel:bytes-verified'
  /** The decode worker decoded the verified bytes in place of the stand-in. */
  | 'panel:complete-open';

/** What every transfer mark's name starts with. */
export const TRANSFER_MARK_PREFIX = 'wasm-layer:';

/**
 * Marks `stage` of the transfer of module `hash` now (the hash is the mark's `detail`),
 * replacing the previous mark of that stage. Does nothing where there is no performance
 * timeline.
 */
export function markTransfer(stage: TransferStage, hash: string): void {
  const timeline = globalThis.performance;
  if (typeof timeline?.mark !== 'function') return;
  const name = TRANSFER_MARK_PREFIX + stage;
  timeline.clearMarks(name);
  timeline.mark(name, { detail: { hash } });
}

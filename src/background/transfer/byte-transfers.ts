/**
 * Module byte transfers from a page to the background: one per (tab, hash) at a time, with
 * every panel that asked waiting on it. Chunks are accepted only from the frame that was asked
 * and only for a transfer id the background issued. Each accepted chunk (skeleton or bytes) is
 * also handed at once to the transfer's streams, so a panel gets it without waiting for the
 * whole module to arrive here.
 */
import type { ChunkReport } from '../../protocol/index.ts';
import { ChunkAssembler } from '../../protocol/index.ts';

/** How long a transfer may go without a chunk before it is abandoned. */
export const TRANSFER_IDLE_TIMEOUT_MS = 20_000;

/** Result of a transfer, delivered to each waiter. */
export type TransferOutcome = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

interface Transfer {
  tabId: number;
  frameId: number;
  hash: string;
  assembler: ChunkAssembler | null;
  waiters: ((outcome: TransferOutcome) => void)[];
  streams: ((chunk: ChunkReport) => void)[];
  timer: ReturnType<typeof setTimeout>;
}

/** Tracks transfers in flight. */
export class ByteTransfers {
  readonly #byId = new Map<string, Transfer>();
  #next = 0;

  constructor(private readonly idleTimeoutMs = TRANSFER_IDLE_TIMEOUT_MS) {}

  /** The transfer id already fetching `hash` for `tabId`, if any. */
  inFlight(tabId: number, hash: string): string | undefined {
    for (const [id, transfer] of this.#byId)
      if (transfer.tabId === tabId && transfer.hash === hash) return id;
    return undefined;
  }

  /**
   * Starts a transfer and returns its id. The id is unguessable: a chunk that comes through
   * the byte bridge names no tab or frame, only its transfer.
   */
  start(tabId: number, frameId: number, hash: string): string {
    const transferId = `t${(this.#next++).toString(36)}-${crypto.randomUUID()}`;
    const transfer: Transfer = {
      tabId,
      frameId,
      hash,
      assembler: null,
      waiters: [],
      streams: [],
      timer: this.#idle(transferId),
    };
    this.#byId.set(transferId, transfer);
    return transferId;
  }

  /** Waits for transfer `transferId` to finish. */
  wait(transferId: string, waiter: (outcome: TransferOutcome) => void): void {
    this.#byId.get(transferId)?.waiters.push(waiter);
  }

  /** Hands every chunk of transfer `transferId` accepted from now on to `stream`. */
  stream(transferId: string, stream: (chunk: ChunkReport) => void): void {
    this.#byId.get(transferId)?.streams.push(stream);
  }

  /** Feeds a chunk; ignored unless it answers a live transfer from the frame that was asked. */
  async chunk(tabId: number, frameId: number, chunk: ChunkReport): Promise<void> {
    const transfer = this.#byId.get(chunk.transferId);
    if (!transfer || transfer.tabId !== tabId || transfer.frameId !== frameId) return;
    if (transfer.hash !== chunk.hash) return;
    for (const stream of transfer.streams) stream(chunk);
    await this.#assemble(transfer, chunk);
  }

  /**
   * Feeds a chunk that came through the byte bridge: the panels heard it there too, so it is
   * only assembled here (for the byte cache and the transfer's end), not streamed on.
   */
  async bridged(chunk: ChunkReport): Promise<boolean> {
    const transfer = this.#byId.get(chunk.transferId);
    if (transfer?.hash !== chunk.hash) return false;
    await this.#assemble(transfer, chunk);
    return true;
  }

  async #assemble(transfer: Transfer, chunk: ChunkReport): Promise<void> {
    clearTimeout(transfer.timer);
    transfer.timer = this.#idle(chunk.transferId);
    // The skeleton is only passed on: the background keeps verified bytes, nothing else.
    if (chunk.part !== 'module') return;
    transfer.assembler ??= new ChunkAssembler(chunk.hash, chunk.size, chunk.total);
    const progress = await transfer.assembler.add(chunk);
    if (progress.state === 'complete')
      this.finish(chunk.transferId, { ok: true, bytes: progress.bytes });
    else if (progress.state === 'failed')
      this.finish(chunk.transferId, { ok: false, message: progress.message });
  }

  /** Ends a transfer and tells its waiters. */
  finish(transferId: string, outcome: TransferOutcome): void {
    const transfer = this.#byId.get(transferId);
    if (!transfer) return;
    clearTimeout(transfer.timer);
    this.#byId.delete(transferId);
    for (const waiter of transfer.waiters) waiter(outcome);
  }

  /** Abandons every transfer of a tab (closed or navigated). */
  cancelTab(tabId: number, message: string): void {
    for (const [id, transfer] of [...this.#byId])
      if (transfer.tabId === tabId) this.finish(id, { ok: false, message });
  }

  #idle(transferId: string): ReturnType<typeof setTimeout> {
    return setTimeout(
      () => this.finish(transferId, { ok: false, message: 'the page stopped sending the module' }),
      this.idleTimeoutMs,
    );
  }
}

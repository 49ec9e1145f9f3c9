/**
 * Module bytes in the panel: fetched from the background one module at a time, reassembled
 * and verified against their SHA-256 before they count as complete, and kept within a byte
 * budget: modules the page no longer lists are dropped, automatic prefetching stops where the
 * budget would be exceeded, and an explicit fetch evicts the least recently used bytes.
 *
 * While a module arrives, its skeleton (sent first for large modules) and the progress of its
 * bytes are reported to whoever watches it (an open document, see `documents/arriving.ts`);
 * the skeleton is kept only until the bytes are verified.
 */
import type { ChunkDigest, ChunkFrame, ChunkReport } from '../../../protocol/index.ts';
import { ChunkAssembler, MAX_CHUNK_BYTES, markTransfer } from '../../../protocol/index.ts';
import type { ArrivalEvent, ArrivingModule } from '../documents/index.ts';

/** A module on its way: its parts' assemblers, its skeleton once whole, and its progress. */
interface Arrival {
  skeleton: ChunkAssembler | null;
  skeletonBytes: Uint8Array | null;
  module: ChunkAssembler | null;
  received: number;
  total: number;
}

interface Waiter {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * Most bridged chunks kept while the id of their transfer is not known yet (the background
 * tells it before it asks the page, so this only covers messages overtaking each other).
 */
const MAX_EARLY_CHUNKS = 16;

/** Default bytes the panel keeps: as much as the background keeps for one tab. */
export const DEFAULT_PANEL_BYTE_BUDGET = 256 * 1024 * 1024;

/** Fetches, verifies and keeps module bytes. */
export class ModuleBytes {
  // In least-recently-used order: a fetch moves its entry to the end.
  readonly #bytes = new Map<string, Uint8Array>();
  #held = 0;
  // Sizes of prefetches queued or active, counted against the budget before they arrive.
  readonly #pending = new Map<string, number>();
  readonly #failed = new Map<string, string>();
  readonly #arrivals = new Map<string, Arrival>();
  readonly #watchers = new Map<string, Set<(event: ArrivalEvent) => void>>();
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #queue: string[] = [];
  #active: string | null = null;
  /** The transfer the background started for the active fetch, once it said so. */
  #activeTransfer: string | null = null;
  #early: ChunkReport[] = [];

  /**
   * @param request asks the background for the bytes of a module
   * @param changed called when what is held, fetching or failed changed
   * @param budget bytes kept at most (see {@link DEFAULT_PANEL_BYTE_BUDGET})
   * @param digest hashes a module's assembled bytes (the panel passes one that runs in its
   *   decode worker, so the main thread neither hashes nor copies a large module)
   */
  constructor(
    private readonly request: (hash: string) => void,
    private readonly changed: () => void,
    private readonly budget = DEFAULT_PANEL_BYTE_BUDGET,
    private readonly digest?: ChunkDigest,
  ) {}

  /** Bytes held now. */
  get heldBytes(): number {
    return this.#held;
  }

  /** Verified bytes of `hash`, if they arrived. */
  get(hash: string): Uint8Array | undefined {
    return this.#bytes.get(hash);
  }

  /** Whether the bytes of `hash` are queued or arriving. */
  fetching(hash: string): boolean {
    return this.#active === hash || this.#queue.includes(hash);
  }

  /** Why fetching `hash` failed, if it did. */
  failure(hash: string): string | undefined {
    return this.#failed.get(hash);
  }

  /**
   * Prefetches a listed module of `size` bytes unless its bytes are here, on their way, failed
   * before, or would not fit in the budget beside what is held and coming (then a later
   * {@link fetch} gets them).
   */
  want(hash: string, size: number): void {
    if (this.#failed.has(hash) || this.#queued(hash)) return;
    let coming = 0;
    for (const pending of this.#pending.values()) coming += pending;
    if (this.#held + coming + size > this.budget) return;
    this.#pending.set(hash, size);
    this.#enqueue(hash);
  }

  /**
   * Forgets the bytes, failures and queued fetches of modules not in `listed` (the page's
   * current list), so a long session does not accumulate every module it ever saw.
   */
  retain(listed: ReadonlySet<string>): void {
    for (const [hash, bytes] of this.#bytes) {
      if (!listed.has(hash)) this.#drop(hash, bytes);
    }
    for (const hash of this.#failed.keys()) if (!listed.has(hash)) this.#failed.delete(hash);
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      const hash = this.#queue[i];
      if (!listed.has(hash) && !this.#waiters.has(hash)) {
        this.#queue.splice(i, 1);
        this.#pending.delete(hash);
      }
    }
  }

  /** Resolves with the verified bytes of `hash`, fetching them if needed. */
  fetch(hash: string): Promise<Uint8Array> {
    const ready = this.#bytes.get(hash);
    if (ready) {
      this.#bytes.delete(hash);
      this.#bytes.set(hash, ready);
      return Promise.resolve(ready);
    }
    return new Promise((resolve, reject) => {
      this.#waiters.set(hash, [...(this.#waiters.get(hash) ?? []), { resolve, reject }]);
      this.#failed.delete(hash);
      if (!this.#queued(hash)) this.#enqueue(hash);
    });
  }

  /**
   * Module `hash` as a document's source: its skeleton, progress and verified bytes as they
   * come (ask for them with {@link fetch}).
   */
  arriving(hash: string): ArrivingModule {
    return { sha256: hash, watch: (listener) => this.watch(hash, listener) };
  }

  /**
   * Calls `listener` with what is known of module `hash` now (its verified bytes, its failure,
   * or its skeleton and progress so far) and then with each later event until the bytes are
   * verified or failed. Returns the function that stops listening.
   */
  watch(hash: string, listener: (event: ArrivalEvent) => void): () => void {
    const stop = (): void => void this.#watchers.get(hash)?.delete(listener);
    const ready = this.#bytes.get(hash);
    if (ready) {
      listener({ kind: 'complete', bytes: ready });
      return stop;
    }
    let watchers = this.#watchers.get(hash);
    if (!watchers) this.#watchers.set(hash, (watchers = new Set()));
    watchers.add(listener);
    const arrival = this.#arrivals.get(hash);
    if (arrival?.skeletonBytes) listener({ kind: 'skeleton', skeleton: arrival.skeletonBytes });
    if (arrival?.module)
      listener({ kind: 'progress', received: arrival.received, total: arrival.total });
    return stop;
  }

  /** Re-asks for the active fetch after the port to the background was reopened. */
  resume(): void {
    if (!this.#active) return;
    const arrival = this.#arrivals.get(this.#active);
    // The skeleton already assembled stays; everything else starts again.
    if (arrival) {
      arrival.skeleton = null;
      arrival.module = null;
    }
    this.#activeTransfer = null;
    this.#early = [];
    this.request(this.#active);
  }

  /**
   * Handles a chunk (of a skeleton or of the bytes) from the background or the byte bridge
   * (see `protocol/bridge.ts`). Only chunks of the
   * module being fetched count: a chunk of any other (a late duplicate of a settled transfer,
   * or a forged one) would otherwise make room for a whole module that never completes.
   */
  async chunk(event: ChunkFrame): Promise<void> {
    if (event.hash !== this.#active) return;
    let arrival = this.#arrivals.get(event.hash);
    if (!arrival) {
      arrival = { skeleton: null, skeletonBytes: null, module: null, received: 0, total: 0 };
      this.#arrivals.set(event.hash, arrival);
    }
    if (event.part === 'skeleton') {
      if (arrival.skeletonBytes) return;
      arrival.skeleton ??= new ChunkAssembler(event.hash, event.size, event.total, 'skeleton');
      const progress = await arrival.skeleton.add(event);
      // A skeleton that does not assemble only means the overview waits for the bytes.
      if (progress.state !== 'complete' || arrival.skeletonBytes) return;
      arrival.skeletonBytes = progress.bytes;
      markTransfer('panel:skeleton', event.hash);
      this.#emit(event.hash, { kind: 'skeleton', skeleton: progress.bytes });
      return;
    }
    arrival.module ??= new ChunkAssembler(
      event.hash,
      event.size,
      event.total,
      'module',
      this.digest,
    );
    const progress = await arrival.module.add(event);
    if (progress.state === 'complete') this.#settle(event.hash, progress.bytes, null);
    else if (progress.state === 'failed') this.#settle(event.hash, null, progress.message);
    else {
      arrival.received = Math.min(event.size, progress.received * MAX_CHUNK_BYTES);
      arrival.total = event.size;
      this.#emit(event.hash, {
        kind: 'progress',
        received: arrival.received,
        total: arrival.total,
      });
    }
  }

  /** Notes the transfer the background started for `hash` (see `bytes-transfer`). */
  expectTransfer(hash: string, transferId: string): void {
    if (hash !== this.#active) return;
    this.#activeTransfer = transferId;
    const early = this.#early;
    this.#early = [];
    for (const chunk of early) if (chunk.transferId === transferId) void this.chunk(chunk);
  }

  /**
   * Handles a chunk heard on the byte bridge. It counts only if it names the transfer the
   * background started for the active fetch: the bridge's channel is shared by every tab, and
   * only this tab's page learns that id.
   */
  async bridgedChunk(chunk: ChunkReport): Promise<void> {
    if (chunk.hash !== this.#active) return;
    if (this.#activeTransfer === null) {
      if (this.#early.length < MAX_EARLY_CHUNKS) this.#early.push(chunk);
      return;
    }
    if (chunk.transferId === this.#activeTransfer) await this.chunk(chunk);
  }

  #emit(hash: string, event: ArrivalEvent): void {
    for (const listener of [...(this.#watchers.get(hash) ?? [])]) listener(event);
  }

  /** Handles the background's report that a fetch failed. */
  failed(hash: string, message: string): void {
    this.#settle(hash, null, message);
  }

  #settle(hash: string, bytes: Uint8Array | null, failure: string | null): void {
    this.#arrivals.delete(hash);
    this.#pending.delete(hash);
    if (bytes && !this.#bytes.has(hash)) {
      markTransfer('panel:bytes-verified', hash);
      this.#bytes.set(hash, bytes);
      this.#held += bytes.length;
      // Least recently used first; the bytes just fetched stay even if alone over budget.
      for (const [other, held] of this.#bytes) {
        if (this.#held <= this.budget) break;
        if (other !== hash) this.#drop(other, held);
      }
    }
    if (failure) this.#failed.set(hash, failure);
    if (bytes) this.#emit(hash, { kind: 'complete', bytes });
    else this.#emit(hash, { kind: 'failed', message: failure ?? 'the bytes could not be fetched' });
    this.#watchers.delete(hash);
    for (const waiter of this.#waiters.get(hash) ?? []) {
      if (bytes) waiter.resolve(bytes);
      else waiter.reject(new Error(`module ${hash}: ${failure}`));
    }
    this.#waiters.delete(hash);
    if (this.#active === hash) {
      this.#active = null;
      this.#activeTransfer = null;
      this.#early = [];
    }
    this.changed();
    this.#pump();
  }

  #queued(hash: string): boolean {
    return this.#bytes.has(hash) || this.#queue.includes(hash) || this.#active === hash;
  }

  #enqueue(hash: string): void {
    this.#queue.push(hash);
    this.#pump();
  }

  #drop(hash: string, bytes: Uint8Array): void {
    this.#bytes.delete(hash);
    this.#held -= bytes.length;
  }

  #pump(): void {
    if (this.#active) return;
    const next = this.#queue.shift();
    if (!next) return;
    this.#active = next;
    this.#activeTransfer = null;
    this.#early = [];
    markTransfer('panel:bytes-requested', next);
    this.request(next);
  }
}

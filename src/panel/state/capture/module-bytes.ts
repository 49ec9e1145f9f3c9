/**
 * Module bytes in the panel: fetched from the background one module at a time, reassembled
 * and verified against their SHA-256 before they count as complete, and kept within a byte
 * budget: modules the page no longer lists are dropped, automatic prefetching stops where the
 * budget would be exceeded, and an explicit fetch evicts the least recently used bytes.
 */
import type { PanelEvent } from '../../../protocol/index.ts';
import { ChunkAssembler } from '../../../protocol/index.ts';

type ChunkEvent = Extract<PanelEvent, { kind: 'bytes-chunk' }>;

interface Waiter {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

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
  readonly #assemblers = new Map<string, ChunkAssembler>();
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #queue: string[] = [];
  #active: string | null = null;

  constructor(
    private readonly request: (hash: string) => void,
    private readonly changed: () => void,
    private readonly budget = DEFAULT_PANEL_BYTE_BUDGET,
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

  /** Re-asks for the active fetch after the port to the background was reopened. */
  resume(): void {
    if (!this.#active) return;
    this.#assemblers.delete(this.#active);
    this.request(this.#active);
  }

  /** Handles a chunk from the background. */
  async chunk(event: ChunkEvent): Promise<void> {
    let assembler = this.#assemblers.get(event.hash);
    if (!assembler) {
      assembler = new ChunkAssembler(event.hash, event.size, event.total);
      this.#assemblers.set(event.hash, assembler);
    }
    const progress = await assembler.add(event);
    if (progress.state === 'complete') this.#settle(event.hash, progress.bytes, null);
    else if (progress.state === 'failed') this.#settle(event.hash, null, progress.message);
  }

  /** Handles the background's report that a fetch failed. */
  failed(hash: string, message: string): void {
    this.#settle(hash, null, message);
  }

  #settle(hash: string, bytes: Uint8Array | null, failure: string | null): void {
    this.#assemblers.delete(hash);
    this.#pending.delete(hash);
    if (bytes && !this.#bytes.has(hash)) {
      this.#bytes.set(hash, bytes);
      this.#held += bytes.length;
      // Least recently used first; the bytes just fetched stay even if alone over budget.
      for (const [other, held] of this.#bytes) {
        if (this.#held <= this.budget) break;
        if (other !== hash) this.#drop(other, held);
      }
    }
    if (failure) this.#failed.set(hash, failure);
    for (const waiter of this.#waiters.get(hash) ?? []) {
      if (bytes) waiter.resolve(bytes);
      else waiter.reject(new Error(`module ${hash}: ${failure}`));
    }
    this.#waiters.delete(hash);
    if (this.#active === hash) this.#active = null;
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
    this.request(next);
  }
}

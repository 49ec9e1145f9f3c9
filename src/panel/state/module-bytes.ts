/**
 * Module bytes in the panel: fetched from the background one module at a time, reassembled
 * and verified against their SHA-256 before they count as complete.
 */
import type { PanelEvent } from '../../protocol/index.ts';
import { ChunkAssembler } from '../../protocol/index.ts';

type ChunkEvent = Extract<PanelEvent, { kind: 'bytes-chunk' }>;

interface Waiter {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

/** Fetches, verifies and keeps module bytes. */
export class ModuleBytes {
  readonly #bytes = new Map<string, Uint8Array>();
  readonly #failed = new Map<string, string>();
  readonly #assemblers = new Map<string, ChunkAssembler>();
  readonly #waiters = new Map<string, Waiter[]>();
  readonly #queue: string[] = [];
  #active: string | null = null;

  constructor(
    private readonly request: (hash: string) => void,
    private readonly changed: () => void,
  ) {}

  /** Verified bytes of `hash`, if they arrived. */
  get(hash: string): Uint8Array | undefined {
    return this.#bytes.get(hash);
  }

  /** Why fetching `hash` failed, if it did. */
  failure(hash: string): string | undefined {
    return this.#failed.get(hash);
  }

  /** Queues a fetch unless the bytes are here, queued, or failed (unless `retry`). */
  want(hash: string, retry = false): void {
    if (this.#bytes.has(hash) || this.#queue.includes(hash) || this.#active === hash) return;
    if (this.#failed.has(hash) && !retry) return;
    this.#failed.delete(hash);
    this.#queue.push(hash);
    this.#pump();
  }

  /** Resolves with the verified bytes of `hash`, fetching them if needed. */
  fetch(hash: string): Promise<Uint8Array> {
    const ready = this.#bytes.get(hash);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      this.#waiters.set(hash, [...(this.#waiters.get(hash) ?? []), { resolve, reject }]);
      this.want(hash, true);
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
    if (bytes) this.#bytes.set(hash, bytes);
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

  #pump(): void {
    if (this.#active) return;
    const next = this.#queue.shift();
    if (!next) return;
    this.#active = next;
    this.request(next);
  }
}

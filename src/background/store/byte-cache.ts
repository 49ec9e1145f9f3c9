/**
 * Verified module bytes for one tab, bounded by a byte budget. The least recently used
 * modules are evicted first; a module larger than the whole budget is not kept at all.
 */
export class ByteCache {
  // A Map iterates in insertion order, so re-inserting on use keeps the oldest first.
  readonly #entries = new Map<string, Uint8Array>();
  #bytes = 0;

  constructor(private readonly budget: number) {}

  /** Total bytes held. */
  get size(): number {
    return this.#bytes;
  }

  /** True when the bytes of `hash` are held (does not count as a use). */
  has(hash: string): boolean {
    return this.#entries.has(hash);
  }

  /** The bytes of `hash`, marking them most recently used. */
  get(hash: string): Uint8Array | undefined {
    const bytes = this.#entries.get(hash);
    if (bytes) {
      this.#entries.delete(hash);
      this.#entries.set(hash, bytes);
    }
    return bytes;
  }

  /** Stores bytes, evicting older entries as needed; returns the hashes evicted. */
  put(hash: string, bytes: Uint8Array): string[] {
    this.delete(hash);
    if (bytes.length > this.budget) return [];
    const evicted: string[] = [];
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes + bytes.length <= this.budget) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.length;
      evicted.push(oldest);
    }
    this.#entries.set(hash, bytes);
    this.#bytes += bytes.length;
    return evicted;
  }

  /** Forgets the bytes of `hash`. */
  delete(hash: string): void {
    const bytes = this.#entries.get(hash);
    if (!bytes) return;
    this.#entries.delete(hash);
    this.#bytes -= bytes.length;
  }
}

/**
 * A {@link MemorySource} over a memory in the panel's own thread: a `WebAssembly.Memory`, an
 * `ArrayBuffer` or a `Uint8Array`. For the standalone page, tests and benchmarks; it has no
 * worker, so the view searches and snapshots it through windowed reads, as it would a page's
 * instance. Whoever changes the bytes calls {@link BufferMemorySource.notify}.
 */
import type { MemoryChange, MemorySource } from './memory-source.ts';

/** What a {@link BufferMemorySource} reads. */
export type BufferLike = WebAssembly.Memory | ArrayBufferLike | Uint8Array;

/** Options of {@link BufferMemorySource}. */
export interface BufferMemorySourceOptions {
  id?: string;
  label?: string;
  is64?: boolean;
  /** Leave out `write` (the view then refuses edits). */
  readOnly?: boolean;
  /** Leave out `onChange` (the view then polls). */
  silent?: boolean;
}

let nextId = 1;

/** An in-thread memory source. */
export class BufferMemorySource implements MemorySource {
  readonly id: string;
  readonly label: string;
  readonly is64: boolean;
  readonly write?: (offset: number, bytes: Uint8Array) => Promise<void>;
  readonly onChange?: (listener: (change?: MemoryChange) => void) => () => void;
  readonly #memory: BufferLike;
  readonly #listeners = new Set<(change?: MemoryChange) => void>();
  /** Reads made, for tests and benchmarks that check the view reads only windows. */
  reads = 0;
  bytesRead = 0;

  constructor(memory: BufferLike, options: BufferMemorySourceOptions = {}) {
    this.#memory = memory;
    this.id = options.id ?? `buffer:${nextId++}`;
    this.label = options.label ?? 'memory';
    this.is64 = options.is64 ?? false;
    if (!options.readOnly) {
      this.write = async (offset, bytes) => {
        const view = this.bytes();
        if (offset + bytes.length > view.length)
          throw new RangeError(`write past the end of ${this.label} at 0x${offset.toString(16)}`);
        view.set(bytes, offset);
      };
    }
    if (!options.silent) {
      this.onChange = (listener) => {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
      };
    }
  }

  /** The bytes now (a memory that grew has a new buffer). */
  bytes(): Uint8Array {
    const memory = this.#memory;
    if (memory instanceof Uint8Array) return memory;
    if (memory instanceof WebAssembly.Memory) return new Uint8Array(memory.buffer);
    return new Uint8Array(memory);
  }

  async length(): Promise<number> {
    return this.bytes().length;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const view = this.bytes();
    const start = Math.min(offset, view.length);
    const end = Math.min(view.length, start + length);
    this.reads++;
    this.bytesRead += end - start;
    return view.slice(start, end);
  }

  /** Tells the views that the bytes changed. */
  notify(change?: MemoryChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

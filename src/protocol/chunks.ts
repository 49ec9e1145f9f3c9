/**
 * Reassembles a module sent in chunks and checks it against its SHA-256 before anyone uses
 * it. Used by the background (chunks from the page) and the panel (chunks from the
 * background), both of which must not trust the sender's framing. A skeleton (see
 * `skeleton/`) travels the same way; it has no hash of its own and is only ever displayed.
 */
import { base64ToBytes } from './base64.ts';
import type { ChunkData, TransferPart } from './hook-messages.ts';
import { MAX_CHUNK_BYTES, MAX_MODULE_BYTES } from './limits.ts';
import { sha256Hex } from './sha256.ts';

/** One chunk as it travels (its payload raw or base64, see {@link ChunkData}). */
export interface ChunkFrame {
  /** The module's SHA-256. */
  hash: string;
  part: TransferPart;
  index: number;
  total: number;
  size: number;
  data: ChunkData;
}

/**
 * Hashes a whole part's bytes, possibly elsewhere: it may take `bytes` away (move their buffer
 * to a worker) as long as it hands back the same bytes with their SHA-256.
 */
export type ChunkDigest = (bytes: Uint8Array) => Promise<{ sha256: string; bytes: Uint8Array }>;

/** Hashes on the calling thread (`crypto.subtle` copies the bytes first). */
const digestHere: ChunkDigest = async (bytes) => ({ sha256: await sha256Hex(bytes), bytes });

/** The outcome of feeding a chunk. */
export type ChunkProgress =
  | { state: 'partial'; received: number; total: number }
  | { state: 'complete'; bytes: Uint8Array }
  | { state: 'failed'; message: string };

/**
 * Collects the chunks of one part of a transfer. Chunks may arrive in any order; duplicates
 * are ignored. The `module` part completes only when its bytes match `hash`; the `skeleton`
 * part completes when all its chunks are in.
 */
export class ChunkAssembler {
  #buffer: Uint8Array;
  readonly #seen: Uint8Array;
  #received = 0;
  #failed: string | null = null;

  constructor(
    readonly hash: string,
    readonly size: number,
    readonly total: number,
    readonly part: TransferPart = 'module',
    private readonly digest: ChunkDigest = digestHere,
  ) {
    const expectedTotal = Math.max(1, Math.ceil(size / MAX_CHUNK_BYTES));
    if (size > MAX_MODULE_BYTES || total !== expectedTotal) {
      this.#failed = `a ${size}-byte module cannot arrive in ${total} chunks`;
    }
    this.#buffer = new Uint8Array(this.#failed ? 0 : size);
    this.#seen = new Uint8Array(this.#failed ? 0 : total);
  }

  /** Adds a chunk; once all are in, resolves to the verified bytes or a failure. */
  async add(chunk: ChunkFrame): Promise<ChunkProgress> {
    if (this.#failed) return { state: 'failed', message: this.#failed };
    const mismatch =
      chunk.hash !== this.hash ||
      chunk.part !== this.part ||
      chunk.size !== this.size ||
      chunk.total !== this.total;
    if (mismatch || chunk.index < 0 || chunk.index >= this.total) {
      return this.#fail(`chunk ${chunk.index} does not belong to this transfer`);
    }
    if (this.#seen[chunk.index])
      return { state: 'partial', received: this.#received, total: this.total };
    let bytes: Uint8Array;
    try {
      bytes = typeof chunk.data === 'string' ? base64ToBytes(chunk.data) : chunk.data;
    } catch {
      return this.#fail(`chunk ${chunk.index} is not valid base64`);
    }
    const start = chunk.index * MAX_CHUNK_BYTES;
    const expected = Math.min(MAX_CHUNK_BYTES, this.size - start);
    if (bytes.length !== expected) {
      return this.#fail(`chunk ${chunk.index} has ${bytes.length} bytes, expected ${expected}`);
    }
    this.#buffer.set(bytes, start);
    this.#seen[chunk.index] = 1;
    this.#received++;
    if (this.#received < this.total)
      return { state: 'partial', received: this.#received, total: this.total };
    if (this.part === 'skeleton') return { state: 'complete', bytes: this.#buffer };
    let hashed: Awaited<ReturnType<ChunkDigest>>;
    try {
      hashed = await this.digest(this.#buffer);
    } catch (error) {
      return this.#fail(`the bytes could not be hashed: ${String(error)}`);
    }
    this.#buffer = hashed.bytes;
    if (hashed.sha256 !== this.hash)
      return this.#fail(`hash mismatch: the bytes hash to ${hashed.sha256}`);
    return { state: 'complete', bytes: this.#buffer };
  }

  #fail(message: string): ChunkProgress {
    this.#failed = message;
    return { state: 'failed', message };
  }
}

/**
 * Splits `bytes` (a module's, or its skeleton's when `part` says so) into chunk frames for
 * sending on, each payload made by `encode` (base64, or a copy of the slice so that cloning it
 * does not clone the whole buffer); `hash` is the module's either way.
 */
export function* chunkFrames<Data extends ChunkData>(
  hash: string,
  bytes: Uint8Array,
  encode: (slice: Uint8Array) => Data,
  part: TransferPart = 'module',
): Generator<ChunkFrame & { data: Data }> {
  const total = Math.max(1, Math.ceil(bytes.length / MAX_CHUNK_BYTES));
  for (let index = 0; index < total; index++) {
    const slice = bytes.subarray(index * MAX_CHUNK_BYTES, (index + 1) * MAX_CHUNK_BYTES);
    yield { hash, part, index, total, size: bytes.length, data: encode(slice) };
  }
}

/**
 * What to move rather than copy when posting `message`: a chunk's payload when it is bytes
 * with a buffer of their own (as {@link chunkFrames} makes them). The sender must not use the
 * payload afterwards.
 */
export function chunkTransferables(message: { kind: string; data?: unknown }): Transferable[] {
  if (message.kind !== 'chunk' || !(message.data instanceof Uint8Array)) return [];
  const { buffer, byteOffset, byteLength } = message.data;
  return buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength
    ? [buffer]
    : [];
}

/**
 * Sends a module's bytes in chunks, one per task, so a large module never holds the page's
 * main thread for long (each chunk costs one copy of at most `MAX_CHUNK_BYTES`; the relay
 * encodes it only if it must go through extension messaging).
 * A large module's skeleton goes first: the panel shows the module's overview from it while
 * the bytes are still on their way.
 */
import type { ChunkReport, TransferPart } from '../../protocol/index.ts';
import { chunkFrames, runInSlices, squeezeModule } from '../../protocol/index.ts';
import { nextTask } from './next-task.ts';

/** Longest stretch of skeleton writing between two yields to the page. */
const SQUEEZE_SLICE_MS = 8;

// Captured at install time, like the channel `nextTask` uses: the page may replace it later.
const now = performance.now.bind(performance);

/** A chunk's own copy: posting a view clones its whole buffer, a 31 MB module per chunk. */
const copySlice = (slice: Uint8Array): Uint8Array => slice.slice();

async function sendPart(
  part: TransferPart,
  bytes: Uint8Array,
  hash: string,
  transferId: string,
  emit: (chunk: ChunkReport) => void,
): Promise<void> {
  for (const frame of chunkFrames(hash, bytes, copySlice, part)) {
    emit({ kind: 'chunk', transferId, ...frame });
    await nextTask();
  }
}

/**
 * Emits the skeleton of `bytes` (when it is worth one) and then `bytes` as
 * {@link ChunkReport}s of at most `MAX_CHUNK_BYTES` each.
 */
export async function sendInChunks(
  bytes: Uint8Array,
  hash: string,
  transferId: string,
  emit: (chunk: ChunkReport) => void,
): Promise<void> {
  const skeleton = await runInSlices(squeezeModule(bytes), nextTask, SQUEEZE_SLICE_MS, now);
  if (skeleton) await sendPart('skeleton', skeleton, hash, transferId, emit);
  await sendPart('module', bytes, hash, transferId, emit);
}

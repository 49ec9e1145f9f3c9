/**
 * Sends a module's bytes in chunks, one per task, so a large module never holds the page's
 * main thread for long (each chunk costs one base64 encoding of at most 1 MiB).
 */
import type { ChunkReport } from '../../protocol/index.ts';
import { bytesToBase64, chunkFrames } from '../../protocol/index.ts';
import { nextTask } from './next-task.ts';

/** Emits `bytes` as {@link ChunkReport}s of at most `MAX_CHUNK_BYTES` each. */
export async function sendInChunks(
  bytes: Uint8Array,
  hash: string,
  transferId: string,
  emit: (chunk: ChunkReport) => void,
): Promise<void> {
  for (const frame of chunkFrames(hash, bytes, bytesToBase64)) {
    emit({ kind: 'chunk', transferId, ...frame });
    await nextTask();
  }
}

/** Starts the Memory lab's worker and returns its typed, validated client. */
import { memoryLabResultValidators, type MemoryLabApi } from '../../../protocol/memory/index.ts';
import { RpcClient, RpcError, type MessageEndpoint } from '../../../protocol/rpc/index.ts';

/** A new lab worker's client. */
export function startMemoryLabWorker(): RpcClient<MemoryLabApi> {
  const worker = new Worker(new URL('./memory-lab-worker.ts', import.meta.url), {
    type: 'module',
    name: 'wasm-layer-memory-lab',
  });
  const client = new RpcClient<MemoryLabApi>(
    worker as unknown as MessageEndpoint,
    memoryLabResultValidators,
  );
  worker.addEventListener('error', (event) => {
    client.close(
      new RpcError({
        name: 'WorkerError',
        code: 'crashed',
        message: `the lab worker stopped: ${event.message || 'unknown error'}`,
      }),
    );
    worker.terminate();
  });
  return client;
}

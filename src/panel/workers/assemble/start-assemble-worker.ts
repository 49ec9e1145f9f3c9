/**
 * Starts the panel's assemble worker (wabt.js) and returns its typed client, which checks
 * every result. A worker that dies fails every call in flight with the reason.
 */
import { assembleResultValidators, type AssembleApi } from '../../../protocol/assemble/index.ts';
import { RpcClient, RpcError, type MessageEndpoint } from '../../../protocol/rpc/index.ts';

/** A new assemble worker's client. */
export function startAssembleWorker(): RpcClient<AssembleApi> {
  const worker = new Worker(new URL('./assemble-worker.ts', import.meta.url), {
    type: 'module',
    name: 'wasm-layer-assemble',
  });
  const client = new RpcClient<AssembleApi>(
    worker as unknown as MessageEndpoint,
    assembleResultValidators,
  );
  worker.addEventListener('error', (event) => {
    client.close(
      new RpcError({
        name: 'WorkerError',
        code: 'crashed',
        message: `the assemble worker stopped: ${event.message || 'unknown error'}`,
      }),
    );
    worker.terminate();
  });
  return client;
}

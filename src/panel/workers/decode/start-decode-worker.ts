/**
 * Starts the panel's decode worker and returns its typed client. A worker that dies (an
 * uncaught error, out of memory) fails every call in flight with the reason, never silently.
 */
import type { DecodeApi } from '../../../protocol/decode/index.ts';
import { RpcClient, RpcError, type MessageEndpoint } from '../../../protocol/rpc/index.ts';

/** A new decode worker's client. */
export function startDecodeWorker(): RpcClient<DecodeApi> {
  const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), {
    type: 'module',
    name: 'wasm-layer-decode',
  });
  const client = new RpcClient<DecodeApi>(worker as unknown as MessageEndpoint);
  worker.addEventListener('error', (event) => {
    client.close(
      new RpcError({
        name: 'WorkerError',
        code: 'crashed',
        message: `the decode worker stopped: ${event.message || 'unknown error'}`,
      }),
    );
    worker.terminate();
  });
  return client;
}

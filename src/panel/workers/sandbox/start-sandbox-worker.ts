/**
 * Starts a sandbox worker of the panel. Each sandbox session gets its own: terminating it is
 * the only way to stop guest code that never returns.
 */
import type { MessageEndpoint } from '../../../protocol/rpc/index.ts';
import type { SandboxWorker } from '../../state/sandbox/connection.ts';

/** A new sandbox worker. */
export function startSandboxWorker(): SandboxWorker {
  const worker = new Worker(new URL('./sandbox-worker.ts', import.meta.url), {
    type: 'module',
    name: 'wasm-layer-sandbox',
  });
  const listeners: ((message: string) => void)[] = [];
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    for (const listener of listeners) listener(event.message || 'unknown error');
  });
  return {
    endpoint: worker as unknown as MessageEndpoint,
    terminate: () => worker.terminate(),
    onFailure: (listener) => void listeners.push(listener),
  };
}

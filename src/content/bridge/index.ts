/**
 * The bridge frame (see `protocol/bridge.ts`): an extension page the relay frames into the
 * inspected page. It takes the one port the relay hands it with the nonce from its own URL
 * fragment and gives the port to its worker, which passes the chunks on. Chrome runs every
 * frame of the extension on one thread, the panel's included, so the chunks are handled off it.
 */
import { BRIDGE_HANDSHAKE_TAG, BRIDGE_READY } from '../../protocol/index.ts';

const nonce = location.hash.slice(1);
let taken = false;

window.addEventListener('message', (event: MessageEvent) => {
  const data: unknown = event.data;
  if (taken || event.source !== window.parent || !nonce) return;
  if (typeof data !== 'object' || data === null) return;
  const port = event.ports[0];
  if ((data as Record<string, unknown>)[BRIDGE_HANDSHAKE_TAG] !== nonce || !port) return;
  taken = true;
  // Chunks the relay sends before the worker has the port wait in the port's queue.
  port.postMessage(BRIDGE_READY);
  const worker = new Worker(new URL('./bridge-worker.ts', import.meta.url), { type: 'module' });
  worker.postMessage(null, [port]);
});

/**
 * The page hook: a MAIN-world content script that runs at document_start in every frame,
 * before the page's scripts. It wraps the WebAssembly entry points and the Worker
 * constructor, and reports to the relay over a private MessagePort. It has no extension APIs.
 */
import type { HookReport } from '../../protocol/index.ts';
import { chunkTransferables, HOOK_HANDSHAKE_TAG } from '../../protocol/index.ts';
import { wrapWebAssembly } from './capture.ts';
import { HookHub } from './hub.ts';
import { newRealmId } from './realm-id.ts';
import { workerHookSource, wrapWorkerConstructor } from './workers/index.ts';

const INSTALLED = Symbol.for('wasm-layer.hook');

function install(): void {
  const scope = globalThis as typeof globalThis & { [INSTALLED]?: true };
  if (scope[INSTALLED] || typeof WebAssembly !== 'object') return;
  Object.defineProperty(scope, INSTALLED, { value: true });

  const channel = new MessageChannel();
  const relay = channel.port1;
  const hub = new HookHub(
    newRealmId(),
    () => location.href,
    (report: HookReport) => relay.postMessage(report, chunkTransferables(report)),
  );
  relay.onmessage = (event: MessageEvent) => hub.handle(event.data);

  wrapWebAssembly(WebAssembly, {
    module: (module, bytes, entry, sourceUrl) =>
      hub.registry.addModule(module, bytes, entry, sourceUrl),
    instance: (instance, module, imports) => hub.registry.addInstance(instance, module, imports),
  });
  if (workerHookSource) wrapWorkerConstructor(scope, hub, workerHookSource, () => document.baseURI);

  // One message hands the relay its end of the channel; everything else is private to it.
  window.postMessage({ [HOOK_HANDSHAKE_TAG]: true }, '*', [channel.port2]);
  relay.postMessage(hub.status());
}

install();

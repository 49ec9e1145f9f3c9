/**
 * The hook inside a dedicated worker (bundled on its own, see vite.config.ts). It captures the
 * worker's modules, reports to the page's hook over the MessagePort the wrapped Worker
 * constructor sends first, then (classic workers) loads the worker's real script.
 */
import type { HookReport, WorkerBootConfig } from '../../../protocol/index.ts';
import {
  chunkTransferables,
  WORKER_ALIVE_TAG,
  WORKER_CONFIG_GLOBAL,
  WORKER_LINK_TAG,
} from '../../../protocol/index.ts';
import { wrapWebAssembly } from '../capture.ts';
import { HookHub } from '../hub.ts';
import { newRealmId } from '../realm-id.ts';
import { impersonateScriptUrl } from './scope.ts';

const scope = globalThis as typeof globalThis & Record<string, unknown>;
const config = scope[WORKER_CONFIG_GLOBAL] as WorkerBootConfig;
delete scope[WORKER_CONFIG_GLOBAL];

let parent: MessagePort | null = null;
const pending: HookReport[] = [];
const hub = new HookHub(
  newRealmId(),
  () => config.url,
  (report) => {
    if (parent) parent.postMessage(report, chunkTransferables(report));
    else pending.push(report);
  },
);

scope.addEventListener('message', function takePort(event: MessageEvent) {
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || !(WORKER_LINK_TAG in data) || !event.ports[0])
    return;
  // The page never posted this message, so its own handlers must not see it.
  event.stopImmediatePropagation();
  scope.removeEventListener('message', takePort);
  parent = event.ports[0];
  parent.onmessage = (command: MessageEvent) => hub.handle(command.data);
  parent.postMessage(hub.status());
  for (const report of pending.splice(0)) parent.postMessage(report, chunkTransferables(report));
});

wrapWebAssembly(scope.WebAssembly, {
  module: (module, bytes, entry, sourceUrl) =>
    hub.registry.addModule(module, bytes, entry, sourceUrl),
  instance: (instance, module, imports) => hub.registry.addInstance(instance, module, imports),
});
impersonateScriptUrl(scope, config.url);
// Tells the page's hook the blob started (so a later error is the worker's own, not a CSP block).
scope.postMessage({ [WORKER_ALIVE_TAG]: true });
if (config.type === 'classic') scope.importScripts(config.url);

/**
 * Wraps the `Worker` constructor so each dedicated worker runs the hook before its own script:
 * the page gets a worker started from a blob that sets up the hook, then loads the original
 * script (importScripts for classic workers, a static import for module workers). Where the
 * page's CSP forbids blob workers the original worker starts unchanged and is reported as
 * uncovered.
 */
import type { WorkerBootConfig } from '../../../protocol/index.ts';
import { WORKER_CONFIG_GLOBAL, WORKER_LINK_TAG } from '../../../protocol/index.ts';
import type { HookHub } from '../hub.ts';
import { guardBlobWorker } from './fallback.ts';

function blobUrl(parts: string[], createObjectURL: typeof URL.createObjectURL): string {
  return createObjectURL(new Blob(parts, { type: 'text/javascript' }));
}

/** Replaces `scope.Worker` (if any) with a Proxy that instruments each new worker. */
export function wrapWorkerConstructor(
  scope: typeof globalThis,
  hub: HookHub,
  hookSource: string,
  baseUrl: () => string,
): void {
  const NativeWorker = scope.Worker;
  if (typeof NativeWorker !== 'function' || typeof scope.MessageChannel !== 'function') return;
  const postMessage = NativeWorker.prototype.postMessage;
  const createObjectURL = URL.createObjectURL.bind(URL);

  scope.Worker = new Proxy(NativeWorker, {
    construct(target, args: [string | URL, WorkerOptions | undefined], newTarget) {
      let url: string;
      try {
        url = new URL(String(args[0]), baseUrl()).href;
      } catch {
        return Reflect.construct(target, args, newTarget); // the engine throws its own SyntaxError
      }
      const options = args[1];
      const config: WorkerBootConfig = {
        workerId: hub.nextWorkerId(),
        url,
        type: options?.type === 'module' ? 'module' : 'classic',
      };
      let worker: Worker;
      try {
        const hook = `self.${WORKER_CONFIG_GLOBAL} = ${JSON.stringify(config)};\n${hookSource}`;
        const entry =
          config.type === 'module'
            ? blobUrl(
                [
                  `import ${JSON.stringify(blobUrl([hook], createObjectURL))};\nimport ${JSON.stringify(url)};\n`,
                ],
                createObjectURL,
              )
            : blobUrl([hook], createObjectURL);
        worker = Reflect.construct(target, [entry, options], newTarget) as Worker;
      } catch (error) {
        hub.workerUncovered(url, `blob workers refused (${String(error).slice(0, 200)})`);
        return Reflect.construct(target, args, newTarget);
      }
      const tag = { workerId: config.workerId, url };
      guardBlobWorker(
        worker,
        () => Reflect.construct(target, args, newTarget) as Worker,
        () =>
          hub.workerFailed(tag, 'the page refused the blob worker the hook needs (CSP worker-src)'),
      );
      const channel = new MessageChannel();
      Reflect.apply(postMessage, worker, [{ [WORKER_LINK_TAG]: true }, [channel.port2]]);
      hub.addWorker(tag, channel.port1);
      return worker;
    },
  });
  Object.defineProperty(NativeWorker.prototype, 'constructor', {
    value: scope.Worker,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

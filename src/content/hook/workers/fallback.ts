/**
 * Keeps a page's worker working when its CSP refuses the blob the hook starts it from. The
 * refusal is asynchronous (an `error` event, no exception), so the Worker object the page
 * already holds is kept and bridged to a plain worker started from the original URL:
 * messages posted so far are replayed, later ones forwarded, and the plain worker's events
 * are re-dispatched on the page's object.
 */
import { WORKER_ALIVE_TAG } from '../../../protocol/index.ts';

function isAliveSignal(data: unknown): boolean {
  return typeof data === 'object' && data !== null && WORKER_ALIVE_TAG in data;
}

/**
 * Watches `worker` (started from the hook's blob). `startPlain` starts the unhooked worker;
 * `onRefused` is told when the fallback was needed.
 */
export function guardBlobWorker(
  worker: Worker,
  startPlain: () => Worker,
  onRefused: () => void,
): void {
  const nativePost = Worker.prototype.postMessage;
  const nativeTerminate = Worker.prototype.terminate;
  let alive = false;
  let plain: Worker | null = null;
  let terminated = false;
  let replay: unknown[][] = [];

  worker.addEventListener('message', (event) => {
    if (!isAliveSignal(event.data)) return;
    event.stopImmediatePropagation();
    alive = true;
    replay = [];
  });
  worker.addEventListener('error', (event) => {
    if (alive || plain) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    onRefused();
    if (terminated) return;
    const fallback = startPlain();
    plain = fallback;
    fallback.addEventListener('message', (message) =>
      worker.dispatchEvent(
        new MessageEvent('message', { data: message.data, ports: [...message.ports] }),
      ),
    );
    fallback.addEventListener('messageerror', (message) =>
      worker.dispatchEvent(new MessageEvent('messageerror', { data: message.data })),
    );
    fallback.addEventListener('error', (error) => {
      const { message, filename, lineno, colno } = error;
      const forwarded = new ErrorEvent('error', {
        message,
        filename,
        lineno,
        colno,
        error: error.error,
        cancelable: true,
      });
      if (!worker.dispatchEvent(forwarded)) error.preventDefault();
    });
    for (const args of replay) {
      try {
        Reflect.apply(nativePost, fallback, args);
      } catch {
        // A transferred buffer went to the refused worker and cannot be sent twice.
      }
    }
    replay = [];
  });

  Object.defineProperty(worker, 'postMessage', {
    configurable: true,
    writable: true,
    value: function postMessage(...args: unknown[]): void {
      if (plain) return Reflect.apply(nativePost, plain, args) as void;
      if (!alive) replay.push(args);
      return Reflect.apply(nativePost, worker, args) as void;
    },
  });
  Object.defineProperty(worker, 'terminate', {
    configurable: true,
    writable: true,
    value: function terminate(): void {
      terminated = true;
      if (plain) Reflect.apply(nativeTerminate, plain, []);
      return Reflect.apply(nativeTerminate, worker, []) as void;
    },
  });
}

/**
 * The worker side of a service: receives calls, validates them, runs the handler, answers once,
 * and lets the panel cancel. Nothing the panel sends reaches a handler unchecked.
 */
import { errorToData, parseRpcRequest, type RpcResponse } from './envelope.ts';
import {
  unwrapTransfer,
  type CallContext,
  type MessageEndpoint,
  type ParamValidators,
  type ServiceHandlers,
  type ServiceSpec,
} from './service.ts';

/** Progress reports of one call are spaced at least this far apart. */
const PROGRESS_INTERVAL_MS = 50;

/** A running service: push events to the panel, or stop answering. */
export interface RpcServer {
  /** Sends an unasked event (registry events, console output, …). */
  emit(topic: string, payload: unknown, transfer?: Transferable[]): void;
  /** Stops listening and aborts every call in flight. */
  close(): void;
  /** How many requests were dropped as malformed (for tests and diagnostics). */
  readonly dropped: number;
}

/**
 * Yields to the event loop through a `MessageChannel` (a nested `setTimeout(0)` is clamped to
 * 4 ms), so a waiting cancel message is delivered before the next slice of work.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function abortError(): Error {
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}

/** Serves `handlers` on `endpoint` (a worker's global scope, or a port in tests). */
export function serveRpc<S extends ServiceSpec<S>>(
  endpoint: MessageEndpoint,
  handlers: ServiceHandlers<S>,
  validators: ParamValidators<S>,
): RpcServer {
  const running = new Map<string, AbortController>();
  let dropped = 0;
  const post = (message: RpcResponse, transfer: Transferable[] = []): void =>
    endpoint.postMessage(message, transfer);

  async function run(id: string, method: string, params: unknown): Promise<void> {
    const handler = (handlers as Record<string, ServiceHandlers<S>[keyof ServiceHandlers<S>]>)[
      method
    ];
    const validate = (validators as Record<string, (p: unknown) => boolean>)[method];
    if (!Object.hasOwn(handlers, method) || !handler || !validate) {
      post({
        rpc: 'error',
        id,
        error: { name: 'RpcError', code: 'unknown-method', message: `no method "${method}"` },
      });
      return;
    }
    if (!validate(params)) {
      post({
        rpc: 'error',
        id,
        error: {
          name: 'RpcError',
          code: 'invalid-params',
          message: `invalid parameters for "${method}"`,
        },
      });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    let lastProgress = 0;
    const context: CallContext = {
      signal: controller.signal,
      progress(done, total, label = '') {
        const now = Date.now();
        if (done < total && now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        post({ rpc: 'progress', id, done, total, label });
      },
      async checkpoint() {
        await nextTask();
        if (controller.signal.aborted) throw abortError();
      },
    };
    try {
      const result = await (handler as (p: unknown, c: CallContext) => unknown)(params, context);
      if (controller.signal.aborted) throw abortError();
      const { value, transfer } = unwrapTransfer(result);
      post({ rpc: 'result', id, value }, transfer);
    } catch (error) {
      post({ rpc: 'error', id, error: errorToData(error) });
    } finally {
      running.delete(id);
    }
  }

  const onMessage = (event: MessageEvent): void => {
    const request = parseRpcRequest(event.data);
    if (!request) {
      dropped++;
      return;
    }
    if (request.rpc === 'cancel') {
      running.get(request.id)?.abort();
      return;
    }
    if (running.has(request.id)) {
      dropped++;
      return;
    }
    void run(request.id, request.method, request.params);
  };
  endpoint.addEventListener('message', onMessage);

  return {
    emit(topic, payload, transfer = []) {
      post({ rpc: 'event', topic, payload }, transfer);
    },
    close() {
      endpoint.removeEventListener('message', onMessage);
      for (const controller of running.values()) controller.abort();
      running.clear();
    },
    get dropped() {
      return dropped;
    },
  };
}

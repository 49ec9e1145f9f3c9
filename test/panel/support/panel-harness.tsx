/**
 * Component-test support: a real panel store whose decode and assemble workers are the real
 * services running in the test's own thread over `MessageChannel`s (so views are tested against
 * real answers, not invented ones), and a `render` that puts a view under the store.
 */
import { render } from '@testing-library/preact';
import { Worker } from 'node:worker_threads';
import type { ComponentChildren } from 'preact';
import {
  assembleApiValidators,
  assembleResultValidators,
  type AssembleApi,
} from '../../../src/protocol/assemble/index.ts';
import { decodeApiValidators, type DecodeApi } from '../../../src/protocol/decode/index.ts';
import { RpcClient, serveRpc, type MessageEndpoint } from '../../../src/protocol/rpc/index.ts';
import { createDecodeHandlers } from '../../../src/panel/workers/decode/decode-service.ts';
import { serveSandbox } from '../../../src/panel/workers/sandbox/sandbox-service.ts';
import { createAssembleHandlers } from '../../../src/panel/workers/assemble/assemble-service.ts';
import {
  createPanelStore,
  memoryStorage,
  type KeyValueStorage,
  type PanelStore,
  type SandboxWorker,
  type ThemeName,
} from '../../../src/panel/state/index.ts';
import { StoreContext } from '../../../src/panel/views/common/index.ts';

/** Options of {@link createTestStore}. */
export interface TestStoreOptions {
  kind?: 'extension' | 'standalone';
  storage?: KeyValueStorage;
  theme?: ThemeName;
  /**
   * Where the sandbox runs: `thread` (default) serves it in the test's own thread (fast; it
   * cannot be stopped while guest code runs), `worker` on a real worker thread that Stop and
   * the time limit terminate.
   */
  sandbox?: 'thread' | 'worker';
}

/** The sandbox service in the test's own thread, over a `MessageChannel`. */
export function inThreadSandbox(): SandboxWorker {
  const channel = new MessageChannel();
  const { server, session } = serveSandbox(channel.port1 as unknown as MessageEndpoint);
  channel.port1.start();
  channel.port2.start();
  return {
    endpoint: channel.port2 as unknown as MessageEndpoint,
    terminate() {
      server.close();
      session.close();
      channel.port1.close();
      channel.port2.close();
    },
    onFailure: () => undefined,
  };
}

/** The sandbox service on a Node worker thread (TypeScript loaded by tsx). */
export function workerThreadSandbox(): SandboxWorker {
  // A worker thread does not inherit Vitest's TypeScript loading: the bootstrap registers tsx
  // in the thread, then loads the TypeScript entry.
  const entry = new URL('./sandbox-node-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true });
  const listeners = new Map<(event: MessageEvent) => void, (data: unknown) => void>();
  const failures: ((message: string) => void)[] = [];
  worker.on('error', (error) => failures.forEach((f) => f(error.message)));
  return {
    endpoint: {
      postMessage: (message, transfer) => worker.postMessage(message, transfer as never),
      addEventListener(_type, listener) {
        const forward = (data: unknown) => listener({ data } as MessageEvent);
        listeners.set(listener, forward);
        worker.on('message', forward);
      },
      removeEventListener(_type, listener) {
        const forward = listeners.get(listener);
        if (forward) worker.off('message', forward);
      },
    },
    terminate: () => void worker.terminate(),
    onFailure: (listener) => void failures.push(listener),
  };
}

/** A store with an in-thread decode service. Dispose it after the test. */
export function createTestStore(options: TestStoreOptions = {}): PanelStore {
  const theme = options.theme ?? 'light';
  return createPanelStore({
    kind: options.kind ?? 'standalone',
    storage: options.storage ?? memoryStorage(),
    createDecoder() {
      const channel = new MessageChannel();
      serveRpc<DecodeApi>(
        channel.port1 as unknown as MessageEndpoint,
        createDecodeHandlers(),
        decodeApiValidators,
      );
      channel.port1.start();
      channel.port2.start();
      return new RpcClient<DecodeApi>(channel.port2 as unknown as MessageEndpoint);
    },
    createSandbox: options.sandbox === 'worker' ? workerThreadSandbox : inThreadSandbox,
    createAssembler() {
      const channel = new MessageChannel();
      serveRpc<AssembleApi>(
        channel.port1 as unknown as MessageEndpoint,
        createAssembleHandlers(),
        assembleApiValidators,
      );
      channel.port1.start();
      channel.port2.start();
      return new RpcClient<AssembleApi>(
        channel.port2 as unknown as MessageEndpoint,
        assembleResultValidators,
      );
    },
    theme: () => theme,
    onThemeChange: () => () => undefined,
  });
}

/** Renders `children` under `store`'s context. */
export function renderWithStore(store: PanelStore, children: ComponentChildren) {
  return render(<StoreContext.Provider value={store}>{children}</StoreContext.Provider>);
}

/** A fresh copy of `bytes` as an ArrayBuffer (opening a module moves its buffer). */
export function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/**
 * Component-test support: a real panel store whose decode and assemble workers are the real
 * services running in the test's own thread over `MessageChannel`s (so views are tested against
 * real answers, not invented ones), and a `render` that puts a view under the store.
 */
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import {
  assembleApiValidators,
  assembleResultValidators,
  type AssembleApi,
} from '../../../src/protocol/assemble/index.ts';
import { decodeApiValidators, type DecodeApi } from '../../../src/protocol/decode/index.ts';
import { RpcClient, serveRpc, type MessageEndpoint } from '../../../src/protocol/rpc/index.ts';
import { createDecodeHandlers } from '../../../src/panel/workers/decode/decode-service.ts';
import { createAssembleHandlers } from '../../../src/panel/workers/assemble/assemble-service.ts';
import {
  createPanelStore,
  memoryStorage,
  type KeyValueStorage,
  type PanelStore,
  type ThemeName,
} from '../../../src/panel/state/index.ts';
import { StoreContext } from '../../../src/panel/views/common/index.ts';

/** Options of {@link createTestStore}. */
export interface TestStoreOptions {
  kind?: 'extension' | 'standalone';
  storage?: KeyValueStorage;
  theme?: ThemeName;
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

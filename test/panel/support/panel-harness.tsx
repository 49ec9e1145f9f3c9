/**
 * Component-test support: a real panel store whose decode worker is the real decode service
 * running in the test's own thread over a `MessageChannel` (so views are tested against real
 * decoder answers, not invented ones), and a `render` that puts a view under the store.
 */
import { render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { decodeApiValidators, type DecodeApi } from '../../../src/protocol/decode/index.ts';
import { RpcClient, serveRpc, type MessageEndpoint } from '../../../src/protocol/rpc/index.ts';
import { createDecodeHandlers } from '../../../src/panel/workers/decode/decode-service.ts';
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
  /** Receives the files the panel saves (downloads). */
  saved?: SavedFile[];
}

/** A file the panel offered for download. */
export interface SavedFile {
  name: string;
  blob: Blob;
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
    theme: () => theme,
    onThemeChange: () => () => undefined,
    saveFile: (blob, name) => void options.saved?.push({ name, blob }),
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

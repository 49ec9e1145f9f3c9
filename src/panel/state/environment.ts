/**
 * What the panel's state needs from the place it runs in: the extension's DevTools panel, the
 * standalone page of `npm start`, or a component test. Views and state never reach for
 * `browser.*`, `Worker` or `localStorage` themselves; they get them here, so a test can hand in
 * fakes and the standalone page can leave capture out.
 */
import type { AssembleApi } from '../../protocol/assemble/index.ts';
import type { DecodeApi } from '../../protocol/decode/index.ts';
import type { RpcClient } from '../../protocol/rpc/index.ts';
import type { SandboxWorker } from './sandbox/connection.ts';

/** Small string storage that survives a panel reload (the panel's own, never the page's). */
export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

/** The colour scheme the panel follows. */
export type ThemeName = 'light' | 'dark';

/** Everything the state takes from its surroundings. */
export interface PanelEnvironment {
  /** `extension`: inside DevTools, with page capture; `standalone`: the `npm start` page. */
  readonly kind: 'extension' | 'standalone';
  /** Starts a decode worker (called once, lazily) and returns its client. */
  createDecoder(): RpcClient<DecodeApi>;
  /**
   * Starts a sandbox worker (one per sandbox session: Stop and the time limit terminate it and
   * the next session starts another).
   */
  createSandbox(): SandboxWorker;
  /** Starts the assemble worker (wabt.js, for the WAT editor; called once, lazily). */
  createAssembler(): RpcClient<AssembleApi>;
  /** Panel-local storage (the WAT editor's text, layout). */
  readonly storage: KeyValueStorage;
  /** The theme now, and a way to hear when it changes (returns the unsubscribe function). */
  theme(): ThemeName;
  onThemeChange(listener: (theme: ThemeName) => void): () => void;
}

/** Storage in memory only: for tests, and where `localStorage` is unavailable. */
export function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => void values.set(key, value),
  };
}

/** `localStorage` when it works (it throws in some sandboxed contexts), else memory. */
export function localStorageOrMemory(): KeyValueStorage {
  try {
    const storage = globalThis.localStorage;
    const probe = '__wasm_layer_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return {
      get: (key) => storage.getItem(key),
      set: (key, value) => {
        try {
          storage.setItem(key, value);
        } catch {
          // Quota exceeded: the text stays in memory for this session.
        }
      },
    };
  } catch {
    return memoryStorage();
  }
}

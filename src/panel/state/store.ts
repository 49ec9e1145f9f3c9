/**
 * The panel's one store: made by {@link createPanelStore} from a {@link PanelEnvironment} and
 * handed to the views through a context, so a view test can give a view a store of its own.
 * Each area (capture, documents, UI) owns its signals and actions; `clear()` resets them all.
 */
import { effect, signal, type Signal } from '@preact/signals';
import type { AssembleApi } from '../../protocol/assemble/index.ts';
import type { DecodeApi } from '../../protocol/decode/index.ts';
import type { RpcClient } from '../../protocol/rpc/index.ts';
import { createCaptureState, type CaptureState } from './capture/capture-state.ts';
import { createDocumentsState, type DocumentsState } from './documents/index.ts';
import { createEditorState, type EditorState } from './editor/index.ts';
import type { PanelEnvironment, ThemeName } from './environment.ts';
import { openFiles, type TextFileSink } from './files/open-files.ts';
import { createSandboxState, type SandboxState } from './sandbox/sandbox-state.ts';

/** Layout and look. */
export interface UiState {
  readonly theme: Signal<ThemeName>;
  /** Whether the sidebar shows (a narrow dock hides it behind a toggle). */
  readonly sidebarOpen: Signal<boolean>;
  /** A message for the user that is not tied to a module (a file that could not be opened). */
  readonly notice: Signal<Notice | null>;
}

/** A panel-wide message. */
export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

/** The whole panel state. */
export interface PanelStore {
  readonly env: PanelEnvironment;
  readonly ui: UiState;
  /** The inspected page's modules; null on the standalone page, which has no page. */
  readonly capture: CaptureState | null;
  readonly documents: DocumentsState;
  /** The sandbox session: the runtime layer in a worker, and what the Run tab shows of it. */
  readonly sandbox: SandboxState;
  /** The WAT editor: its text, diagnostics and the module it keeps open. */
  readonly editor: EditorState;
  /** The decode worker's client (started on first use). */
  decoder(): RpcClient<DecodeApi>;
  /** Where text files go (the WAT editor). */
  textSink: TextFileSink | null;
  /** Opens files the user picked or dropped; failures become a notice. */
  openFiles(files: Iterable<File>): Promise<void>;
  /** Resets every area: closes modules, forgets captured ones. */
  clear(): void;
  /** Stops listening to the environment (theme) and closes the workers. */
  dispose(): void;
}

declare global {
  /** The panel's store, for debugging from the console and for end-to-end tests. */
  var wasmLayerPanel: PanelStore | undefined;
}

const SIDEBAR_KEY = 'wasm-layer.sidebar-open';

/** Creates the store for `env`. */
export function createPanelStore(env: PanelEnvironment): PanelStore {
  let decoderClient: RpcClient<DecodeApi> | null = null;
  const decoder = (): RpcClient<DecodeApi> => (decoderClient ??= env.createDecoder());
  let assemblerClient: RpcClient<AssembleApi> | null = null;
  const assembler = (): RpcClient<AssembleApi> => (assemblerClient ??= env.createAssembler());

  const theme = signal<ThemeName>(env.theme());
  const stopTheme = env.onThemeChange((next) => (theme.value = next));
  const sidebarOpen = signal(env.storage.get(SIDEBAR_KEY) !== 'false');
  const stopSidebarSave = effect(() => env.storage.set(SIDEBAR_KEY, String(sidebarOpen.value)));

  const capture = env.kind === 'extension' ? createCaptureState() : null;
  const documents = createDocumentsState(decoder);
  const notice = signal<Notice | null>(null);
  const sandbox = createSandboxState({
    createWorker: () => env.createSandbox(),
    decoder,
    storage: env.storage,
    document: (docId) => documents.list.peek().find((doc) => doc.id === docId),
  });
  const editor = createEditorState({ assembler, documents, storage: env.storage });

  const store: PanelStore = {
    env,
    ui: { theme, sidebarOpen, notice },
    capture,
    documents,
    sandbox,
    editor,
    decoder,
    textSink: editor,
    async openFiles(files) {
      try {
        notice.value = null;
        await openFiles(files, documents, store.textSink);
      } catch (error) {
        notice.value = {
          kind: 'error',
          text: error instanceof Error ? error.message : String(error),
        };
      }
    },
    clear() {
      documents.clear();
      capture?.clear();
    },
    dispose() {
      stopTheme();
      stopSidebarSave();
      sandbox.dispose();
      editor.dispose();
      documents.clear();
      decoderClient?.close();
      assemblerClient?.close();
    },
  };
  return store;
}

/**
 * The WAT editor's state: the text (kept in the panel's own storage, so it survives a reload),
 * where it came from (a file, a gallery example), and what the assemble worker last said about
 * it. Typing assembles after a pause; every success updates the one module the editor keeps
 * open in the explorer (origin `editor`), and an explicit assemble or "open in explorer" opens
 * it. Results for text that changed meanwhile are dropped, so diagnostics always match the text.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { AssembleApi, WatDiagnostic } from '../../../protocol/assemble/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import type { DocumentsState, ModuleDocument } from '../documents/index.ts';
import type { KeyValueStorage } from '../environment.ts';
import type { TextFileSink } from '../files/open-files.ts';

/** What the editor's status line says. */
export type AssembleStatus =
  | { kind: 'idle' }
  | { kind: 'assembling' }
  | { kind: 'assembled'; size: number; elapsedMs: number }
  | { kind: 'failed'; errors: number; warnings: number }
  /** The assemble worker itself failed (crashed, or could not start). */
  | { kind: 'unavailable'; message: string };

/** Where the editor's text came from. */
export interface EditorSource {
  /** The name shown in the toolbar and given to the module (`factorial.wat`). */
  fileName: string;
  /** The gallery example it was loaded from, if it was (kept after edits). */
  exampleId: string | null;
}

/**
 * What to do with the module after a successful assemble: `sync` replaces it only if it is
 * already open; `open` opens it in a tab and leaves the main area as it is; `show` opens it
 * and shows it.
 */
export type AssembleIntent = 'sync' | 'open' | 'show';

/** The editor area of the store. */
export interface EditorState extends TextFileSink {
  readonly text: ReadonlySignal<string>;
  readonly source: ReadonlySignal<EditorSource>;
  /** The last assemble's problems, for the text as it is now (empty when it assembled). */
  readonly diagnostics: ReadonlySignal<WatDiagnostic[]>;
  readonly status: ReadonlySignal<AssembleStatus>;
  /**
   * Counts replacements of the whole text from outside the editor (a file, an example, a
   * reload), so the editor view knows to reset its document instead of diffing keystrokes.
   */
  readonly loads: ReadonlySignal<number>;
  /** The text as the user typed it: saved, and assembled after a pause. */
  edit(text: string): void;
  /** Replaces the text (a file or an example) and assembles it at once. */
  load(text: string, source: EditorSource, intent?: AssembleIntent): Promise<void>;
  /** Assembles now (Ctrl+Enter). Resolves true when the text assembled. */
  assemble(intent?: AssembleIntent): Promise<boolean>;
  /** Assembles if needed and shows the module in the explorer. Resolves true when it could. */
  openInExplorer(): Promise<boolean>;
  /** Checks the text once, if it was never assembled (the editor view calls it when shown). */
  checkOnce(): void;
  /** The module this editor keeps open in the explorer, if any. */
  module(): ModuleDocument | null;
  /** Cancels the pending assemble and save. */
  dispose(): void;
}

/** Options of {@link createEditorState}. */
export interface EditorStateOptions {
  /** The assemble worker's client (started on first use). */
  assembler: () => RpcClient<AssembleApi>;
  documents: DocumentsState;
  storage: KeyValueStorage;
  /** Pause after the last keystroke before assembling (ms). */
  assembleDelayMs?: number;
  /** Pause after the last keystroke before saving (ms). */
  saveDelayMs?: number;
}

/** Storage key of the editor's text and source. */
export const EDITOR_STORAGE_KEY = 'wasm-layer.editor';
/** Texts longer than this are not saved (`localStorage` holds about 5 MB per origin). */
export const MAX_SAVED_CHARS = 2_000_000;

/** What a new user sees in the editor. */
export const STARTER_TEXT = `;; Write WebAssembly text here: it is checked as you type.
;; Ctrl+Enter assembles it and opens the module in a tab; the gallery has examples.
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b))))
`;

const STARTER_SOURCE: EditorSource = { fileName: 'untitled.wat', exampleId: null };

interface SavedEditor {
  text: string;
  fileName: string;
  exampleId: string | null;
}

function readSaved(storage: KeyValueStorage): SavedEditor | null {
  try {
    const value: unknown = JSON.parse(storage.get(EDITOR_STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const saved = value as Record<string, unknown>;
    if (typeof saved.text !== 'string' || typeof saved.fileName !== 'string') return null;
    return {
      text: saved.text,
      fileName: saved.fileName,
      exampleId: typeof saved.exampleId === 'string' ? saved.exampleId : null,
    };
  } catch {
    return null; // A damaged entry: start over rather than fail the panel.
  }
}

/** The module's tab title for the editor file `fileName` (`fac.wat` → `fac.wasm`). */
export function moduleTitle(fileName: string): string {
  const base = fileName.replace(/\.(wat|wast|txt)$/i, '');
  return `${base || 'untitled'}.wasm`;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Creates the editor area, restoring the text saved by an earlier panel. */
export function createEditorState(options: EditorStateOptions): EditorState {
  const { documents, storage } = options;
  const assembleDelay = options.assembleDelayMs ?? 400;
  const saveDelay = options.saveDelayMs ?? 300;
  const saved = readSaved(storage);
  const text = signal(saved?.text ?? STARTER_TEXT);
  const source = signal<EditorSource>(
    saved ? { fileName: saved.fileName, exampleId: saved.exampleId } : STARTER_SOURCE,
  );
  const diagnostics = signal<WatDiagnostic[]>([]);
  const status = signal<AssembleStatus>({ kind: 'idle' });
  const loads = signal(0);

  /** Bumped on every change of the text; a result for an older revision is dropped. */
  let revision = 0;
  /** The revision the current diagnostics and status describe (-1: none yet). */
  let checkedRevision = -1;
  /** The bytes the editor's module was last opened with (to skip reopening the same module). */
  let openedBytes: Uint8Array | null = null;
  let assembleTimer: ReturnType<typeof setTimeout> | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let everRun = false;

  const save = (): void => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const current = text.peek();
    if (current.length > MAX_SAVED_CHARS) return;
    const { fileName, exampleId } = source.peek();
    storage.set(EDITOR_STORAGE_KEY, JSON.stringify({ text: current, fileName, exampleId }));
  };

  const editorModule = (): ModuleDocument | null =>
    documents.list.peek().find((doc) => doc.origin.kind === 'editor') ?? null;

  /** Opens (or replaces) the editor's module, keeping what the main area shows unless `show`. */
  const openModule = (bytes: Uint8Array, intent: AssembleIntent): void => {
    const existing = editorModule();
    if (existing && sameBytes(openedBytes, bytes)) {
      if (intent === 'show') documents.show({ kind: 'module', id: existing.id });
      return;
    }
    if (intent === 'sync' && !existing) return;
    const before = documents.surface.peek();
    batch(() => {
      openedBytes = bytes.slice();
      const buffer = bytes.slice().buffer;
      const doc = documents.open(
        buffer,
        moduleTitle(source.peek().fileName),
        { kind: 'editor' },
        true,
      );
      if (existing) doc.tab.value = existing.tab.peek();
      const wasShowingOld = before.kind === 'module' && before.id === existing?.id;
      if (intent !== 'show' && !wasShowingOld) documents.show(before);
    });
  };

  /** One assemble of the current text; false when it failed or went stale. */
  const runOnce = async (intent: AssembleIntent): Promise<boolean | 'stale'> => {
    const at = revision;
    const current = text.peek();
    status.value = { kind: 'assembling' };
    let result;
    try {
      result = await options
        .assembler()
        .call('assemble', { text: current, fileName: source.peek().fileName });
    } catch (error) {
      if (at !== revision) return 'stale';
      status.value = {
        kind: 'unavailable',
        message: error instanceof Error ? error.message : String(error),
      };
      return false;
    }
    if (at !== revision) return 'stale';
    checkedRevision = at;
    if (!result.ok) {
      const found = result.diagnostics;
      batch(() => {
        diagnostics.value = found;
        status.value = {
          kind: 'failed',
          errors: found.filter((d) => d.severity === 'error').length,
          warnings: found.filter((d) => d.severity === 'warning').length,
        };
      });
      return false;
    }
    const bytes = new Uint8Array(result.bytes);
    batch(() => {
      diagnostics.value = [];
      status.value = { kind: 'assembled', size: bytes.length, elapsedMs: result.elapsedMs };
    });
    openModule(bytes, intent);
    return true;
  };

  /** Assembles the current text, one call at a time; an explicit intent survives new edits. */
  const run = (intent: AssembleIntent): Promise<boolean> => {
    everRun = true;
    clearTimeout(assembleTimer);
    assembleTimer = undefined;
    const next = running.then(async () => {
      for (;;) {
        const outcome = await runOnce(intent);
        if (outcome !== 'stale') return outcome;
        // A debounced check of stale text is replaced by the next edit's own check.
        if (intent === 'sync') return false;
      }
    });
    running = next.catch(() => undefined);
    return next;
  };

  const replaceText = (next: string, nextSource: EditorSource): void => {
    revision++;
    batch(() => {
      text.value = next;
      source.value = nextSource;
      diagnostics.value = [];
      status.value = { kind: 'idle' };
      loads.value++;
    });
    save();
  };

  const editor: EditorState = {
    text,
    source,
    diagnostics,
    status,
    loads,
    edit(next) {
      if (next === text.peek()) return;
      revision++;
      text.value = next;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(save, saveDelay);
      clearTimeout(assembleTimer);
      assembleTimer = setTimeout(() => void run('sync'), assembleDelay);
    },
    async load(next, nextSource, intent = 'open') {
      replaceText(next, nextSource);
      await run(intent);
    },
    openText(next, fileName) {
      documents.show({ kind: 'editor' });
      void editor.load(next, { fileName, exampleId: null }, 'open');
    },
    assemble: (intent = 'open') => run(intent),
    async openInExplorer() {
      const existing = editorModule();
      if (existing && checkedRevision === revision && status.peek().kind === 'assembled') {
        documents.show({ kind: 'module', id: existing.id });
        return true;
      }
      return run('show');
    },
    checkOnce() {
      if (!everRun && assembleTimer === undefined) void run('sync');
    },
    module: editorModule,
    dispose() {
      clearTimeout(assembleTimer);
      if (saveTimer !== undefined) save();
    },
  };
  return editor;
}

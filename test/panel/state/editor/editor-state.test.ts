import { afterEach, describe, expect, it } from 'vitest';
import {
  assembleApiValidators,
  assembleResultValidators,
  type AssembleApi,
} from '../../../../src/protocol/assemble/index.ts';
import { decodeApiValidators, type DecodeApi } from '../../../../src/protocol/decode/index.ts';
import {
  RpcClient,
  RpcError,
  serveRpc,
  type MessageEndpoint,
  type ServiceSpec,
} from '../../../../src/protocol/rpc/index.ts';
import { createAssembleHandlers } from '../../../../src/panel/workers/assemble/assemble-service.ts';
import { createDecodeHandlers } from '../../../../src/panel/workers/decode/decode-service.ts';
import {
  EDITOR_STORAGE_KEY,
  STARTER_TEXT,
  createDocumentsState,
  createEditorState,
  memoryStorage,
  moduleTitle,
  type DocumentsState,
  type EditorState,
  type KeyValueStorage,
} from '../../../../src/panel/state/index.ts';

const ADD = `(module
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))`;
const BROKEN = `(module
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (f32.const 1))))`;

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function served<S extends ServiceSpec<S>>(serve: (port: MessageEndpoint) => void): RpcClient<S> {
  const channel = new MessageChannel();
  serve(channel.port1 as unknown as MessageEndpoint);
  channel.port1.start();
  channel.port2.start();
  ports.push(channel.port1, channel.port2);
  return new RpcClient<S>(channel.port2 as unknown as MessageEndpoint);
}

interface Setup {
  editor: EditorState;
  documents: DocumentsState;
  storage: KeyValueStorage;
  calls: string[];
}

function setup(
  storage: KeyValueStorage = memoryStorage(),
  assembler?: RpcClient<AssembleApi>,
  gate: () => Promise<void> = async () => undefined,
): Setup {
  const decoder = served<DecodeApi>((port) =>
    serveRpc<DecodeApi>(port, createDecodeHandlers(), decodeApiValidators),
  );
  const calls: string[] = [];
  const real =
    assembler ??
    (() => {
      const channel = new MessageChannel();
      const handlers = createAssembleHandlers();
      serveRpc<AssembleApi>(
        channel.port1 as unknown as MessageEndpoint,
        {
          assemble: async (params, call) => {
            calls.push(params.text);
            await gate();
            return handlers.assemble(params, call);
          },
        },
        assembleApiValidators,
      );
      channel.port1.start();
      channel.port2.start();
      ports.push(channel.port1, channel.port2);
      return new RpcClient<AssembleApi>(
        channel.port2 as unknown as MessageEndpoint,
        assembleResultValidators,
      );
    })();
  const documents = createDocumentsState(() => decoder);
  const editor = createEditorState({
    assembler: () => real,
    documents,
    storage,
    assembleDelayMs: 20,
    saveDelayMs: 10,
  });
  return { editor, documents, storage, calls };
}

function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the editor state', () => {
  it('starts with a starter module, or the text an earlier panel saved', () => {
    expect(setup().editor.text.value).toBe(STARTER_TEXT);
    const storage = memoryStorage({
      [EDITOR_STORAGE_KEY]: JSON.stringify({ text: ADD, fileName: 'mine.wat', exampleId: 'add' }),
    });
    const { editor } = setup(storage);
    expect(editor.text.value).toBe(ADD);
    expect(editor.source.value).toEqual({ fileName: 'mine.wat', exampleId: 'add' });
  });

  it('ignores a damaged saved entry instead of failing', () => {
    const { editor } = setup(memoryStorage({ [EDITOR_STORAGE_KEY]: '{"text": 3' }));
    expect(editor.text.value).toBe(STARTER_TEXT);
  });

  it('saves typed text after a pause, so a reloaded panel gets it back', async () => {
    const storage = memoryStorage();
    const first = setup(storage).editor;
    first.edit(ADD);
    await until(() => storage.get(EDITOR_STORAGE_KEY) !== null, 'the save');
    const reloaded = setup(storage).editor;
    expect(reloaded.text.value).toBe(ADD);
  });

  it('checks typed text after a pause and places the errors', async () => {
    const { editor, documents } = setup();
    editor.edit(BROKEN);
    expect(editor.diagnostics.value).toEqual([]);
    await until(() => editor.status.value.kind === 'failed', 'the failed check');
    expect(editor.status.value).toEqual({ kind: 'failed', errors: 1, warnings: 0 });
    expect(editor.diagnostics.value[0]).toMatchObject({ line: 3, column: 6, stage: 'validate' });
    // A check while typing opens nothing.
    expect(documents.list.value).toHaveLength(0);
  });

  it('assembles only the last text of a burst of typing', async () => {
    const { editor, calls } = setup();
    editor.edit(BROKEN);
    editor.edit(BROKEN + ' ');
    editor.edit(ADD);
    await until(() => editor.status.value.kind === 'assembled', 'the check');
    await sleep(50);
    expect(calls).toEqual([ADD]);
    expect(editor.diagnostics.value).toEqual([]);
  });

  it('drops a result for text that changed while it was assembled', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const { editor, calls } = setup(memoryStorage(), undefined, () =>
      first ? ((first = false), held) : Promise.resolve(),
    );
    const pending = editor.assemble('sync');
    await until(() => calls.length === 1, 'the first call to reach the worker');
    editor.edit(BROKEN); // arrives while the first call runs
    release();
    await pending;
    expect(calls[0]).toBe(STARTER_TEXT);
    expect(editor.status.value.kind).not.toBe('assembled');
    await until(() => editor.status.value.kind === 'failed', 'the second check');
    expect(editor.diagnostics.value).toHaveLength(1);
  });

  it('opens the assembled module in a tab and leaves the editor showing', async () => {
    const { editor, documents } = setup();
    documents.show({ kind: 'editor' });
    await editor.load(ADD, { fileName: 'add.wat', exampleId: 'add' });
    expect(documents.surface.value).toEqual({ kind: 'editor' });
    const [doc] = documents.list.value;
    expect(doc.origin).toEqual({ kind: 'editor' });
    expect(doc.title).toBe('add.wasm');
    await until(() => doc.phase.value === 'open', 'the decoded module');
    expect(doc.overview.value?.counts?.exports).toBe(1);
    expect(editor.module()).toBe(doc);
  });

  it('keeps one editor module: a new text replaces it, in place and on the same tab', async () => {
    const { editor, documents } = setup();
    await editor.load(ADD, { fileName: 'add.wat', exampleId: null });
    const first = documents.list.value[0];
    first.tab.value = 'functions';
    await editor.load(ADD.replace('"add"', '"plus"'), { fileName: 'plus.wat', exampleId: null });
    expect(documents.list.value).toHaveLength(1);
    const second = documents.list.value[0];
    expect(second).not.toBe(first);
    expect(second.title).toBe('plus.wasm');
    expect(second.tab.value).toBe('functions');
    expect(first.abort.signal.aborted).toBe(true);
  });

  it('updates the open module as the user types, but not for edits that change no byte', async () => {
    const { editor, documents } = setup();
    await editor.load(ADD, { fileName: 'add.wat', exampleId: null });
    const first = documents.list.value[0];
    editor.edit(ADD + '\n;; a comment changes no byte');
    await until(() => editor.status.value.kind === 'assembled', 'the check');
    await sleep(30);
    expect(documents.list.value[0]).toBe(first);
    editor.edit(ADD.replace('"add"', '"sum"'));
    await until(() => documents.list.value[0] !== first, 'the replaced module');
    const replaced = documents.list.value[0];
    await until(() => replaced.phase.value === 'open', 'the decoded module');
    expect(replaced.overview.value?.counts?.exports).toBe(1);
  });

  it('shows the module on "open in explorer", assembling first when needed', async () => {
    const { editor, documents } = setup();
    documents.show({ kind: 'editor' });
    editor.edit(ADD);
    expect(await editor.openInExplorer()).toBe(true);
    const doc = editor.module();
    expect(documents.surface.value).toEqual({ kind: 'module', id: doc?.id });
    documents.show({ kind: 'editor' });
    expect(await editor.openInExplorer()).toBe(true);
    expect(documents.surface.value).toEqual({ kind: 'module', id: doc?.id });
  });

  it('does not open a module for text that fails, and says so', async () => {
    const { editor, documents } = setup();
    expect(await editor.openInExplorer()).toBe(true); // the starter assembles
    documents.clear();
    editor.edit(BROKEN);
    expect(await editor.openInExplorer()).toBe(false);
    expect(documents.list.value).toHaveLength(0);
    expect(editor.status.value.kind).toBe('failed');
  });

  it('takes text files: the editor shows them and their module opens', async () => {
    const { editor, documents } = setup();
    editor.openText(ADD, 'dropped.wat');
    expect(documents.surface.value).toEqual({ kind: 'editor' });
    expect(editor.text.value).toBe(ADD);
    expect(editor.loads.value).toBe(1);
    await until(() => documents.list.value.length === 1, 'the module');
    expect(documents.list.value[0].title).toBe('dropped.wasm');
    expect(editor.source.value).toEqual({ fileName: 'dropped.wat', exampleId: null });
  });

  it('says when the assembler itself is gone', async () => {
    const dead = served<AssembleApi>(() => undefined);
    dead.close(
      new RpcError({
        name: 'WorkerError',
        code: 'crashed',
        message: 'the assemble worker stopped',
      }),
    );
    const { editor } = setup(memoryStorage(), dead);
    expect(await editor.assemble()).toBe(false);
    expect(editor.status.value).toEqual({
      kind: 'unavailable',
      message: 'the assemble worker stopped',
    });
  });

  it('names the module after the file', () => {
    expect(moduleTitle('fac.wat')).toBe('fac.wasm');
    expect(moduleTitle('spec.WAST')).toBe('spec.wasm');
    expect(moduleTitle('.wat')).toBe('untitled.wasm');
  });
});

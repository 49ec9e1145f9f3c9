/**
 * The code view's, size profile's and downloads' state, in plain Node with the real decode
 * service in-thread: going to targets records history, back and forward retrace it, the index
 * build can be cancelled and started again, and files get sensible names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  codeIndexOf,
  codeViewOf,
  downloadName,
  reveal,
  sizeViewOf,
  navigationOf,
  type ModuleDocument,
  type PanelStore,
} from '../../../../src/panel/state/index.ts';
import { generateModule, scaledModule } from '../../../../bench/generate.ts';
import { watToWasm } from '../../../support/wat.ts';
import { createTestStore } from '../../support/panel-harness.tsx';

let store: PanelStore | null = null;
afterEach(() => {
  store?.dispose();
  store = null;
});

async function open(bytes: Uint8Array): Promise<ModuleDocument> {
  store = createTestStore();
  const doc = store.documents.open(bytes.slice().buffer, 'm.wasm', {
    kind: 'file',
    fileName: 'm.wasm',
  });
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (doc.phase.value === 'open') resolve();
      else if (doc.phase.value === 'failed') reject(new Error(doc.failure.value ?? 'failed'));
      else setTimeout(check, 5);
    };
    check();
  });
  return doc;
}

const MODULE = `(module
  (global $g (mut i32) (i32.const 0))
  (func $a (result i32) (global.get $g))
  (func $b (result i32) (call $a))
  (func $c (result i32) (call $b)))`;

describe('the code view’s state', () => {
  it('records where it was on each go-to, and goes back and forward through it', async () => {
    const doc = await open(await watToWasm(MODULE));
    const code = codeViewOf(doc, store!.decoder);
    await code.goTo({ kind: 'func', index: 2 });
    const atC = code.selected.value;
    expect(code.canGoBack.value).toBe(true);
    await code.follow({ kind: 'func', index: 1 });
    const atB = code.selected.value;
    await code.follow({ kind: 'global', index: 0 });
    const atG = code.selected.value;
    expect(new Set([atC, atB, atG]).size).toBe(3);
    code.back();
    expect(code.selected.value).toBe(atB);
    code.back();
    expect(code.selected.value).toBe(atC);
    expect(code.canGoForward.value).toBe(true);
    code.forward();
    expect(code.selected.value).toBe(atB);
    // a new go-to drops what was ahead
    await code.goTo({ kind: 'func', index: 0 });
    expect(code.canGoForward.value).toBe(false);
    // a byte offset selects without recording
    const before = code.canGoBack.value;
    await code.goTo({ kind: 'offset', offset: 0 }, { record: false });
    expect(code.selected.value).toBe(0);
    expect(code.canGoBack.value).toBe(before);
  });

  it('says so when a target is not in the module', async () => {
    const doc = await open(await watToWasm(MODULE));
    const code = codeViewOf(doc, store!.decoder);
    expect(await code.goTo({ kind: 'func', index: 40 })).toBe(false);
    expect(code.notice.value).toMatch(/not in this module/);
  });

  it('takes what other views reveal: a function, an offset, a definition', async () => {
    const doc = await open(await watToWasm(MODULE));
    reveal(doc, {
      kind: 'code',
      target: { kind: 'definition', entity: { kind: 'global', index: 0 } },
    });
    expect(doc.tab.value).toBe('code');
    expect(navigationOf(doc).pending.value).toMatchObject({ kind: 'code' });
    const code = codeViewOf(doc, store!.decoder);
    expect(await code.reveal({ kind: 'func', index: 1 })).toBe(true);
    expect(await code.reveal({ kind: 'data', index: 0 })).toBe(false);
  });

  it('cancels an index build, and builds it when asked again', async () => {
    const doc = await open(generateModule(scaledModule(0.02)));
    const index = codeIndexOf(doc, store!.decoder);
    const first = index.ensure();
    index.cancel();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(index.status.value).toBe('cancelled');
    const summary = await index.ensure();
    expect(summary.functions).toBe(5201);
    expect(index.status.value).toBe('ready');
    // the Size tab shares it
    expect(sizeViewOf(doc, store!.decoder).index).toBe(index);
  });
});

describe('download names', () => {
  it('come from the module’s title', () => {
    expect(downloadName('app.wasm', 'wat')).toBe('app.wat');
    expect(downloadName('https://example.com/pkg/app_bg.wasm?v=2', 'wasm')).toBe('app_bg.wasm');
    expect(downloadName('Hello (WASI)', 'wat')).toBe('Hello_WASI_.wat');
    expect(downloadName('', 'wasm')).toBe('module.wasm');
  });
});

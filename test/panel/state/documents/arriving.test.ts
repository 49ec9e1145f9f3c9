import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ArrivalEvent, ArrivingModule } from '../../../../src/panel/state/documents/index.ts';
import type { ModuleDocument, PanelStore } from '../../../../src/panel/state/index.ts';
import { sha256Hex } from '../../../../src/protocol/index.ts';
import { decodeModule, definedFunctions } from '../../../../src/wasm/index.ts';
import { payloadsModule, skeletonOf } from '../../../support/skeleton-fixture.ts';
import { createTestStore } from '../../support/panel-harness.tsx';

/** A source the test drives by hand. */
class HandSource implements ArrivingModule {
  readonly listeners = new Set<(event: ArrivalEvent) => void>();
  constructor(readonly sha256: string) {}
  watch(listener: (event: ArrivalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  send(event: ArrivalEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let bytes: Uint8Array;
let skeleton: Uint8Array;
let hash: string;
let store: PanelStore | null = null;

beforeAll(async () => {
  bytes = await payloadsModule();
  skeleton = skeletonOf(bytes) as Uint8Array;
  hash = await sha256Hex(bytes);
});

afterEach(() => {
  store?.dispose();
  store = null;
});

function openArriving(): { doc: ModuleDocument; source: HandSource; store: PanelStore } {
  store = createTestStore({ kind: 'extension' });
  const source = new HandSource(hash);
  const origin = { kind: 'page', hash, url: 'http://x/app.wasm' } as const;
  const doc = store.documents.openArriving('app.wasm', origin, bytes.length, source);
  return { doc, source, store };
}

describe('a module document whose bytes are arriving', () => {
  it('shows the overview from the skeleton, lists its structure, and refuses its bytes', async () => {
    const { doc, source, store } = openArriving();
    expect(doc.phase.value).toBe('opening');
    expect(doc.arrival.value).toEqual({ state: 'arriving', received: 0, total: bytes.length });
    source.send({ kind: 'skeleton', skeleton });
    source.send({ kind: 'progress', received: 100, total: bytes.length });
    await until(() => doc.phase.value === 'open', 'the stand-in to open');
    expect(doc.arrival.value).toEqual({ state: 'arriving', received: 100, total: bytes.length });
    const overview = doc.overview.value!;
    const real = decodeModule(bytes);
    expect(overview.size).toBe(bytes.length);
    expect(overview.sha256).toBe(hash);
    expect(overview.counts?.exports).toBe(5);
    expect(overview.customSections.map((section) => section.name)).toEqual([
      'name',
      'producers',
      '.debug_info',
    ]);
    const docId = doc.docId.value!;
    const rows = await store.decoder().call('rows', {
      docId,
      list: 'functions',
      start: 0,
      count: 10,
      query: '',
    });
    expect(rows.total).toBe(real.importedFuncs + definedFunctions(real).length);
    await expect(
      store.decoder().call('bytes', { docId, offset: 0, length: 16 }),
    ).rejects.toMatchObject({ code: 'bytes-arriving' });
    await expect(store.decoder().call('features', { docId })).rejects.toMatchObject({
      code: 'bytes-arriving',
    });
  });

  it('is completed in place by the verified bytes, which every call may then read', async () => {
    const { doc, source, store } = openArriving();
    source.send({ kind: 'skeleton', skeleton });
    await until(() => doc.phase.value === 'open', 'the stand-in to open');
    const docId = doc.docId.value!;
    source.send({ kind: 'complete', bytes });
    await until(() => doc.arrival.value.state === 'complete', 'the bytes to be put in place');
    expect(doc.docId.value).toBe(docId);
    expect(source.listeners.size).toBe(0);
    const window = await store.decoder().call('bytes', { docId, offset: 0, length: bytes.length });
    expect(new Uint8Array(window)).toEqual(bytes);
  });

  it('opens straight from the bytes when they come before any skeleton', async () => {
    const { doc, source } = openArriving();
    source.send({ kind: 'complete', bytes });
    await until(() => doc.phase.value === 'open', 'the module to open');
    expect(doc.arrival.value).toEqual({ state: 'complete' });
    expect(doc.overview.value?.sha256).toBe(hash);
  });

  it('fails to open when the bytes fail before a skeleton came, and keeps the overview after', async () => {
    const early = openArriving();
    early.source.send({ kind: 'failed', message: 'the page stopped sending the module' });
    await until(() => early.doc.phase.value === 'failed', 'the document to fail');
    expect(early.doc.failure.value).toContain('stopped sending');
    early.store.dispose();

    const late = openArriving();
    late.source.send({ kind: 'skeleton', skeleton });
    await until(() => late.doc.phase.value === 'open', 'the stand-in to open');
    late.source.send({ kind: 'failed', message: 'hash mismatch' });
    await until(() => late.doc.arrival.value.state === 'failed', 'the arrival to fail');
    expect(late.doc.phase.value).toBe('open');
    expect(late.doc.overview.value?.counts?.exports).toBe(5);
  });

  it('waits for the bytes when the skeleton does not stand for a module of the announced size', async () => {
    const { doc, source } = openArriving();
    source.send({ kind: 'skeleton', skeleton: skeleton.subarray(0, 20) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(doc.phase.value).toBe('opening');
    source.send({ kind: 'complete', bytes });
    await until(() => doc.phase.value === 'open', 'the module to open');
    expect(doc.arrival.value.state).toBe('complete');
  });

  it('stops listening when it is closed', () => {
    const { doc, source, store } = openArriving();
    expect(source.listeners.size).toBe(1);
    store.documents.close(doc.id);
    expect(source.listeners.size).toBe(0);
  });
});

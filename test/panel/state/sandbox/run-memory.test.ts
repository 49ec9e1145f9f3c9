/**
 * The Run tab's Memory state over a sandbox on a real worker thread: while a long call runs
 * the worker cannot answer, so the view's reads are answered from the windows it pushes from
 * host calls, and the "changed by the last call" highlight spans the whole call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  callExport,
  instantiateDocument,
  runArea,
  runMemory,
  type PanelStore,
} from '../../../../src/panel/state/index.ts';
import { createTestStore } from '../../support/panel-harness.tsx';
import { fixtureBytes } from '../../support/sandbox-fixtures.ts';

let store: PanelStore | null = null;
afterEach(() => {
  store?.dispose();
  store = null;
});

async function until<T>(read: () => T | null | undefined | false, what: string, ms = 30_000) {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("the Run tab's Memory during a long call (a real worker thread)", () => {
  it('reads the memory again from the pushes while the call runs, and highlights all it changed', async () => {
    store = createTestStore({ sandbox: 'worker' });
    const sandbox = store.sandbox;
    const doc = store.documents.open(await fixtureBytes('memories'), 'memories.wasm', {
      kind: 'file',
      fileName: 'memories.wasm',
    });
    await until(() => doc.phase.value === 'open', 'the module to open');
    await instantiateDocument(doc, sandbox);
    const { list } = runMemory(doc, sandbox);
    const inspector = await until(() => list.selected.value, 'the memory');
    expect(inspector.source.label).toBe('memory');
    const detach = inspector.attach();
    inspector.setVisibleRows(0, 32);
    inspector.goToAddress(0x100);
    await until(() => inspector.cursorBytes.value, 'the bytes at 0x100');

    runArea(doc).args('count', ['i32']).value = ['4000000'];
    const running = callExport(doc, sandbox, 'count', ['i32']);
    await until(() => sandbox.status.value === 'busy', 'the call to run');
    const seen = new Set<string>();
    await until(() => {
      if (sandbox.status.value !== 'busy') throw new Error('the call ended before two pushes');
      const text = inspector.values.value.find((v) => v.type === 'u32')?.text;
      if (text && text !== '0') seen.add(text);
      return seen.size >= 2;
    }, 'two different counts read during the call');
    const readsDuring = inspector.reads.value;
    expect(sandbox.running.value?.hostCalls).toBeGreaterThan(0);

    const record = await running;
    expect(record?.outcome?.kind).toBe('returned');
    await until(
      () => inspector.values.value.find((v) => v.type === 'u32')?.text === '4000000',
      'the final count after the call',
    );
    expect(inspector.reads.value).toBeGreaterThan(readsDuring);
    // One call, several reads: the highlight is what the call kept writing (the word's top
    // byte stays 0 up to 4,000,000).
    expect(inspector.changed.value).toEqual([{ start: 0x100, end: 0x103 }]);
    detach();
  });
});

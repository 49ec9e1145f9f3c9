import { afterEach, describe, expect, it } from 'vitest';
import {
  instantiateDocument,
  type ModuleDocument,
  type PanelStore,
  LEAK_KINDS,
  bookkeepingText,
  hostFuncRows,
  hostFuncTimeline,
  leakRows,
  storeRows,
} from '../../../../src/panel/state/index.ts';
import { createTestStore } from '../../support/panel-harness.tsx';
import { fixtureBytes } from '../../support/sandbox-fixtures.ts';
import type { RegistrySnapshot } from '../../../../src/runtime/index.ts';

let store: PanelStore | null = null;
afterEach(() => {
  store?.dispose();
  store = null;
});

async function until<T>(read: () => T | null | undefined | false, what: string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function openImports(target: PanelStore): Promise<ModuleDocument> {
  const doc = target.documents.open(await fixtureBytes('imports'), 'imports.wasm', {
    kind: 'file',
    fileName: 'imports.wasm',
  });
  await until(() => doc.phase.value === 'open', 'the module to open');
  return doc;
}

/** Waits for a registry snapshot that satisfies `test`. */
function snapshotWhere(target: PanelStore, test: (s: RegistrySnapshot) => boolean, what: string) {
  return until(() => {
    const snapshot = target.sandbox.registry.value;
    return snapshot && test(snapshot) ? snapshot : null;
  }, what);
}

describe('the lifetimes of the sandbox, as the panel keeps them', () => {
  it('names the import each host function serves, and follows a dispose that kept the handles to each kind of misuse', async () => {
    store = createTestStore();
    const sandbox = store.sandbox;
    const doc = await openImports(store);
    const outcome = await instantiateDocument(doc, sandbox);
    if (outcome?.kind !== 'instantiated') throw new Error('not instantiated');
    const instance = outcome.instance;
    const storeId = instance.storeId;
    const log = instance.exports.find((e) => e.name === 'call_log')!;
    await sandbox.callHandle(log.handle, 'call_log()', [{ type: 'i32', value: 5 }]);
    let snapshot = await snapshotWhere(
      store,
      (s) => s.hostFuncs.some((f) => f.calls === 1),
      'a call',
    );
    const rows = hostFuncRows(snapshot, sandbox.lifetimes, storeId, sandbox.droppedHandles.value);
    expect(rows.map((r) => [r.importName, r.phase, r.calls, r.membersDropped])).toEqual([
      ['env.log', 'live', 1, 0],
      ['env.tick', 'live', 0, 0],
    ]);
    expect(rows[0].handle).toBe(instance.imports[0].handle);
    expect(rows[0].type).toBe('func(i32) -> i32');
    expect(
      storeRows(snapshot, sandbox.lifetimes, sandbox.stores.value, sandbox.instances.value),
    ).toEqual([
      expect.objectContaining({
        storeId,
        status: 'live',
        hostFuncs: 2,
        liveHostFuncs: 2,
        instances: 1,
        held: true,
        endedBy: null,
      }),
    ]);

    // Disposed with the handles kept: the panel can still call both, and each call is flagged.
    await sandbox.disposeStore(storeId, true);
    const guest = await sandbox.callHandle(log.handle, 'call_log()', [{ type: 'i32', value: 1 }]);
    expect(guest.kind === 'failed' && guest.failure.code).toBe('freed');
    const host = await sandbox.callHandle(instance.imports[0].handle, 'env.log()', [
      { type: 'i32', value: 1 },
    ]);
    expect(host.kind === 'failed' && host.failure.message).toMatch(/called after free/);
    snapshot = await snapshotWhere(store, (s) => s.leaks.length === 2, 'two leaks');
    const leaks = leakRows(snapshot, sandbox.lifetimes);
    expect(leaks.map((l) => [l.seq, l.kind, l.storeId])).toEqual([
      [0, 'used-after-dispose', storeId],
      [1, 'host-call-after-free', storeId],
    ]);
    for (const leak of leaks) {
      expect(leak.at).toBeGreaterThan(0);
      expect(LEAK_KINDS[leak.kind].fix).toMatch(/\w/);
    }
    const [logRow] = hostFuncRows(
      snapshot,
      sandbox.lifetimes,
      storeId,
      sandbox.droppedHandles.value,
    );
    expect(logRow).toMatchObject({
      phase: 'released',
      releasedBy: 'store',
      callsAfterFree: 1,
      membersDropped: 1,
    });
    expect(bookkeepingText(logRow.membersDropped)).toMatch(/^1 of 2 members dropped/);
    const storeRow = storeRows(snapshot, sandbox.lifetimes, sandbox.stores.value, [])[0];
    expect(storeRow).toMatchObject({ status: 'disposed', endedBy: 'dispose' });
    const timeline = hostFuncTimeline(logRow, sandbox.lifetimes, storeRow.endedAt);
    expect(timeline.map((p) => p.kind)).toEqual(['created', 'call', 'released', 'after-free']);
    expect(timeline[0].text).toBe(`created in store #${storeId} for env.log`);
    for (let i = 1; i < timeline.length; i++)
      expect(timeline[i].at).toBeGreaterThanOrEqual(timeline[i - 1].at);

    // Letting go of the store's handles: the callables are collected, nothing of them is left.
    await sandbox.forgetStore(storeId);
    expect(sandbox.droppedHandles.value.has(instance.imports[0].handle)).toBe(true);
    expect(sandbox.instances.value).toEqual([]);
    expect((await sandbox.collectGarbage()).forced).toBe(true);
    snapshot = await snapshotWhere(
      store,
      (s) => s.hostFuncs.every((f) => f.membersDropped === 2),
      'both members dropped',
    );
    const freed = hostFuncRows(snapshot, sandbox.lifetimes, storeId, sandbox.droppedHandles.value);
    expect(freed.map((r) => [r.phase, r.handle])).toEqual([
      ['freed', null],
      ['freed', null],
    ]);
    const after = hostFuncTimeline(freed[0], sandbox.lifetimes, storeRow.endedAt);
    expect(after.map((p) => p.kind)).toContain('callable-member');
  });

  it('a store the panel let go of without dispose() is collected and flagged; a new worker starts a new log', async () => {
    store = createTestStore();
    const sandbox = store.sandbox;
    const doc = await openImports(store);
    const outcome = await instantiateDocument(doc, sandbox);
    if (outcome?.kind !== 'instantiated') throw new Error('not instantiated');
    const storeId = outcome.instance.storeId;
    await sandbox.forgetStore(storeId);
    expect(sandbox.stores.value.find((s) => s.storeId === storeId)?.handles).toBe('dropped');
    await sandbox.collectGarbage();
    const snapshot = await snapshotWhere(store, (s) => s.leaks.length > 0, 'the leak');
    expect(leakRows(snapshot, sandbox.lifetimes).map((l) => l.kind)).toEqual([
      'store-not-disposed',
    ]);
    expect(storeRows(snapshot, sandbox.lifetimes, sandbox.stores.value, [])[0]).toMatchObject({
      status: 'collected',
      endedBy: 'gc',
      held: false,
    });
    expect(sandbox.lifetimes.store(storeId)?.disposedBy).toBe('gc');
    await sandbox.restart();
    expect(sandbox.registry.value).toBeNull();
    expect(sandbox.lifetimes.store(storeId)).toBeUndefined();
  });

  it('dropping an instance counts its handles as dropped; the collector releases its host functions', async () => {
    store = createTestStore();
    const sandbox = store.sandbox;
    const doc = await openImports(store);
    const outcome = await instantiateDocument(doc, sandbox);
    if (outcome?.kind !== 'instantiated') throw new Error('not instantiated');
    const { instanceId, storeId, imports } = outcome.instance;
    await sandbox.dropInstance(instanceId);
    expect(sandbox.instances.value).toEqual([]);
    expect(sandbox.droppedHandles.value.has(imports[0].handle)).toBe(true);
    await sandbox.collectGarbage();
    const snapshot = await snapshotWhere(
      store,
      (s) => s.hostFuncs.every((f) => f.releasedBy === 'gc'),
      'the collector to release them',
    );
    const rows = hostFuncRows(snapshot, sandbox.lifetimes, storeId, sandbox.droppedHandles.value);
    expect(rows.map((r) => [r.phase, r.releasedBy, r.handle, r.membersDropped])).toEqual([
      ['released', 'gc', null, 1],
      ['released', 'gc', null, 1],
    ]);
    const timeline = hostFuncTimeline(rows[0], sandbox.lifetimes, null);
    expect(timeline.map((p) => p.kind)).toEqual(['created', 'released']);
    expect(timeline[1].text).toMatch(/by the collector/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  Engine,
  Func,
  FuncType,
  Global,
  Imports,
  Instance,
  Memory,
  Store,
  Table,
  Val,
  type LifetimeEvent,
} from '../../src/runtime/index.ts';
import { ADD_ONE_WAT, collectGarbage, compileWat, layerError } from './helpers.ts';

const VOID = new FuncType([], []);

function storesWithHostFuncs(engine: Engine, count: number): void {
  for (let i = 0; i < count; i++) {
    const store = new Store(engine, i);
    Func.new(store, VOID, () => {});
    Func.new(store, new FuncType(['i32'], ['i32']), (_c, [x]) => [x]);
    store.dispose();
  }
}

function forgetStore(engine: Engine): void {
  const store = new Store(engine, 'forgotten');
  Func.new(store, VOID, () => {});
}

describe('lifetime registry and leaks', () => {
  it('10,000 stores with host functions, created and disposed, leave no live host funcs and no leaks', async () => {
    const engine = new Engine();
    storesWithHostFuncs(engine, 10_000);
    await collectGarbage();
    const snap = engine.registry.snapshot();
    expect(snap.totals.stores).toBe(10_000);
    expect(snap.totals.storesDisposed).toBe(10_000);
    expect(snap.totals.hostFuncs).toBe(20_000);
    expect(snap.totals.hostFuncsLive).toBe(0);
    expect(snap.hostFuncs.filter((f) => f.state === 'live')).toEqual([]);
    expect(snap.leaks).toEqual([]);
  });

  it('forgetting dispose() on one store produces exactly one leak record, with its creation stack', async () => {
    const engine = new Engine();
    forgetStore(engine);
    await collectGarbage();
    const { leaks, stores, hostFuncs } = engine.registry.snapshot();
    expect(leaks).toHaveLength(1);
    expect(leaks[0].kind).toBe('store-not-disposed');
    expect(leaks[0].stack).toContain('forgetStore');
    expect(stores[0]).toMatchObject({ disposed: true, collected: true });
    expect(hostFuncs[0]).toMatchObject({ state: 'freed', releasedBy: 'store' });
  });

  it('a host callable that becomes unreachable releases its closure while the store lives', async () => {
    const engine = new Engine();
    const store = new Store(engine, 0);
    let closureCollected = false;
    const registry = new FinalizationRegistry(() => {
      closureCollected = true;
    });
    ((): void => {
      const closure = (): void => {};
      registry.register(closure, 'closure');
      Func.new(store, VOID, closure);
    })();
    await collectGarbage();
    const [record] = engine.registry.snapshot().hostFuncs;
    expect(record).toMatchObject({ state: 'released', releasedBy: 'gc' });
    expect(closureCollected).toBe(true);
    expect(engine.registry.snapshot().stores[0].hostFuncs).toBe(1);
    store.dispose();
  });

  it('counts the wobbly members dropped: the callable first, then the store', async () => {
    const engine = new Engine();
    const store = new Store(engine, 0);
    const events: LifetimeEvent[] = [];
    const stop = engine.registry.subscribe((e) => events.push(e));
    ((): void => {
      Func.new(store, VOID, () => {});
    })();
    expect(engine.registry.snapshot().hostFuncs[0].membersDropped).toBe(0);
    await collectGarbage();
    // The callable's member went; the store still holds its member's bookkeeping.
    expect(engine.registry.snapshot().hostFuncs[0]).toMatchObject({
      state: 'released',
      releasedBy: 'gc',
      membersDropped: 1,
    });
    store.dispose();
    expect(engine.registry.snapshot().hostFuncs[0]).toMatchObject({
      state: 'released',
      membersDropped: 2,
    });
    stop();
    expect(events.map((e) => e.kind)).toEqual([
      'host-func-created',
      'host-func-released',
      'host-func-collected',
      'store-disposed',
    ]);
  });

  it('counts the wobbly members dropped: the store first, then the callable once collected', async () => {
    const engine = new Engine();
    const store = new Store(engine, 0);
    // A property, not a variable: clearing it is how the test lets go of the Func.
    const kept: { func: Func | null } = { func: Func.new(store, VOID, () => {}) };
    store.dispose();
    expect(engine.registry.snapshot().hostFuncs[0]).toMatchObject({
      state: 'freed',
      releasedBy: 'store',
      membersDropped: 1,
    });
    await collectGarbage();
    // Still held: the callable keeps its member (and the group's bookkeeping) alive.
    expect(engine.registry.snapshot().hostFuncs[0].membersDropped).toBe(1);
    expect(kept.func?.isHost).toBe(true);
    kept.func = null;
    const events: LifetimeEvent[] = [];
    const stop = engine.registry.subscribe((e) => events.push(e));
    await collectGarbage();
    stop();
    expect(engine.registry.snapshot().hostFuncs[0]).toMatchObject({
      state: 'freed',
      membersDropped: 2,
    });
    expect(events).toContainEqual({
      kind: 'host-func-collected',
      funcId: engine.registry.snapshot().hostFuncs[0].id,
      storeId: store.id,
    });
  });

  it('disposing the store frees a closure at once, and the closure never keeps the store alive', async () => {
    const engine = new Engine();
    const module = await compileWat(
      engine,
      '(module (import "h" "f" (func)) (func (export "run") call 0))',
    );
    const keepInstance = ((): Instance => {
      const store = new Store(engine, { big: new Uint8Array(1024) });
      const imports = new Imports();
      // The closure captures only what it needs; the store is reachable from the instance only
      // through the layer's internal state, which must not hold the Store.
      imports.define(
        'h',
        'f',
        Func.new(store, VOID, () => {}),
      );
      return Instance.new(store, module, imports);
    })();
    await collectGarbage();
    const { leaks } = engine.registry.snapshot();
    expect(leaks.map((l) => l.kind)).toEqual(['store-not-disposed']);
    expect(keepInstance.id).toBeGreaterThan(0);
  });

  it('flags use after dispose, host calls after free, and objects still reachable after a collection', async () => {
    const engine = new Engine();
    const store = new Store(engine, 0);
    const global = Global.new(store, Val.i32(1), true);
    const host = Func.new(store, VOID, () => {});
    store.dispose();
    layerError(() => global.get(store), 'freed');
    layerError(() => global.get(store), 'freed');
    layerError(() => host.call(store, []), 'freed');
    await collectGarbage();
    const kinds = engine.registry
      .snapshot()
      .leaks.map((l) => `${l.kind}: ${l.object.split(' ')[0]}`);
    expect(kinds).toContain('used-after-dispose: Global');
    expect(kinds).toContain('host-call-after-free: host');
    expect(kinds.filter((k) => k.startsWith('reachable-after-dispose'))).toHaveLength(2);
    expect(engine.registry.snapshot().hostFuncs[0].callsAfterFree).toBe(1);
  });

  it('streams plain-data events to subscribers until they unsubscribe', async () => {
    const engine = new Engine();
    const events: LifetimeEvent[] = [];
    const stop = engine.registry.subscribe((e) => events.push(e));
    const store = new Store(engine, 0);
    const module = await compileWat(engine, ADD_ONE_WAT);
    const instance = Instance.new(store, module, new Imports());
    (instance.getExport(store, 'add_one') as Func).call(store, [Val.i32(1)]);
    const host = Func.new(store, VOID, () => {});
    host.call(store, []);
    Global.new(store, Val.i32(0), true).set(store, Val.i32(2));
    store.dispose();
    stop();
    new Store(engine, 0).dispose();
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual([
      'store-created',
      'module-compiled',
      'instance-created',
      'guest-call',
      'host-func-created',
      'host-func-called',
      'global-set',
      'host-func-released',
      'store-disposed',
    ]);
    expect(structuredClone(events)).toEqual(events);
  });

  it('reports traps and growth as events', async () => {
    const engine = new Engine();
    const store = new Store(engine, 0);
    const module = await compileWat(
      engine,
      '(module (memory (export "m") 1) (table (export "t") 1 funcref) (func (export "boom") unreachable))',
    );
    const instance = Instance.new(store, module, new Imports());
    const events: LifetimeEvent[] = [];
    const stop = engine.registry.subscribe((e) => events.push(e));
    layerError(() => (instance.getExport(store, 'boom') as Func).call(store, []), 'trap');
    (instance.getExport(store, 'm') as Memory).grow(store, 1);
    (instance.getExport(store, 't') as Table).grow(store, 2, Val.funcref(null));
    stop();
    expect(events.filter((e) => e.kind !== 'guest-call')).toEqual([
      {
        kind: 'trap',
        storeId: store.id,
        func: expect.stringContaining('boom') as string,
        message: 'unreachable',
      },
      { kind: 'memory-grown', storeId: store.id, from: 1, to: 2 },
      { kind: 'table-grown', storeId: store.id, from: 1, to: 3 },
    ]);
    store.dispose();
  });

  it('counts calls per host function', () => {
    const engine = new Engine();
    const store = new Store(engine, 0);
    const f = Func.new(store, VOID, () => {});
    for (let i = 0; i < 3; i++) f.call(store, []);
    expect(engine.registry.snapshot().hostFuncs[0]).toMatchObject({
      calls: 3,
      state: 'live',
      callsAfterFree: 0,
    });
    store.dispose();
  });
});

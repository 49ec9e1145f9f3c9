import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxSession } from '../../../../src/panel/workers/sandbox/sandbox-session.ts';
import type {
  CallOutcome,
  InstanceSummary,
  ModuleSummary,
  SandboxEvents,
  SandboxTopic,
  SandboxVal,
} from '../../../../src/protocol/sandbox/index.ts';
import { autoProviders, fixtureBytes, fliteBytes } from '../../support/sandbox-fixtures.ts';
import { watToWasm } from '../../../support/wat.ts';

type Event = { [K in SandboxTopic]: { topic: K; payload: SandboxEvents[K] } }[SandboxTopic];

let session: SandboxSession;
let events: Event[];

function start(): SandboxSession {
  events = [];
  session = new SandboxSession((topic, payload) => events.push({ topic, payload } as Event));
  return session;
}

afterEach(() => session?.close());

function of<K extends SandboxTopic>(topic: K): SandboxEvents[K][] {
  return events.filter((e) => e.topic === topic).map((e) => e.payload as SandboxEvents[K]);
}

function exportHandle(instance: InstanceSummary, name: string): number {
  const found = instance.exports.find((e) => e.name === name);
  if (!found) throw new Error(`no export ${name}`);
  return found.handle;
}

async function instantiate(
  name: Parameters<typeof fixtureBytes>[0],
  storeId = session.createStore(),
): Promise<{ module: ModuleSummary; instance: InstanceSummary; storeId: number }> {
  const module = await session.loadModule(await fixtureBytes(name), name);
  const outcome = session.instantiate(storeId, module.moduleId, autoProviders(module), null);
  if (outcome.kind !== 'instantiated') throw new Error(JSON.stringify(outcome.failure));
  return { module, instance: outcome.instance, storeId };
}

function returned(outcome: CallOutcome): SandboxVal[] {
  if (outcome.kind !== 'returned')
    throw new Error(`expected results, got ${JSON.stringify(outcome)}`);
  return outcome.results;
}

describe('the sandbox session', () => {
  it('describes a module: its imports and exports with types, WASI use and shared memory', async () => {
    start();
    const module = await session.loadModule(await fixtureBytes('imports'), 'imports.wasm');
    expect(module.imports.map((i) => `${i.module}.${i.name}:${i.type.kind}`)).toEqual([
      'env.log:func',
      'env.tick:func',
      'env.memory:memory',
      'env.counter:global',
      'env.table:table',
    ]);
    expect(module.imports[2].type).toEqual({
      kind: 'memory',
      initial: 1,
      maximum: 65536,
      address: 'i32',
      shared: false,
    });
    const add = module.exports.find((e) => e.name === 'add');
    expect(add).toEqual({
      name: 'add',
      type: { kind: 'func', params: ['i32', 'i32'], results: ['i32'] },
      funcIndex: 2,
    });
    expect(module.wasi).toBeNull();
    const hello = await session.loadModule(await fixtureBytes('wasi-hello'), 'hello');
    expect(hello.wasi).toBe('command');
  });

  it('provides every import from its type and calls exports with typed values', async () => {
    start();
    const { instance } = await instantiate('imports');
    expect(instance.imports.map((i) => i.source)).toEqual([
      'host',
      'host',
      'created',
      'created',
      'created',
    ]);
    expect(
      returned(
        session.call(exportHandle(instance, 'add'), [
          { type: 'i32', value: 0x7fff_ffff },
          { type: 'i32', value: 1 },
        ]),
      ),
    ).toEqual([{ type: 'i32', value: -0x8000_0000 }]);
    // i64, f32 and f64 come back exactly: a NaN with a payload, and -0.
    const mixed = returned(
      session.call(exportHandle(instance, 'mix'), [
        { type: 'i64', value: -(2n ** 63n) },
        { type: 'f32', bits: 0x7fc0_0001 },
        { type: 'f64', bits: 0x8000_0000_0000_0000n },
      ]),
    );
    expect(mixed).toEqual([
      { type: 'f64', bits: 0x8000_0000_0000_0000n },
      { type: 'f32', bits: 0x7fc0_0001 },
      { type: 'i64', value: -(2n ** 63n) },
    ]);
    const v128 = '00112233445566778899aabbccddeeff';
    expect(
      returned(session.call(exportHandle(instance, 'v128_id'), [{ type: 'v128', hex: v128 }])),
    ).toEqual([{ type: 'v128', hex: v128 }]);
  });

  it('passes a known reference and gets it back; a funcref result becomes a handle to call', async () => {
    start();
    const { instance, storeId } = await instantiate('imports');
    const note = session.createExternRef(storeId, 'note');
    expect(note.label).toBe('ExternRef "note"');
    const [back] = returned(
      session.call(exportHandle(instance, 'ref_id'), [{ type: 'externref', ref: note.handle }]),
    );
    expect(back).toEqual({ type: 'externref', ref: note.handle, label: 'ExternRef "note"' });
    expect(
      returned(session.call(exportHandle(instance, 'ref_id'), [{ type: 'externref', ref: null }])),
    ).toEqual([{ type: 'externref', ref: null }]);
    const [self] = returned(session.call(exportHandle(instance, 'self'), []));
    expect(self.type).toBe('funcref');
    const ref = (self as { ref: number }).ref;
    expect(
      returned(
        session.call(ref, [
          { type: 'i32', value: 2 },
          { type: 'i32', value: 3 },
        ]),
      ),
    ).toEqual([{ type: 'i32', value: 5 }]);
    // An unknown handle is refused before the guest runs.
    const refused = session.call(exportHandle(instance, 'ref_id'), [
      { type: 'externref', ref: 9999 },
    ]);
    expect(refused.kind).toBe('failed');
    expect(refused.kind === 'failed' && refused.failure.message).toMatch(/#9999 is not known/);
  });

  it('logs each host call with arguments and results, and returns what the user set', async () => {
    start();
    const module = await session.loadModule(await fixtureBytes('imports'), 'imports');
    const providers = autoProviders(module);
    providers[0] = {
      kind: 'auto',
      behavior: { kind: 'return', values: [{ type: 'i32', value: 42 }] },
      initial: null,
    };
    providers[3] = {
      kind: 'auto',
      behavior: { kind: 'return', values: [] },
      initial: { type: 'i32', value: 10 },
    };
    const storeId = session.createStore();
    const outcome = session.instantiate(storeId, module.moduleId, providers, null);
    if (outcome.kind !== 'instantiated') throw new Error('not instantiated');
    const instance = outcome.instance;
    const result = session.call(exportHandle(instance, 'call_log'), [{ type: 'i32', value: 7 }]);
    expect(returned(result)).toEqual([{ type: 'i32', value: 42 }]);
    expect(result.hostCalls).toBe(1);
    session.leaveMethod(true);
    const calls = of('host-calls').flatMap((batch) => batch.calls);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      instanceId: instance.instanceId,
      importIndex: 0,
      name: 'env.log',
      args: [{ type: 'i32', value: 7 }],
      results: [{ type: 'i32', value: 42 }],
      trap: null,
    });
    expect(calls[0].durationMs).toBeGreaterThanOrEqual(0);
    // The imported global started at the value the user set and the export incremented it.
    const counter = instance.imports.find((i) => i.name === 'counter')!.handle;
    expect(session.readGlobals([counter])[0]).toMatchObject({
      content: 'i32',
      mutable: true,
      value: { type: 'i32', value: 11 },
    });
    // Changing the behaviour afterwards applies to the next call.
    session.setBehavior(instance.instanceId, 0, {
      kind: 'return',
      values: [{ type: 'i32', value: -1 }],
    });
    expect(
      returned(session.call(exportHandle(instance, 'call_log'), [{ type: 'i32', value: 1 }])),
    ).toEqual([{ type: 'i32', value: -1 }]);
  });

  it('writes memory in a call and reads the window back; writes from the panel land too', async () => {
    start();
    const { instance } = await instantiate('imports');
    const memory = exportHandle(instance, 'memory');
    session.call(exportHandle(instance, 'write_memory'), [
      { type: 'i32', value: 16 },
      { type: 'i32', value: 0x04030201 },
    ]);
    const window = session.readMemory(memory, 14, 8);
    expect(window.size).toBe(65536);
    expect(window.offset).toBe(14);
    expect([...new Uint8Array(window.bytes)]).toEqual([0, 0, 1, 2, 3, 4, 0, 0]);
    expect(session.writeMemory(memory, 16, Uint8Array.of(9, 9).buffer)).toEqual({ size: 65536 });
    const [old] = returned(
      session.call(exportHandle(instance, 'write_memory'), [
        { type: 'i32', value: 16 },
        { type: 'i32', value: 0 },
      ]),
    );
    expect(old).toEqual({ type: 'i32', value: 0x04030909 });
    // Reads past the end are clamped; writes past it are bounds errors.
    expect(session.readMemory(memory, 65530, 100).bytes.byteLength).toBe(6);
    expect(() => session.writeMemory(memory, 65535, new ArrayBuffer(2))).toThrow(/out of bounds/);
  });

  it('reads and sets tables and globals', async () => {
    start();
    const { instance } = await instantiate('imports');
    const table = instance.imports.find((i) => i.name === 'table')!.handle;
    const window = session.readTable(table, 0, 10);
    expect(window.size).toBe(2);
    expect(window.element).toBe('funcref');
    expect(window.entries[0].value).toMatchObject({
      type: 'funcref',
      label: expect.stringMatching(/func\(i32, i32\) -> i32/),
    });
    expect(window.entries[1].value).toEqual({ type: 'funcref', ref: null });
    // The function of entry 0 is placed: defined by this instance's module, named from its
    // name section, to open in the code view.
    expect(window.entries[0].func).toEqual({
      type: 'func(i32, i32) -> i32',
      host: false,
      moduleId: instance.moduleId,
      funcIndex: 2,
      name: 'add',
    });
    expect(window.entries[1].func).toBeUndefined();
    const ratio = exportHandle(instance, 'ratio');
    expect(session.setGlobal(ratio, { type: 'f64', bits: 0x4004_0000_0000_0000n })).toMatchObject({
      value: { type: 'f64', bits: 0x4004_0000_0000_0000n },
    });
    expect(() => session.setGlobal(ratio, { type: 'i32', value: 1 })).toThrow(/expected f64/);
  });

  it('reports a trap with its message and the stack named from the name section', async () => {
    start();
    const { instance, module } = await instantiate('imports');
    const outcome = session.call(exportHandle(instance, 'boom'), []);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.failure.code).toBe('trap');
    expect(outcome.failure.message).toBe('unreachable');
    expect(outcome.failure.frames.map((f) => f.funcName)).toEqual(['inner', 'boom']);
    const boom = module.exports.find((e) => e.name === 'boom')!.funcIndex as number;
    expect(outcome.failure.frames[0]).toMatchObject({
      moduleId: module.moduleId,
      funcIndex: boom - 1,
    });
    expect(outcome.failure.frames[1]).toMatchObject({ moduleId: module.moduleId, funcIndex: boom });
    const divide = session.call(exportHandle(instance, 'divide'), [
      { type: 'i32', value: 1 },
      { type: 'i32', value: 0 },
    ]);
    expect(divide.kind === 'failed' && divide.failure.message).toMatch(/divide by zero/);
  });

  it("a host function the user set to trap fails the call with the user's message and the guest stack", async () => {
    start();
    const module = await session.loadModule(await fixtureBytes('imports'), 'imports');
    const providers = autoProviders(module);
    providers[0] = {
      kind: 'auto',
      behavior: { kind: 'trap', message: 'log is broken' },
      initial: null,
    };
    const outcome = session.instantiate(session.createStore(), module.moduleId, providers, null);
    if (outcome.kind !== 'instantiated') throw new Error('not instantiated');
    const call = session.call(exportHandle(outcome.instance, 'call_log'), [
      { type: 'i32', value: 1 },
    ]);
    expect(call.kind).toBe('failed');
    if (call.kind !== 'failed') return;
    expect(call.failure.code).toBe('host');
    expect(call.failure.hostImport).toBe('env.log');
    expect(call.failure.cause).toBe('log is broken');
    expect(call.failure.frames.map((f) => f.funcName)).toEqual(['call_log']);
    session.leaveMethod(false);
    const logged = of('host-calls').flatMap((b) => b.calls);
    expect(logged[0]).toMatchObject({ name: 'env.log', results: null, trap: 'log is broken' });
  });

  it("one instance's exports satisfy another's imports in the same store", async () => {
    start();
    const storeId = session.createStore();
    const { instance: provider } = await instantiate('provider', storeId);
    const consumer = await session.loadModule(await fixtureBytes('consumer'), 'consumer');
    const wired = consumer.imports.map((imp) => ({
      kind: 'export' as const,
      instanceId: provider.instanceId,
      name: imp.name,
    }));
    const outcome = session.instantiate(storeId, consumer.moduleId, wired, null);
    if (outcome.kind !== 'instantiated') throw new Error(JSON.stringify(outcome));
    expect(outcome.instance.imports.map((i) => i.source)).toEqual(['export', 'export', 'export']);
    expect(
      returned(session.call(exportHandle(outcome.instance, 'run'), [{ type: 'i32', value: 21 }])),
    ).toEqual([{ type: 'i32', value: 142 }]);
    // The consumer wrote into the provider's memory: one memory, two instances.
    const bytes = session.readMemory(exportHandle(provider, 'shared_memory'), 8, 4).bytes;
    expect(new DataView(bytes).getInt32(0, true)).toBe(42);
  });

  it('a module that fails to link names the import and why', async () => {
    start();
    const storeId = session.createStore();
    const { instance: provider } = await instantiate('provider', storeId);
    const consumer = await session.loadModule(await fixtureBytes('consumer'), 'consumer');
    // "base" wired to the function "double": the runtime names the import and both types.
    const wrongKind = session.instantiate(
      storeId,
      consumer.moduleId,
      [
        { kind: 'export', instanceId: provider.instanceId, name: 'double' },
        { kind: 'export', instanceId: provider.instanceId, name: 'shared_memory' },
        { kind: 'export', instanceId: provider.instanceId, name: 'double' },
      ],
      null,
    );
    expect(wrongKind.kind).toBe('failed');
    expect(wrongKind.kind === 'failed' && wrongKind.failure.code).toBe('link');
    expect(wrongKind.kind === 'failed' && wrongKind.failure.message).toMatch(
      /import "lib" "base": expected global\(i32\) but found func/,
    );
    // An export that does not exist.
    const missing = session.instantiate(
      storeId,
      consumer.moduleId,
      [
        { kind: 'export', instanceId: provider.instanceId, name: 'triple' },
        { kind: 'export', instanceId: provider.instanceId, name: 'shared_memory' },
        { kind: 'export', instanceId: provider.instanceId, name: 'base' },
      ],
      null,
    );
    expect(missing.kind === 'failed' && missing.failure.message).toMatch(
      /import "lib" "double" \(func\(i32\) -> i32\): instance #\d+ has no export "triple"/,
    );
    // An instance of another store cannot satisfy it.
    const other = session.createStore();
    const elsewhere = session.instantiate(
      other,
      consumer.moduleId,
      consumer.imports.map((imp) => ({
        kind: 'export',
        instanceId: provider.instanceId,
        name: imp.name,
      })),
      null,
    );
    expect(elsewhere.kind === 'failed' && elsewhere.failure.message).toMatch(
      /imports come from the same store/,
    );
  });

  it("a memory that grows to the engine's limit is reported, not a crash", async () => {
    start();
    const { instance } = await instantiate('imports');
    const [pages] = returned(session.call(exportHandle(instance, 'grow_all'), []));
    // The engine refused at its limit (65,536 pages, or less where memory is short); the call returned.
    expect((pages as { value: number }).value).toBeGreaterThan(1);
    const window = session.readMemory(exportHandle(instance, 'memory'), 0, 16);
    expect(window.size).toBe((pages as { value: number }).value * 65536);
  });

  it('streams registry events, with a snapshot after a method ran guest code', async () => {
    start();
    session.enterMethod();
    const { instance, storeId } = await instantiate('imports');
    session.call(exportHandle(instance, 'call_log'), [{ type: 'i32', value: 1 }]);
    session.leaveMethod(true);
    const batches = of('registry');
    const kinds = batches.flatMap((b) => b.events.map((e) => e.kind));
    expect(kinds).toEqual(
      expect.arrayContaining([
        'store-created',
        'module-compiled',
        'host-func-created',
        'instance-created',
        'host-func-called',
      ]),
    );
    const snapshot = batches.at(-1)?.snapshot;
    expect(snapshot?.stores.find((s) => s.id === storeId)).toMatchObject({
      disposed: false,
      hostFuncs: 2,
    });
    events = [];
    session.enterMethod();
    session.disposeStore(storeId);
    session.leaveMethod(true);
    const after = of('registry');
    expect(after.flatMap((b) => b.events.map((e) => e.kind))).toContain('store-disposed');
    expect(
      after
        .at(-1)
        ?.snapshot?.hostFuncs.filter((f) => f.storeId === storeId)
        .every((f) => f.state === 'freed'),
    ).toBe(true);
    // Its handles went with it.
    expect(() => session.call(exportHandle(instance, 'add'), [])).toThrow(/not known/);
  });

  it("keeps a disposed store's handles when asked, and calls on them fail with freed", async () => {
    start();
    const { instance, storeId } = await instantiate('imports');
    session.disposeStore(storeId, true);
    const outcome = session.call(exportHandle(instance, 'call_log'), [{ type: 'i32', value: 1 }]);
    expect(outcome.kind === 'failed' && outcome.failure.code).toBe('freed');
  });

  it('names the import each host function serves, and stamps each registry event with its time', async () => {
    start();
    const before = performance.timeOrigin + performance.now();
    session.enterMethod();
    const { instance, storeId } = await instantiate('imports');
    session.leaveMethod(true);
    const batches = of('registry');
    const origins = batches.flatMap((b) => b.hostFuncs);
    const funcIds = batches
      .flatMap((b) => b.events)
      .flatMap((e) => (e.kind === 'host-func-created' ? [e.funcId] : []));
    expect(origins).toEqual([
      {
        funcId: funcIds[0],
        storeId,
        instanceId: instance.instanceId,
        importIndex: 0,
        name: 'env.log',
        handle: instance.imports[0].handle,
      },
      {
        funcId: funcIds[1],
        storeId,
        instanceId: instance.instanceId,
        importIndex: 1,
        name: 'env.tick',
        handle: instance.imports[1].handle,
      },
    ]);
    for (const batch of batches) {
      expect(batch.times).toHaveLength(batch.events.length);
      for (const time of batch.times) {
        expect(time).toBeGreaterThanOrEqual(before - 1);
        expect(time).toBeLessThanOrEqual(performance.timeOrigin + performance.now() + 1);
      }
    }
  });

  it("after a dispose that kept the handles, the panel's own reads fail with freed and are not flagged", async () => {
    start();
    const { instance, storeId } = await instantiate('imports');
    session.disposeStore(storeId, true);
    expect(() => session.readGlobals([exportHandle(instance, 'ratio')])).toThrow(
      expect.objectContaining({ code: 'freed' }),
    );
    expect(() => session.readMemory(exportHandle(instance, 'memory'), 0, 16)).toThrow(
      /store #\d+ was disposed/,
    );
    expect(() => session.readTable(instance.imports[4].handle, 0, 2)).toThrow(
      expect.objectContaining({ code: 'freed' }),
    );
    expect(() =>
      session.setGlobal(exportHandle(instance, 'ratio'), { type: 'f64', bits: 0n }),
    ).toThrow(expect.objectContaining({ code: 'freed' }));
    expect(session.registrySnapshot().leaks).toEqual([]);
  });

  it('after a dispose that kept the handles: a guest call is a use after dispose, a host call a call after free', async () => {
    start();
    const { instance, storeId } = await instantiate('imports');
    session.call(exportHandle(instance, 'call_log'), [{ type: 'i32', value: 1 }]);
    session.disposeStore(storeId, true);
    const guest = session.call(exportHandle(instance, 'call_log'), [{ type: 'i32', value: 1 }]);
    expect(guest.kind === 'failed' && guest.failure).toMatchObject({
      code: 'freed',
      message: expect.stringMatching(/host functions were freed/),
    });
    const host = session.call(instance.imports[0].handle, [{ type: 'i32', value: 1 }]);
    expect(host.kind === 'failed' && host.failure).toMatchObject({
      code: 'freed',
      message: expect.stringMatching(/host func called after free of its associated store/),
    });
    const snapshot = session.registrySnapshot();
    expect(snapshot.leaks.map((l) => l.kind)).toEqual([
      'used-after-dispose',
      'host-call-after-free',
    ]);
    const log = snapshot.hostFuncs.find((f) => f.storeId === storeId && f.calls === 1);
    expect(log).toMatchObject({ state: 'freed', callsAfterFree: 1, membersDropped: 1 });
    // A collection while the panel still holds them: flagged as reachable after dispose.
    expect(await session.collectGarbage()).toEqual({ forced: true });
    const reachable = session
      .registrySnapshot()
      .leaks.filter((l) => l.kind === 'reachable-after-dispose')
      .map((l) => l.object);
    expect(reachable).toEqual(
      expect.arrayContaining([expect.stringMatching(/call_log/), expect.stringMatching(/log/)]),
    );
    // Letting go of everything: the callables are collected, both members dropped.
    expect(session.forgetStore(storeId).length).toBeGreaterThan(0);
    await session.collectGarbage();
    const freed = session.registrySnapshot().hostFuncs.filter((f) => f.storeId === storeId);
    expect(freed.map((f) => f.membersDropped)).toEqual([2, 2]);
  });

  it('dropping an instance lets the collector release its host functions while the store lives', async () => {
    start();
    const { instance, storeId } = await instantiate('imports');
    const other = await instantiate('imports', storeId);
    const dropped = session.dropInstance(instance.instanceId);
    expect(dropped).toContain(instance.imports[0].handle);
    expect(() => session.call(exportHandle(instance, 'add'), [])).toThrow(/not known/);
    await session.collectGarbage();
    const funcs = session.registrySnapshot().hostFuncs.filter((f) => f.storeId === storeId);
    // The first instance's two host functions were released by the collector; the store still
    // holds their bookkeeping. The second instance's stay live.
    expect(funcs.map((f) => [f.state, f.releasedBy, f.membersDropped])).toEqual([
      ['released', 'gc', 1],
      ['released', 'gc', 1],
      ['live', undefined, 0],
      ['live', undefined, 0],
    ]);
    expect(
      returned(session.call(exportHandle(other.instance, 'call_log'), [{ type: 'i32', value: 2 }])),
    ).toEqual([{ type: 'i32', value: 0 }]);
    session.disposeStore(storeId);
    const after = session.registrySnapshot().hostFuncs.filter((f) => f.storeId === storeId);
    expect(after.slice(0, 2).map((f) => f.membersDropped)).toEqual([2, 2]);
    expect(session.registrySnapshot().leaks).toEqual([]);
  });

  it('forgetting a live store lets it be collected, flagged as not disposed; events between methods bring a snapshot', async () => {
    start();
    const { storeId } = await instantiate('imports');
    session.forgetStore(storeId);
    expect(() => session.createExternRef(storeId, 'x')).toThrow(/does not exist/);
    events = [];
    await session.collectGarbage();
    // The collector's findings arrive between methods: the batcher sends them on its own.
    await new Promise((resolve) => setTimeout(resolve, 120));
    const batch = of('registry').find((b) => b.events.some((e) => e.kind === 'leak'));
    expect(batch?.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['store-disposed', 'leak']),
    );
    expect(batch?.snapshot?.leaks).toEqual([
      expect.objectContaining({ kind: 'store-not-disposed', storeId }),
    ]);
    expect(batch?.snapshot?.stores.find((s) => s.id === storeId)).toMatchObject({
      disposed: true,
      collected: true,
    });
  });

  it('counts host calls past the per-run log limit instead of logging each', async () => {
    start();
    const { instance } = await instantiate('imports');
    const outcome = session.call(exportHandle(instance, 'ticks'), [{ type: 'i32', value: 5000 }]);
    expect(outcome.hostCalls).toBe(5000);
    session.leaveMethod(false);
    const batches = of('host-calls');
    const logged = batches.reduce((n, b) => n + b.calls.length, 0);
    const dropped = batches.reduce((n, b) => n + b.dropped, 0);
    expect(logged).toBe(1000);
    expect(logged + dropped).toBe(5000);
  });

  it('sends the watched windows as a call leaves them, ahead of its answer', async () => {
    start();
    const { instance } = await instantiate('imports');
    const memory = exportHandle(instance, 'memory');
    session.watch([{ kind: 'memory', handle: memory, offset: 14, length: 8 }]);
    const before = of('live').length;
    session.call(exportHandle(instance, 'write_memory'), [
      { type: 'i32', value: 16 },
      { type: 'i32', value: 0x04030201 },
    ]);
    const sent = of('live').slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].final).toBe(true);
    const [window] = sent[0].windows;
    expect(window).toMatchObject({ kind: 'memory', handle: memory, offset: 14, size: 65536 });
    if (window.kind !== 'memory') throw new Error('not a memory window');
    expect([...new Uint8Array(window.bytes)]).toEqual([0, 0, 1, 2, 3, 4, 0, 0]);
  });

  it('pushes the watched windows during a long call, at most ten times a second', async () => {
    start();
    const { instance } = await instantiate('imports');
    const memory = exportHandle(instance, 'memory');
    session.watch([{ kind: 'memory', handle: memory, offset: 0, length: 4 }]);
    const started = performance.now();
    // Long enough to span several pushes.
    let outcome: CallOutcome;
    do {
      outcome = session.call(exportHandle(instance, 'ticks'), [{ type: 'i32', value: 200_000 }]);
    } while (performance.now() - started < 350);
    expect(outcome.kind).toBe('returned');
    const elapsed = performance.now() - started;
    // Pushes during the calls; each call's end also sends its windows (`final`).
    const live = of('live').filter((batch) => !batch.final);
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect(live.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(live[0].windows[0]).toMatchObject({
      kind: 'memory',
      handle: memory,
      offset: 0,
      size: 65536,
    });
  });
});

describe('WASI in the sandbox', () => {
  it('runs a command: stdout and stderr reach the console, one host function per WASI import', async () => {
    start();
    const module = await session.loadModule(await fixtureBytes('wasi-hello'), 'hello');
    const outcome = session.instantiate(
      session.createStore(),
      module.moduleId,
      autoProviders(module),
      {
        args: ['hello'],
        env: [],
      },
    );
    if (outcome.kind !== 'instantiated') throw new Error('not instantiated');
    expect(outcome.instance.imports).toMatchObject([{ name: 'fd_write', source: 'wasi' }]);
    const run = session.call(exportHandle(outcome.instance, '_start'), []);
    expect(run).toMatchObject({ kind: 'returned', hostCalls: 2 });
    session.leaveMethod(true);
    const chunks = of('console').flatMap((b) => b.chunks);
    expect(chunks).toEqual([
      { instanceId: outcome.instance.instanceId, stream: 'stdout', text: 'hello\n' },
      { instanceId: outcome.instance.instanceId, stream: 'stderr', text: 'a note on stderr\n' },
    ]);
    const logged = of('host-calls').flatMap((b) => b.calls);
    expect(logged.map((c) => c.name)).toEqual([
      'wasi_snapshot_preview1.fd_write',
      'wasi_snapshot_preview1.fd_write',
    ]);
    // The WASI functions are host functions of the store, so the registry sees them.
    const snapshot = of('registry').at(-1)?.snapshot;
    expect(snapshot?.hostFuncs.some((f) => f.type === 'func(i32, i32, i32, i32) -> i32')).toBe(
      true,
    );
  });

  it('runs the gallery\'s WASI example: "hello" on stdout, exit code 0', async () => {
    start();
    const text = readFileSync(
      path.join(
        path.dirname(fileURLToPath(import.meta.url)),
        '../../../../src/panel/gallery/examples/wasi-hello.wat',
      ),
      'utf8',
    );
    const module = await session.loadModule((await watToWasm(text)).slice().buffer, 'wasi-hello');
    const outcome = session.instantiate(
      session.createStore(),
      module.moduleId,
      autoProviders(module),
      null,
    );
    if (outcome.kind !== 'instantiated') throw new Error('not instantiated');
    expect(session.call(exportHandle(outcome.instance, '_start'), [])).toMatchObject({
      kind: 'exited',
      code: 0,
    });
    session.leaveMethod(false);
    expect(of('console').flatMap((b) => b.chunks)).toEqual([
      { instanceId: outcome.instance.instanceId, stream: 'stdout', text: 'hello\n' },
    ]);
  });

  it('gives the program its arguments, environment and files; proc_exit is an exit code', async () => {
    start();
    session.putWasiFile('input.txt', new TextEncoder().encode('from a file').buffer);
    const module = await session.loadModule(await fixtureBytes('wasi-args'), 'args');
    const outcome = session.instantiate(
      session.createStore(),
      module.moduleId,
      autoProviders(module),
      {
        args: ['echo', 'one', 'two'],
        env: ['GREETING=hi'],
      },
    );
    if (outcome.kind !== 'instantiated') throw new Error('not instantiated');
    const run = session.call(exportHandle(outcome.instance, '_start'), []);
    expect(run).toMatchObject({ kind: 'exited', code: 3 });
    session.leaveMethod(false);
    const text = of('console')
      .flatMap((b) => b.chunks)
      .map((c) => c.text)
      .join('');
    expect(text).toBe('echo\none\ntwo\nGREETING=hi\nfrom a file\n');
    const logged = of('host-calls').flatMap((b) => b.calls);
    expect(logged.at(-1)).toMatchObject({
      name: 'wasi_snapshot_preview1.proc_exit',
      trap: 'proc_exit(3)',
    });
    expect(logged.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'wasi_snapshot_preview1.random_get',
        'wasi_snapshot_preview1.clock_time_get',
      ]),
    );
  });

  it('runs a real WASI command built by a toolchain (Flite from npm) and keeps the file it wrote', async () => {
    start();
    const module = await session.loadModule(fliteBytes(), 'flite.wasm');
    expect(module.wasi).toBe('command');
    const storeId = session.createStore();
    const help = session.instantiate(storeId, module.moduleId, autoProviders(module), {
      args: ['flite', '--help'],
      env: [],
    });
    if (help.kind !== 'instantiated') throw new Error('not instantiated');
    const helpRun = session.call(exportHandle(help.instance, '_start'), []);
    expect(['returned', 'exited']).toContain(helpRun.kind);
    session.leaveMethod(false);
    const usage = of('console')
      .flatMap((b) => b.chunks)
      .map((c) => c.text)
      .join('');
    expect(usage).toMatch(/flite/i);
    expect(usage).toMatch(/-o WAVEFILE/);
    const speak = session.instantiate(storeId, module.moduleId, autoProviders(module), {
      args: ['flite', '-t', 'hello', '-o', 'hello.wav'],
      env: [],
    });
    if (speak.kind !== 'instantiated') throw new Error('not instantiated');
    const run = session.call(exportHandle(speak.instance, '_start'), []);
    expect(['returned', 'exited']).toContain(run.kind);
    const files = session.wasiFiles();
    expect(files).toEqual([{ path: 'hello.wav', size: expect.any(Number) }]);
    const wav = new Uint8Array(session.readWasiFile('hello.wav'));
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(wav.subarray(8, 12))).toBe('WAVE');
  });
});

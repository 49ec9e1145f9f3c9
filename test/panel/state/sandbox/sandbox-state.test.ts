import { afterEach, describe, expect, it } from 'vitest';
import {
  callExport,
  instantiateDocument,
  rerunCall,
  runArea,
  type ModuleDocument,
  type PanelStore,
} from '../../../../src/panel/state/index.ts';
import { createTestStore } from '../../support/panel-harness.tsx';
import { fixtureBytes, type SandboxFixture } from '../../support/sandbox-fixtures.ts';

let store: PanelStore | null = null;
afterEach(() => {
  store?.dispose();
  store = null;
});

async function until<T>(
  read: () => T | null | undefined | false,
  what: string,
  ms = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Watches the main thread: the longest gap between 10 ms timer ticks, until `stop()`. */
function mainThreadMonitor(): { stop(): { ticks: number; longestGap: number } } {
  let ticks = 0;
  let longestGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    ticks++;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return { ticks, longestGap };
    },
  };
}

async function openFixture(target: PanelStore, name: SandboxFixture): Promise<ModuleDocument> {
  const doc = target.documents.open(await fixtureBytes(name), `${name}.wasm`, {
    kind: 'file',
    fileName: `${name}.wasm`,
  });
  await until(() => doc.phase.value === 'open', `${name} to open`);
  return doc;
}

describe('the sandbox area', () => {
  it('instantiates a module into a new store and calls its exports; the history keeps each call', async () => {
    store = createTestStore();
    const doc = await openFixture(store, 'imports');
    const outcome = await instantiateDocument(doc, store.sandbox);
    expect(outcome?.kind).toBe('instantiated');
    const area = runArea(doc);
    expect(store.sandbox.stores.value).toEqual([
      { storeId: area.storeId.value, disposed: false, handles: 'held' },
    ]);
    expect(store.sandbox.instances.value.map((i) => i.docId)).toEqual([doc.id]);
    area.args('add', ['i32', 'i32']).value = ['40', '0x2'];
    const record = await callExport(doc, store.sandbox, 'add', ['i32', 'i32']);
    expect(record?.outcome).toMatchObject({
      kind: 'returned',
      results: [{ type: 'i32', value: 42 }],
    });
    // A field that does not parse is reported per field, and nothing runs.
    area.args('add', ['i32', 'i32']).value = ['1', 'two'];
    expect(await callExport(doc, store.sandbox, 'add', ['i32', 'i32'])).toBeNull();
    expect(area.fieldErrors('add').value).toEqual([null, expect.stringMatching(/integer/)]);
    expect(store.sandbox.history.value).toHaveLength(1);
    const again = await rerunCall(store.sandbox, store.sandbox.history.value[0]);
    expect(again.outcome).toMatchObject({
      kind: 'returned',
      results: [{ type: 'i32', value: 42 }],
    });
    expect(store.sandbox.history.value).toHaveLength(2);
    expect(store.sandbox.status.value).toBe('ready');
  });

  it('logs host calls in the console and keeps the registry snapshot', async () => {
    store = createTestStore();
    const doc = await openFixture(store, 'imports');
    await instantiateDocument(doc, store.sandbox);
    runArea(doc).args('call_log', ['i32']).value = ['7'];
    await callExport(doc, store.sandbox, 'call_log', ['i32']);
    const sandbox = store.sandbox;
    await until(() => sandbox.hostCalls.value.length === 1, 'the host call log');
    expect(sandbox.console.value.at(-1)).toMatchObject({
      kind: 'host',
      text: expect.stringMatching(/^env\.log\(7\) → 0 {2}\d+\.\d\d ms$/),
    });
    expect(sandbox.registry.value?.hostFuncs.length).toBe(2);
    expect(sandbox.registryEvents.value.map((e) => e.kind)).toContain('host-func-called');
  });

  it('runs a WASI command: its output in the console, its arguments from the fields', async () => {
    store = createTestStore();
    const doc = await openFixture(store, 'wasi-args');
    store.sandbox.wasiArgs.value = 'echo "two words"';
    store.sandbox.wasiEnv.value = 'A=1\nnot an entry\nB=2';
    await store.sandbox.putFiles([new File(['file text'], 'input.txt')]);
    await instantiateDocument(doc, store.sandbox);
    const record = await callExport(doc, store.sandbox, '_start', []);
    expect(record?.outcome).toMatchObject({ kind: 'exited', code: 2 });
    const sandbox = store.sandbox;
    await until(() => sandbox.console.value.some((l) => l.kind === 'exit'), 'the exit line');
    const stdout = sandbox.console.value.filter((l) => l.kind === 'stdout').map((l) => l.text);
    expect(stdout).toEqual(['echo', 'two words', 'A=1', 'file text']);
    expect(sandbox.console.value.find((l) => l.kind === 'exit')?.text).toBe(
      '_start exited with code 2',
    );
    expect(sandbox.wasiFiles.value).toEqual([{ path: 'input.txt', size: 9 }]);
  });

  it('names the import when instantiation fails, and the value that does not parse', async () => {
    store = createTestStore();
    const doc = await openFixture(store, 'consumer');
    const loaded = await store.sandbox.loadDocument(doc);
    const area = runArea(doc);
    area.choices.value = loaded.summary.imports.map(() => ({
      kind: 'export',
      instanceId: null,
      name: '',
    }));
    expect(await instantiateDocument(doc, store.sandbox)).toBeNull();
    expect(area.failure.value).toBe('import lib.double: choose an instance and an export');
    const provider = await openFixture(store, 'provider');
    await instantiateDocument(provider, store.sandbox);
    const providerId = runArea(provider).instanceId.value as number;
    area.storeId.value = runArea(provider).storeId.value;
    area.choices.value = [
      { kind: 'export', instanceId: providerId, name: 'double' },
      { kind: 'export', instanceId: providerId, name: 'shared_memory' },
      { kind: 'export', instanceId: providerId, name: 'double' },
    ];
    const outcome = await instantiateDocument(doc, store.sandbox);
    expect(outcome?.kind).toBe('failed');
    expect(area.failure.value).toMatch(
      /import "lib" "base": expected global\(i32\) but found func/,
    );
    area.choices.value = [
      { kind: 'export', instanceId: providerId, name: 'double' },
      { kind: 'export', instanceId: providerId, name: 'shared_memory' },
      { kind: 'export', instanceId: providerId, name: 'base' },
    ];
    expect((await instantiateDocument(doc, store.sandbox))?.kind).toBe('instantiated');
    runArea(doc).args('run', ['i32']).value = ['1'];
    const run = await callExport(doc, store.sandbox, 'run', ['i32']);
    expect(run?.outcome).toMatchObject({
      kind: 'returned',
      results: [{ type: 'i32', value: 102 }],
    });
  });

  it('serves a memory as a MemorySource and tells when it changed', async () => {
    store = createTestStore();
    const doc = await openFixture(store, 'imports');
    await instantiateDocument(doc, store.sandbox);
    const instance = store.sandbox.instances.value[0].summary;
    const handle = instance.exports.find((e) => e.name === 'memory')!.handle;
    const source = store.sandbox.memorySource(handle, 'memory of instance', false);
    expect(store.sandbox.memorySource(handle, 'again', false)).toBe(source);
    expect(await source.length()).toBe(65536);
    let changes = 0;
    source.onChange(() => changes++);
    await source.write(8, Uint8Array.of(1, 2, 3));
    expect(changes).toBe(1);
    expect([...(await source.read(7, 5))]).toEqual([0, 1, 2, 3, 0]);
    runArea(doc).args('write_memory', ['i32', 'i32']).value = ['8', '0x0a0b0c0d'];
    await callExport(doc, store.sandbox, 'write_memory', ['i32', 'i32']);
    expect([...(await source.read(8, 4))]).toEqual([0x0d, 0x0c, 0x0b, 0x0a]);
    // Disposing the store loses the memory: reads say why.
    await store.sandbox.disposeStore(instance.storeId);
    await expect(source.read(0, 4)).rejects.toThrow(/was disposed/);
  });
});

describe('the sandbox stays in control of runaway guests (a real worker thread)', () => {
  it('stops an infinite loop at the time limit, stays responsive meanwhile, and starts again', async () => {
    store = createTestStore({ sandbox: 'worker' });
    const sandbox = store.sandbox;
    sandbox.setTimeLimit(1500);
    const doc = await openFixture(store, 'imports');
    await instantiateDocument(doc, sandbox);
    // The main thread keeps running while the worker spins: count timer ticks meanwhile.
    const monitor = mainThreadMonitor();
    const started = performance.now();
    const record = await callExport(doc, sandbox, 'spin', []);
    const elapsed = performance.now() - started;
    const { ticks, longestGap } = monitor.stop();
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(5000);
    expect(record?.outcome).toBeNull();
    expect(record?.error).toMatch(/spin\(\) ran past the time limit of 1\.5 s/);
    expect(sandbox.status.value).toBe('lost');
    expect(sandbox.lost.value).toMatchObject({ stores: 1, instances: 1 });
    expect(ticks).toBeGreaterThan(50);
    expect(longestGap).toBeLessThan(250);
    // Start again: the store and the instance are made anew, and the history re-runs.
    await sandbox.restart();
    expect(sandbox.status.value).toBe('ready');
    expect(sandbox.instances.value).toHaveLength(1);
    const add = sandbox.history.value[0];
    expect(add.exportName).toBe('spin');
    runArea(doc).instanceId.value = sandbox.instances.value[0].summary.instanceId;
    runArea(doc).args('add', ['i32', 'i32']).value = ['2', '3'];
    const after = await callExport(doc, sandbox, 'add', ['i32', 'i32']);
    expect(after?.outcome).toMatchObject({
      kind: 'returned',
      results: [{ type: 'i32', value: 5 }],
    });
  });

  it('Stop ends a long call at once, and watched memory is pushed while it runs', async () => {
    store = createTestStore({ sandbox: 'worker' });
    const sandbox = store.sandbox;
    const doc = await openFixture(store, 'imports');
    await instantiateDocument(doc, sandbox);
    const handle = sandbox.instances.value[0].summary.exports.find(
      (e) => e.name === 'memory',
    )!.handle;
    const source = sandbox.memorySource(handle, 'memory', false);
    await source.read(0, 4);
    const running = callExport(doc, sandbox, 'spin_calling', []);
    // During the call the worker pushes the watched window from host calls.
    await until(() => sandbox.live.value !== null, 'a live push');
    const counter = new DataView((await source.read(0, 4)).buffer).getInt32(0, true);
    expect(counter).toBeGreaterThan(0);
    expect(sandbox.running.value?.label).toBe('spin_calling()');
    sandbox.stop();
    const record = await running;
    expect(record?.error).toBe('spin_calling() was stopped by you');
    expect(sandbox.lost.value?.reason).toBe('spin_calling() was stopped by you');
    await expect(source.read(0, 4)).rejects.toThrow(/stopped by you/);
  });

  it('a trap in a host function surfaces with its cause, and the panel keeps working', async () => {
    store = createTestStore({ sandbox: 'worker' });
    const doc = await openFixture(store, 'imports');
    const loaded = await store.sandbox.loadDocument(doc);
    const area = runArea(doc);
    area.choices.value = loaded.summary.imports.map((imp) =>
      imp.name === 'log'
        ? { kind: 'auto', mode: 'trap', values: ['0'], trapMessage: 'the log is full', initial: '' }
        : { kind: 'auto', mode: 'return', values: [], trapMessage: '', initial: '' },
    );
    await instantiateDocument(doc, store.sandbox);
    area.args('call_log', ['i32']).value = ['1'];
    const monitor = mainThreadMonitor();
    const record = await callExport(doc, store.sandbox, 'call_log', ['i32']);
    expect(monitor.stop().longestGap).toBeLessThan(250);
    expect(record?.outcome).toMatchObject({
      kind: 'failed',
      failure: { code: 'host', hostImport: 'env.log', cause: 'the log is full' },
    });
    expect(store.sandbox.status.value).toBe('ready');
    area.args('add', ['i32', 'i32']).value = ['1', '1'];
    expect((await callExport(doc, store.sandbox, 'add', ['i32', 'i32']))?.outcome?.kind).toBe(
      'returned',
    );
  });

  it("a memory that grows to the engine's limit is reported, and the worker survives", async () => {
    store = createTestStore({ sandbox: 'worker' });
    const doc = await openFixture(store, 'imports');
    await instantiateDocument(doc, store.sandbox);
    const monitor = mainThreadMonitor();
    const record = await callExport(doc, store.sandbox, 'grow_all', []);
    const { longestGap } = monitor.stop();
    // Growing by gigabytes takes the worker a while; the panel's thread is not held up.
    expect(longestGap).toBeLessThan(250);
    expect(record?.outcome?.kind).toBe('returned');
    expect(store.sandbox.status.value).toBe('ready');
    const handle = store.sandbox.instances.value[0].summary.exports.find(
      (e) => e.name === 'memory',
    )!.handle;
    const pages =
      record?.outcome?.kind === 'returned'
        ? (record.outcome.results[0] as { value: number }).value
        : 0;
    expect(await store.sandbox.memorySource(handle, 'memory', false).length()).toBe(pages * 65536);
  });

  it('a module that fails to link names the import, and the panel stays responsive', async () => {
    store = createTestStore({ sandbox: 'worker' });
    const doc = await openFixture(store, 'consumer');
    const monitor = mainThreadMonitor();
    const outcome = await instantiateDocument(doc, store.sandbox);
    expect(monitor.stop().longestGap).toBeLessThan(250);
    // Everything was made from its type, so it linked; now "base" is wired to a function.
    expect(outcome?.kind).toBe('instantiated');
    const area = runArea(doc);
    const instanceId = area.instanceId.value as number;
    area.choices.value = [
      { kind: 'auto', mode: 'return', values: ['0'], trapMessage: '', initial: '' },
      { kind: 'auto', mode: 'return', values: [], trapMessage: '', initial: '' },
      { kind: 'export', instanceId, name: 'run' },
    ];
    const wrong = await instantiateDocument(doc, store.sandbox);
    expect(wrong?.kind).toBe('failed');
    expect(area.failure.value).toMatch(
      /import "lib" "base": expected global\(i32\) but found func/,
    );
    expect(store.sandbox.status.value).toBe('ready');
  });

  it('pushes watched globals during a long call', async () => {
    store = createTestStore({ sandbox: 'worker' });
    const sandbox = store.sandbox;
    const doc = await openFixture(store, 'imports');
    await instantiateDocument(doc, sandbox);
    const counter = sandbox.instances.value[0].summary.imports.find((i) => i.name === 'counter')!;
    sandbox.watch('globals', { kind: 'globals', handles: [counter.handle] });
    const running = callExport(doc, sandbox, 'spin_calling', []);
    const batch = await until(
      () => sandbox.live.value?.windows.find((w) => w.kind === 'globals') && sandbox.live.value,
      'a live push with the globals',
    );
    expect(batch.windows.find((w) => w.kind === 'globals')).toMatchObject({
      kind: 'globals',
      globals: [{ handle: counter.handle, content: 'i32', mutable: true }],
    });
    sandbox.stop();
    await running;
  });
});

/**
 * Threads at the boundary: shared memories made by the host, imported, exported and linked,
 * read and written through their `SharedArrayBuffer`; shared globals refused as `unsupported`
 * exactly where the engine lacks them (detected by a canary, not assumed).
 */
import { describe, expect, it } from 'vitest';
import {
  GlobalType,
  Imports,
  Instance,
  Memory,
  MemoryType,
  Module,
  Val,
  engineHasProposal,
  externTypesEqual,
  supportedFeatures,
} from '../../src/runtime/index.ts';
import { KIND, SECTION, module, name, vec } from '../../src/runtime/adapters/wasm-writer.ts';
import { PROPOSAL_CANARIES } from '../../src/runtime/features/index.ts';
import { compileWat, freshStore, funcOf, instantiateWat, layerError, memoryOf } from './helpers.ts';

const hasThreads = supportedFeatures().has('threads');

/** A module importing `env.mem` as (memory 1 4 shared) with atomic accessors. */
const ATOMIC_IMPORTER = `(module
  (import "env" "mem" (memory 1 4 shared))
  (func (export "load") (param i32) (result i32) local.get 0 i32.atomic.load)
  (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.atomic.store)
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.atomic.rmw.add)
  (func (export "wait") (param i32 i32) (result i32)
    local.get 0 local.get 1 i64.const 0 memory.atomic.wait32)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))`;

describe('MemoryType of a shared memory', () => {
  it('carries the shared flag, displays and compares by it', () => {
    const shared = new MemoryType(1, 4, { shared: true });
    expect(shared.shared).toBe(true);
    expect(new MemoryType(1, 4).shared).toBe(false);
    expect(shared.toString()).toBe('memory(1, 4, shared)');
    expect(new MemoryType(1, 4, { address: 'i64', shared: true }).toString()).toBe(
      'memory64(1, 4, shared)',
    );
    expect(externTypesEqual(shared, new MemoryType(1, 4, { shared: true }))).toBe(true);
    expect(externTypesEqual(shared, new MemoryType(1, 4))).toBe(false);
  });

  it('requires a maximum, as every shared memory must declare one', () => {
    const error = layerError(() => new MemoryType(1, undefined, { shared: true }), 'limit');
    expect(error.message).toContain('expected a maximum for a shared memory');
  });
});

describe.runIf(hasThreads)('shared memories where the engine has threads', () => {
  it('Memory.new makes one whose bytes the guest reads and writes atomically', async () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1, 4, { shared: true }));
    expect(memory.ty(store)).toEqual(new MemoryType(1, 4, { shared: true }));
    const imports = new Imports();
    imports.define('env', 'mem', memory);
    const instance = await instantiateWat(store, ATOMIC_IMPORTER, imports);
    memory.write(store, 8, Uint8Array.of(0x2a, 0, 0, 0));
    expect(funcOf(instance, store, 'load').call(store, [Val.i32(8)])).toEqual([Val.i32(42)]);
    expect(funcOf(instance, store, 'add').call(store, [Val.i32(8), Val.i32(8)])).toEqual([
      Val.i32(42),
    ]);
    funcOf(instance, store, 'store').call(store, [Val.i32(16), Val.i32(0x01020304)]);
    const out = new Uint8Array(12);
    memory.read(store, 8, out);
    expect([...out]).toEqual([50, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2, 1]);
  });

  it('is shared for the engine: a wait on it returns "not-equal" where an unshared one traps', async () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1, 1, { shared: true }));
    const imports = new Imports();
    imports.define('env', 'mem', memory);
    const instance = await instantiateWat(store, ATOMIC_IMPORTER, imports);
    memory.write(store, 0, Uint8Array.of(7));
    // Expected 0, found 7: returns 1 at once (a wait on an unshared memory would trap).
    expect(funcOf(instance, store, 'wait').call(store, [Val.i32(0), Val.i32(0)])).toEqual([
      Val.i32(1),
    ]);
    const unshared = await instantiateWat(
      store,
      `(module (memory 1 1)
        (func (export "wait") (param i32 i32) (result i32)
          local.get 0 local.get 1 i64.const 0 memory.atomic.wait32))`,
    );
    layerError(() => funcOf(unshared, store, 'wait').call(store, [Val.i32(0), Val.i32(0)]), 'trap');
  });

  it('grows, from the host or the guest, up to its maximum; reads see the new size', async () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1, 3, { shared: true }));
    const imports = new Imports();
    imports.define('env', 'mem', memory);
    const instance = await instantiateWat(
      store,
      ATOMIC_IMPORTER.replace('(memory 1 4 shared)', '(memory 1 3 shared)'),
      imports,
    );
    expect(memory.grow(store, 1)).toBe(1);
    expect(funcOf(instance, store, 'grow').call(store, [Val.i32(1)])).toEqual([Val.i32(2)]);
    expect(memory.currentPages(store)).toBe(3);
    layerError(() => memory.grow(store, 1), 'limit');
    memory.write(store, 3 * 65_536 - 4, Uint8Array.of(1, 2, 3, 4));
    expect(funcOf(instance, store, 'load').call(store, [Val.i32(3 * 65_536 - 4)])).toEqual([
      Val.i32(0x04030201),
    ]);
    layerError(() => memory.read(store, 3 * 65_536 - 2, new Uint8Array(4)), 'bounds');
  });

  it('reads into and writes from views over a SharedArrayBuffer too', () => {
    const { store } = freshStore();
    const a = Memory.new(store, new MemoryType(1, 1, { shared: true }));
    const sab = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer;
    const view = new Uint8Array(sab, 100, 4);
    view.set([9, 8, 7, 6]);
    a.write(store, 10, view);
    const back = new Uint8Array(sab, 200, 4);
    a.read(store, 10, back);
    expect([...back]).toEqual([9, 8, 7, 6]);
  });

  it('module imports and exports show shared memory types, and exports are shared memories', async () => {
    const { store } = freshStore();
    const importer = await compileWat(store.engine, ATOMIC_IMPORTER);
    expect(importer.imports()[0].type).toEqual(new MemoryType(1, 4, { shared: true }));
    const instance = await instantiateWat(
      store,
      `(module (memory (export "m") 2 5 shared)
        (func (export "peek") (param i32) (result i32) local.get 0 i32.atomic.load8_u))`,
    );
    const exportType = instance.module.exports()[0].type;
    expect(exportType).toEqual(new MemoryType(2, 5, { shared: true }));
    const memory = memoryOf(instance, store, 'm');
    expect(memory.ty(store).shared).toBe(true);
    memory.write(store, 65_536 + 1, Uint8Array.of(200));
    expect(funcOf(instance, store, 'peek').call(store, [Val.i32(65_537)])).toEqual([Val.i32(200)]);
    // The exported shared memory links into another module's shared import.
    const imports = new Imports();
    imports.define('env', 'mem', memory);
    const reader = await instantiateWat(
      store,
      ATOMIC_IMPORTER.replace('(memory 1 4 shared)', '(memory 2 5 shared)'),
      imports,
    );
    expect(funcOf(reader, store, 'load').call(store, [Val.i32(65_536)])).toEqual([
      Val.i32(200 << 8),
    ]);
  });

  it('linking names both types when sharing differs, either way', async () => {
    const { store } = freshStore();
    const importer = await compileWat(store.engine, ATOMIC_IMPORTER);
    const unshared = new Imports();
    unshared.define('env', 'mem', Memory.new(store, new MemoryType(1, 4)));
    const error = layerError(() => Instance.new(store, importer, unshared), 'link');
    expect(error.message).toBe(
      'import "env" "mem": expected memory(1, 4, shared) but found memory(1, 4)',
    );
    const plainImporter = await compileWat(
      store.engine,
      '(module (import "env" "mem" (memory 1 4)))',
    );
    const shared = new Imports();
    shared.define('env', 'mem', Memory.new(store, new MemoryType(1, 4, { shared: true })));
    const reverse = layerError(() => Instance.new(store, plainImporter, shared), 'link');
    expect(reverse.message).toBe(
      'import "env" "mem": expected memory(1, 4) but found memory(1, 4, shared)',
    );
  });

  it('a module declaring a shared memory without a maximum is invalid (compile)', () => {
    const { engine } = freshStore();
    const inside = module([[SECTION.memory, vec([[0x02, 1]])]]);
    expect(layerError(() => Module.new(engine, inside), 'compile').message).toMatch(
      /shared memory must have a maximum/,
    );
    // At the boundary the layer sees it first, and says the same.
    const exported = module([
      [SECTION.memory, vec([[0x02, 1]])],
      [SECTION.export, vec([[...name('m'), KIND.memory, 0]])],
    ]);
    expect(layerError(() => Module.new(engine, exported), 'compile').message).toBe(
      'invalid module: shared memory must have a maximum',
    );
  });
});

/** A module exporting one shared mutable i32 global (flags 0x03), which wabt cannot write. */
function sharedGlobalModule(): Uint8Array<ArrayBuffer> {
  return module([
    [SECTION.global, vec([[0x7f, 0x03, 0x41, 5, 0x0b]])],
    [SECTION.export, vec([[...name('g'), KIND.global, 0]])],
  ]);
}

describe('shared globals', () => {
  it('GlobalType carries the shared flag, displays and compares by it', () => {
    const shared = new GlobalType('i32', true, { shared: true });
    expect(shared.shared).toBe(true);
    expect(shared.toString()).toBe('global(shared mut i32)');
    expect(new GlobalType('i32', true).shared).toBe(false);
    expect(externTypesEqual(shared, new GlobalType('i32', true))).toBe(false);
    expect(externTypesEqual(shared, new GlobalType('i32', true, { shared: true }))).toBe(true);
  });

  it('are refused as unsupported, naming the proposal, exactly when the engine lacks it', () => {
    const { engine } = freshStore();
    const canaryCompiles = (() => {
      try {
        new WebAssembly.Module(PROPOSAL_CANARIES['shared-everything-threads']());
        return true;
      } catch {
        return false;
      }
    })();
    expect(engineHasProposal('shared-everything-threads')).toBe(canaryCompiles);
    if (canaryCompiles) {
      const exported = Module.new(engine, sharedGlobalModule()).exports()[0].type;
      expect(exported).toEqual(new GlobalType('i32', true, { shared: true }));
      return;
    }
    const error = layerError(() => Module.new(engine, sharedGlobalModule()), 'unsupported');
    expect(error.message.split('\n')[0]).toBe(
      'shared global is not supported by this engine: the module needs WebAssembly feature extensions that this engine does not support:',
    );
    expect(error.message).toContain('\n - shared-everything-threads\n');
  });
});

describe('proposal canaries', () => {
  it('each is well-formed apart from its proposal: without it, the engine accepts the module', () => {
    // The shared global as a plain one.
    const plainGlobal = PROPOSAL_CANARIES['shared-everything-threads']();
    plainGlobal[plainGlobal.indexOf(0x03, 8)] = 0x01;
    expect(WebAssembly.validate(plainGlobal)).toBe(true);
    // i64.add128 replaced by two i64.add, keeping the stack balanced for the two drops.
    const wide = PROPOSAL_CANARIES['wide-arithmetic']();
    const at = wide.findIndex((b, i) => b === 0xfc && wide[i + 1] === 0x13);
    wide.set([0x7c, 0x7c], at);
    expect(WebAssembly.validate(wide)).toBe(true);
  });
});

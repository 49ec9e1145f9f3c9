import { describe, expect, it } from 'vitest';
import { Imports, Memory, MemoryType, Val } from '../../src/runtime/index.ts';
import { freshStore, funcOf, instantiateWat, layerError, memoryOf } from './helpers.ts';

describe('Memory (G1–G7)', () => {
  it('reports its pages and type, and refuses impossible limits (G1)', () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1, 2));
    expect(memory.currentPages(store)).toBe(1);
    expect(memory.ty(store)).toEqual(new MemoryType(1, 2));
    layerError(() => Memory.new(store, new MemoryType(3, 2)), 'limit');
    layerError(() => Memory.new(store, new MemoryType(70_000)), 'limit');
  });

  it('grows up to its maximum and returns the old size (G2)', () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1, 2));
    expect(memory.grow(store, 1)).toBe(1);
    layerError(() => memory.grow(store, 1), 'limit');
    expect(memory.currentPages(store)).toBe(2);
    expect(memory.grow(store, 0)).toBe(2);
  });

  it('writes and reads bytes back (G3)', () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1));
    memory.write(store, 0, new TextEncoder().encode('hello'));
    const out = new Uint8Array(5);
    memory.read(store, 0, out);
    expect(new TextDecoder().decode(out)).toBe('hello');
  });

  it('out-of-bounds accesses are bounds errors that copy nothing (G4, G5)', () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1));
    const buffer = new Uint8Array([9, 9, 9, 9]);
    layerError(() => memory.read(store, 65534, buffer), 'bounds');
    expect([...buffer]).toEqual([9, 9, 9, 9]);
    layerError(() => memory.write(store, 65534, buffer), 'bounds');
    const check = new Uint8Array(2);
    memory.read(store, 65534, check);
    expect([...check]).toEqual([0, 0]);
    memory.read(store, 65536, new Uint8Array(0));
    layerError(() => memory.read(store, 65537, new Uint8Array(0)), 'bounds');
    layerError(() => memory.read(store, -1, new Uint8Array(1)), 'bounds');
  });

  it('an imported memory is shared by two instances and the host (G6)', async () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1));
    const imports = new Imports();
    imports.define('env', 'mem', memory);
    const wat = `(module (import "env" "mem" (memory 1))
      (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8)
      (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u))`;
    const a = await instantiateWat(store, wat, imports);
    const b = await instantiateWat(store, wat, imports);
    funcOf(a, store, 'store').call(store, [Val.i32(10), Val.i32(99)]);
    expect(funcOf(b, store, 'load').call(store, [Val.i32(10)])).toEqual([Val.i32(99)]);
    memory.write(store, 20, new Uint8Array([42]));
    expect(funcOf(a, store, 'load').call(store, [Val.i32(20)])).toEqual([Val.i32(42)]);
    expect(funcOf(b, store, 'load').call(store, [Val.i32(20)])).toEqual([Val.i32(42)]);
  });

  it('guest growth shows in currentPages but not in the recorded type (G7)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      '(module (memory (export "m") 1 4) (func (export "grow") (result i32) i32.const 1 memory.grow))',
    );
    funcOf(instance, store, 'grow').call(store, []);
    const memory = memoryOf(instance, store, 'm');
    expect(memory.currentPages(store)).toBe(2);
    expect(memory.ty(store).initialPages).toBe(1);
  });

  it('data() is a view of the bytes in place, detached by growth', () => {
    const { store } = freshStore();
    const memory = Memory.new(store, new MemoryType(1, 3));
    const view = memory.data(store);
    expect(view.length).toBe(65_536);
    view.set([1, 2, 3], 10);
    const out = new Uint8Array(3);
    memory.read(store, 10, out);
    expect([...out]).toEqual([1, 2, 3]);
    memory.grow(store, 1);
    // The old view's buffer was detached; a fresh one sees the grown memory and the old bytes.
    expect(view.length).toBe(0);
    expect(memory.data(store).length).toBe(131_072);
    expect([...memory.data(store).subarray(10, 13)]).toEqual([1, 2, 3]);
    store.dispose();
    layerError(() => memory.data(store), 'freed');
  });
});

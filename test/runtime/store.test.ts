import { describe, expect, it } from 'vitest';
import { Engine, Global, Memory, MemoryType, Store, Val } from '../../src/runtime/index.ts';
import { ADD_ONE_WAT, freshStore, funcOf, instantiateWat, layerError } from './helpers.ts';

describe('Store (J1, J2) and ownership', () => {
  it('holds data, lets a context change it, and intoData returns it (J1)', () => {
    const { store } = freshStore();
    expect(store.data).toBe(0);
    store.asContextMut().data = 6;
    expect(store.asContext().data).toBe(6);
    expect(store.intoData()).toBe(6);
    expect(store.disposed).toBe(true);
    layerError(() => store.data, 'freed');
  });

  it('two stores have independent data (J2, in place of REF clone)', () => {
    const engine = new Engine();
    const a = new Store(engine, { n: 1 });
    const b = new Store(engine, { ...a.data });
    b.data.n = 2;
    expect(a.data.n).toBe(1);
    a.dispose();
    b.dispose();
  });

  it('objects of one store used with another are store errors', async () => {
    const { store, engine } = freshStore();
    const other = new Store(engine, 0);
    const memory = Memory.new(store, new MemoryType(1));
    expect(layerError(() => memory.currentPages(other), 'store').message).toContain('Memory');
    const f = funcOf(await instantiateWat(store, ADD_ONE_WAT), store, 'add_one');
    layerError(() => f.call(other, [Val.i32(1)]), 'store');
    other.dispose();
  });

  it('objects of a disposed store, and the store itself, fail with freed', async () => {
    const { store } = freshStore();
    const g = Global.new(store, Val.i32(1), true);
    const instance = await instantiateWat(store, ADD_ONE_WAT);
    store.dispose();
    layerError(() => g.get(store), 'freed');
    layerError(() => instance.getExport(store, 'add_one'), 'freed');
    layerError(() => store.asContext(), 'freed');
    layerError(() => Global.new(store, Val.i32(1), true), 'freed');
    store.dispose();
    store[Symbol.dispose]();
  });

  it('a disposed store cannot be used through its contexts', () => {
    const { store } = freshStore();
    const ctx = store.asContextMut();
    store.dispose();
    layerError(() => ctx.data, 'freed');
  });

  it('using disposes the store at the end of the block', () => {
    const engine = new Engine();
    let kept: Store<number> | undefined;
    {
      using store = new Store(engine, 1);
      kept = store;
    }
    expect(kept.disposed).toBe(true);
  });

  it('a context of another store is refused by name', () => {
    const { store } = freshStore();
    layerError(() => Memory.new({} as Store<number>, new MemoryType(1)), 'type');
    store.dispose();
  });
});

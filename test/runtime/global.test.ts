import { describe, expect, it } from 'vitest';
import { Func, FuncType, Global, GlobalType, Imports, Val } from '../../src/runtime/index.ts';
import { freshStore, funcOf, globalOf, instantiateWat, layerError } from './helpers.ts';

describe('Global (H1–H6)', () => {
  it('gets and sets a mutable i32 (H1)', () => {
    const { store } = freshStore();
    const g = Global.new(store, Val.i32(5), true);
    expect(g.get(store)).toEqual(Val.i32(5));
    g.set(store, Val.i32(6));
    expect(g.get(store)).toEqual(Val.i32(6));
    expect(g.ty(store)).toEqual(new GlobalType('i32', true));
  });

  it('keeps i64::MIN exactly and refuses to set an immutable global (H2)', () => {
    const { store } = freshStore();
    const g = Global.new(store, Val.i64(-(2n ** 63n)), false);
    expect(g.get(store)).toEqual({ type: 'i64', value: -(2n ** 63n) });
    expect(layerError(() => g.set(store, Val.i64(1n)), 'immutable').message).toContain(
      'Global is not mutable',
    );
  });

  it('reads an exported immutable global and refuses to set it (H3)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      '(module (global (export "g") i32 (i32.const 7)))',
    );
    const g = globalOf(instance, store, 'g');
    expect(g.get(store)).toEqual(Val.i32(7));
    layerError(() => g.set(store, Val.i32(8)), 'immutable');
  });

  it('refuses a value of another type instead of coercing (H4, differs from REF)', () => {
    const { store } = freshStore();
    const g = Global.new(store, Val.i32(1), true);
    layerError(() => g.set(store, Val.i64(1n)), 'type');
    layerError(() => g.set(store, Val.f64(2.9)), 'type');
    expect(g.get(store)).toEqual(Val.i32(1));
  });

  it('holds a host function as a funcref and returns the same Func (H5, differs from REF)', () => {
    const { store } = freshStore();
    const h = Func.new(store, new FuncType([], ['i32']), () => [Val.i32(3)]);
    const g = Global.new(store, Val.funcref(h), true);
    const read = g.get(store).value as Func;
    expect(read).toBe(h);
    expect(read.call(store, [])).toEqual([Val.i32(3)]);
  });

  it('a host-set imported global is seen by the guest (H6)', async () => {
    const { store } = freshStore();
    const g = Global.new(store, Val.i32(0), true);
    const imports = new Imports();
    imports.define('env', 'g', g);
    const instance = await instantiateWat(
      store,
      '(module (import "env" "g" (global (mut i32))) (func (export "get") (result i32) global.get 0))',
      imports,
    );
    g.set(store, Val.i32(9));
    expect(funcOf(instance, store, 'get').call(store, [])).toEqual([Val.i32(9)]);
  });

  it('an imported global of the wrong type or mutability is a link error', async () => {
    const { store } = freshStore();
    const imports = new Imports();
    imports.define('env', 'g', Global.new(store, Val.i32(0), false));
    await expect(
      instantiateWat(store, '(module (import "env" "g" (global (mut i32))))', imports),
    ).rejects.toMatchObject({ code: 'link' });
  });
});

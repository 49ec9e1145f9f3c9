import { describe, expect, it } from 'vitest';
import { Func, FuncType, Global, Imports, Table, TableType, Val } from '../../src/runtime/index.ts';
import { freshStore, funcOf, globalOf, instantiateWat, layerError } from './helpers.ts';

const bytes = (start: number) =>
  Val.v128(Uint8Array.from({ length: 16 }, (_, i) => (start + i) & 0xff));

describe('v128 across the API', () => {
  it('passes v128 arguments and results through Func.call', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (func (export "add") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.add)
        (func (export "mixed") (param i64 v128 f32) (result v128 i64 f32) local.get 1 local.get 0 local.get 2))`,
    );
    const [sum] = funcOf(instance, store, 'add').call(store, [bytes(0), bytes(100)]);
    expect([...(sum.value as Uint8Array)]).toEqual(
      Array.from({ length: 16 }, (_, i) => (100 + 2 * i) & 0xff),
    );
    const out = funcOf(instance, store, 'mixed').call(store, [
      Val.i64(-5n),
      bytes(7),
      Val.f32(1.5),
    ]);
    expect(out).toEqual([bytes(7), Val.i64(-5n), Val.f32(1.5)]);
  });

  it('passes v128 to and from host functions called by the guest', async () => {
    const { store } = freshStore();
    const reverse = Func.new(store, new FuncType(['v128', 'i32'], ['v128']), (_c, [v, k]) => [
      Val.v128((v.value as Uint8Array).map((b) => b + (k.value as number)).reverse()),
    ]);
    const imports = new Imports();
    imports.define('host', 'rev', reverse);
    const instance = await instantiateWat(
      store,
      `(module (import "host" "rev" (func $rev (param v128 i32) (result v128)))
        (func (export "run") (param v128) (result v128) local.get 0 i32.const 1 call $rev))`,
      imports,
    );
    const [out] = funcOf(instance, store, 'run').call(store, [bytes(0)]);
    expect([...(out.value as Uint8Array)]).toEqual(Array.from({ length: 16 }, (_, i) => 16 - i));
    expect(reverse.call(store, [bytes(0), Val.i32(0)])[0].value).toEqual(
      Uint8Array.from({ length: 16 }, (_, i) => 15 - i),
    );
  });

  it('a v128 host function in a table is callable by the guest', async () => {
    const { store } = freshStore();
    const table = Table.new(store, new TableType('funcref', 1), Val.funcref(null));
    const id = Func.new(store, new FuncType(['v128'], ['v128']), (_c, [v]) => [v]);
    table.set(store, 0, Val.funcref(id));
    const imports = new Imports();
    imports.define('env', 't', table);
    const instance = await instantiateWat(
      store,
      `(module (import "env" "t" (table 1 funcref)) (type $t (func (param v128) (result v128)))
        (func (export "run") (param v128) (result v128) local.get 0 i32.const 0 call_indirect (type $t)))`,
      imports,
    );
    expect(funcOf(instance, store, 'run').call(store, [bytes(3)])).toEqual([bytes(3)]);
    expect(table.get(store, 0)?.value).toBe(id);
  });

  it('creates, reads and writes v128 globals, host-made and exported', async () => {
    const { store } = freshStore();
    const g = Global.new(store, bytes(1), true);
    expect(g.get(store)).toEqual(bytes(1));
    g.set(store, bytes(50));
    expect(g.get(store)).toEqual(bytes(50));
    const imports = new Imports();
    imports.define('env', 'g', g);
    const instance = await instantiateWat(
      store,
      `(module (import "env" "g" (global $g (mut v128)))
        (global (export "e") v128 (v128.const i32x4 1 2 3 4))
        (func (export "read") (result v128) global.get $g))`,
      imports,
    );
    expect(funcOf(instance, store, 'read').call(store, [])).toEqual([bytes(50)]);
    const e = globalOf(instance, store, 'e');
    expect([...(e.get(store).value as Uint8Array)]).toEqual([
      1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0,
    ]);
    layerError(() => e.set(store, bytes(0)), 'immutable');
    layerError(() => g.set(store, Val.i32(1)), 'type');
  });

  it('a v128 that is not 16 bytes is a type error', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      '(module (func (export "id") (param v128) (result v128) local.get 0))',
    );
    layerError(
      () => funcOf(instance, store, 'id').call(store, [{ type: 'v128', value: new Uint8Array(8) }]),
      'type',
    );
  });
});

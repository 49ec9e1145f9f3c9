import { describe, expect, it } from 'vitest';
import { ExternRef, Func, FuncType, Table, TableType, Val } from '../../src/runtime/index.ts';
import { ADD_ONE_WAT, freshStore, funcOf, instantiateWat, layerError, tableOf } from './helpers.ts';

describe('Table (I1–I7)', () => {
  it('starts at its minimum filled with the initial value (I1)', () => {
    const { store } = freshStore();
    const table = Table.new(store, new TableType('funcref', 2, 3), Val.funcref(null));
    expect(table.size(store)).toBe(2);
    expect(table.get(store, 0)).toEqual(Val.funcref(null));
  });

  it('returns undefined past the end (I2)', () => {
    const { store } = freshStore();
    const table = Table.new(store, new TableType('funcref', 2, 3), Val.funcref(null));
    expect(table.get(store, 2)).toBeUndefined();
    expect(table.get(store, 2 ** 32 - 1)).toBeUndefined();
  });

  it('grows to its maximum and keeps its recorded type (I3)', () => {
    const { store } = freshStore();
    const table = Table.new(store, new TableType('funcref', 2, 3), Val.funcref(null));
    expect(table.grow(store, 1, Val.funcref(null))).toBe(2);
    expect(table.size(store)).toBe(3);
    layerError(() => table.grow(store, 1, Val.funcref(null)), 'limit');
    expect(table.ty(store).minimum).toBe(2);
  });

  it('set refuses out-of-range indices but accepts host and exported functions (I4, differs from REF)', async () => {
    const { store } = freshStore();
    const table = Table.new(store, new TableType('funcref', 2), Val.funcref(null));
    layerError(() => table.set(store, 5, Val.funcref(null)), 'bounds');
    const host = Func.new(store, new FuncType([], []), () => {});
    table.set(store, 0, Val.funcref(host));
    const exported = funcOf(await instantiateWat(store, ADD_ONE_WAT), store, 'add_one');
    table.set(store, 1, Val.funcref(exported));
    layerError(() => table.set(store, 1, Val.externref(null)), 'type');
  });

  it('funcrefs read back are Funcs with their type (I5, differs from REF)', async () => {
    const { store } = freshStore();
    const table = Table.new(store, new TableType('funcref', 1), Val.funcref(null));
    const exported = funcOf(await instantiateWat(store, ADD_ONE_WAT), store, 'add_one');
    table.set(store, 0, Val.funcref(exported));
    const read = table.get(store, 0)?.value as Func;
    expect(read).toBe(exported);
    expect(read.ty(store).equals(new FuncType(['i32'], ['i32']))).toBe(true);
    expect(read.call(store, [Val.i32(1)])).toEqual([Val.i32(2)]);
  });

  it('an exported externref table is usable (I6, differs from REF)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(store, '(module (table (export "t") 1 externref))');
    const table = tableOf(instance, store, 't');
    expect(table.ty(store).element).toBe('externref');
    expect(table.get(store, 0)).toEqual(Val.externref(null));
  });

  it('an externref table keeps ExternRef identity (I7)', () => {
    const { store } = freshStore();
    const payload = { id: 1 };
    const ref = ExternRef.new(store, payload);
    const table = Table.new(store, new TableType('externref', 1), Val.externref(ref));
    expect((table.get(store, 0)?.value as ExternRef).downcast(store)).toBe(payload);
  });

  it('the guest calls a host function placed in its table', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (table (export "t") 1 funcref) (type $t (func (param i32) (result i32)))
        (func (export "call0") (param i32) (result i32) local.get 0 i32.const 0 call_indirect (type $t)))`,
    );
    const host = Func.new(store, new FuncType(['i32'], ['i32']), (_c, [x]) => [
      Val.i32((x.value as number) * 3),
    ]);
    tableOf(instance, store, 't').set(store, 0, Val.funcref(host));
    expect(funcOf(instance, store, 'call0').call(store, [Val.i32(5)])).toEqual([Val.i32(15)]);
    expect(tableOf(instance, store, 't').get(store, 0)?.value).toBe(host);
  });
});

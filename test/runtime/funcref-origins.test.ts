import { describe, expect, it } from 'vitest';
import { Func, FuncType, Imports, Table, TableType, Val } from '../../src/runtime/index.ts';
import { freshStore, funcOf, globalOf, instantiateWat, layerError, tableOf } from './helpers.ts';

describe('funcref origins', () => {
  it('types functions an instance put in its own table with elem, exported or not', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (table (export "t") 2 funcref)
        (func $hidden (param i64) (result i64) local.get 0)
        (func $shown (export "shown") (result i32) i32.const 1)
        (elem (i32.const 0) $hidden $shown))`,
    );
    const table = tableOf(instance, store, 't');
    const hidden = table.get(store, 0)?.value as Func;
    expect(hidden.ty(store).equals(new FuncType(['i64'], ['i64']))).toBe(true);
    expect(hidden.call(store, [Val.i64(9n)])).toEqual([Val.i64(9n)]);
    expect(table.get(store, 1)?.value).toBe(funcOf(instance, store, 'shown'));
  });

  it('types a function the guest stores in its table after instantiation by its index', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (table (export "t") 1 funcref)
        (func $late (param f32) (result f32) local.get 0)
        (elem declare func $late)
        (func (export "install") i32.const 0 ref.func $late table.set 0))`,
      new Imports(),
      { validate: false },
    );
    funcOf(instance, store, 'install').call(store, []);
    const late = tableOf(instance, store, 't').get(store, 0)?.value as Func;
    expect(late.ty(store).params).toEqual(['f32']);
    expect(late.call(store, [Val.f32(1.5)])).toEqual([Val.f32(1.5)]);
  });

  it('types an export of one instance read from a table of another', async () => {
    const { store } = freshStore();
    const a = await instantiateWat(
      store,
      '(module (func (export "seven") (result i32) i32.const 7))',
    );
    const table = Table.new(store, new TableType('funcref', 1), Val.funcref(null));
    const imports = new Imports();
    imports.define('env', 't', table);
    imports.define('env', 'seven', funcOf(a, store, 'seven'));
    await instantiateWat(
      store,
      '(module (import "env" "seven" (func $s (result i32))) (import "env" "t" (table 1 funcref)) (elem (i32.const 0) $s))',
      imports,
    );
    const read = table.get(store, 0)?.value as Func;
    expect(read).toBe(funcOf(a, store, 'seven'));
  });

  it('says where a wasm function is defined: its instance and function index; nothing for host functions', async () => {
    const { store } = freshStore();
    const a = await instantiateWat(
      store,
      '(module (func $pad) (func (export "seven") (result i32) i32.const 7))',
    );
    const imports = new Imports();
    imports.define('env', 'seven', funcOf(a, store, 'seven'));
    const b = await instantiateWat(
      store,
      `(module (import "env" "seven" (func $s (result i32))) (table (export "t") 3 funcref)
        (func $own (result i32) i32.const 1) (func $other (param i32))
        (elem (i32.const 0) $s $own $other))`,
      imports,
    );
    const table = tableOf(b, store, 't');
    const defs = [0, 1, 2].map((i) => (table.get(store, i)?.value as Func).definition);
    // The imported function is defined by instance a (index 1 there), the others by b.
    expect(defs).toEqual([
      { instanceId: a.id, index: 1 },
      { instanceId: b.id, index: 1 },
      { instanceId: b.id, index: 2 },
    ]);
    expect(funcOf(a, store, 'seven').definition).toEqual({ instanceId: a.id, index: 1 });
    expect(Func.new(store, new FuncType([], []), () => []).definition).toBeUndefined();
  });

  it('returns the host Func for a host import placed in a table by the guest', async () => {
    const { store } = freshStore();
    const h = Func.new(store, new FuncType([], ['i32']), () => [Val.i32(5)]);
    const imports = new Imports();
    imports.define('host', 'h', h);
    const instance = await instantiateWat(
      store,
      '(module (import "host" "h" (func $h (result i32))) (table (export "t") 1 funcref) (elem (i32.const 0) $h))',
      imports,
    );
    expect(tableOf(instance, store, 't').get(store, 0)?.value).toBe(h);
  });

  it('types a funcref global of an instance', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (func $f (param i32) (result i32) local.get 0)
        (global (export "g") funcref (ref.func $f)))`,
    );
    const f = globalOf(instance, store, 'g').get(store).value as Func;
    expect(f.call(store, [Val.i32(4)])).toEqual([Val.i32(4)]);
  });

  it('a function of unknown origin in a host table is a type error saying why', async () => {
    const { store } = freshStore();
    const table = Table.new(store, new TableType('funcref', 1), Val.funcref(null));
    const imports = new Imports();
    imports.define('env', 't', table);
    const instance = await instantiateWat(
      store,
      `(module (import "env" "t" (table 1 funcref)) (func $f) (elem declare func $f)
        (func (export "install") i32.const 0 ref.func $f table.set 0))`,
      imports,
      { validate: false },
    );
    funcOf(instance, store, 'install').call(store, []);
    expect(layerError(() => table.get(store, 0), 'type').message).toContain('signature is unknown');
  });
});

import { describe, expect, it } from 'vitest';
import { ExternRef, Store, Val } from '../../src/runtime/index.ts';
import { STATE } from '../../src/runtime/store.ts';
import { freshStore, funcOf, globalOf, instantiateWat, layerError } from './helpers.ts';

const ID =
  '(module (func (export "id") (param externref) (result externref) local.get 0) (func (export "is_null") (param externref) (result i32) local.get 0 ref.is_null))';

describe('ExternRef (F1–F4)', () => {
  it('downcasts to the identical payload, and a failing guard is a type error (F1)', () => {
    const { store } = freshStore();
    const payload = { name: 'obj' };
    const ref = ExternRef.new(store, payload);
    expect(ref.downcast(store)).toBe(payload);
    const isString = (v: unknown): v is string => typeof v === 'string';
    expect(layerError(() => ref.downcast(store, isString), 'type').message).toContain(
      'incorrect extern ref type',
    );
  });

  it('keeps identity through a guest identity function (F2)', async () => {
    const { store } = freshStore();
    const payload = new Map();
    const ref = ExternRef.new(store, payload);
    const [out] = funcOf(await instantiateWat(store, ID), store, 'id').call(store, [
      Val.externref(ref),
    ]);
    expect(out.value).toBe(ref);
    expect((out.value as ExternRef).downcast(store)).toBe(payload);
  });

  it('a foreign JS value read from wasm is opaque but passes back unchanged (F3)', async () => {
    const { store } = freshStore();
    const foreign = { from: 'elsewhere' };
    const instance = await instantiateWat(
      store,
      `(module (global (export "g") (mut externref) (ref.null extern)) ${ID.slice(8, -1)})`,
    );
    const g = globalOf(instance, store, 'g');
    // Another JS program put a value in the global behind the layer's back.
    g.toWasm(store[STATE]).value = foreign;
    const read = g.get(store).value as ExternRef;
    expect(read.opaque).toBe(true);
    expect(layerError(() => read.downcast(store), 'type').message).toContain(
      'extern ref is from a different source',
    );
    g.set(store, Val.externref(read));
    const again = g.get(store).value as ExternRef;
    expect(again).toBe(read);
    expect(again.toWasm(store[STATE])).toBe(foreign);
  });

  it('null passes as null and the guest sees ref.is_null 1 (F4)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(store, ID);
    expect(funcOf(instance, store, 'id').call(store, [Val.externref(null)])).toEqual([
      Val.externref(null),
    ]);
    expect(funcOf(instance, store, 'is_null').call(store, [Val.externref(null)])).toEqual([
      Val.i32(1),
    ]);
  });

  it('an ExternRef of another store is refused', () => {
    const { store, engine } = freshStore();
    const ref = ExternRef.new(store, 1);
    const other = new Store(engine, 0);
    layerError(() => ref.downcast(other), 'store');
    other.dispose();
  });
});

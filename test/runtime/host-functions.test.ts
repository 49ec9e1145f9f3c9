import { describe, expect, it } from 'vitest';
import {
  Func,
  FuncType,
  Imports,
  Instance,
  LayerError,
  Store,
  Val,
  type StoreContextMut,
} from '../../src/runtime/index.ts';
import {
  collectGarbage,
  compileWat,
  freshStore,
  funcOf,
  instantiateWat,
  layerError,
} from './helpers.ts';

const I32_I32 = new FuncType(['i32'], ['i32']);
const CALLS_H = `(module (import "host" "h" (func $h (param i32) (result i32)))
  (func (export "run") (param i32) (result i32) local.get 0 call $h))`;

function importsWith(name: string, f: Func): Imports {
  const imports = new Imports();
  imports.define('host', name, f);
  return imports;
}

describe('host functions (E1–E15)', () => {
  it('the guest calls a host function and gets its result (E1)', async () => {
    const { store } = freshStore();
    const h = Func.new(store, I32_I32, (_c, [x]) => [Val.i32((x.value as number) + 10)]);
    const instance = await instantiateWat(store, CALLS_H, importsWith('h', h));
    expect(funcOf(instance, store, 'run').call(store, [Val.i32(5)])).toEqual([Val.i32(15)]);
  });

  it('a host function changes the store data through its caller context (E2)', async () => {
    const { store } = freshStore();
    const h = Func.new(store, I32_I32, (caller: StoreContextMut<number>, [x]) => {
      caller.data += 1;
      return [x];
    });
    const run = funcOf(await instantiateWat(store, CALLS_H, importsWith('h', h)), store, 'run');
    for (let i = 0; i < 3; i++) run.call(store, [Val.i32(i)]);
    expect(store.data).toBe(3);
  });

  it('an error thrown by a host function surfaces as host with the original cause (E3)', async () => {
    const { store } = freshStore();
    const boom = new Error('boom');
    const h = Func.new(store, I32_I32, () => {
      throw boom;
    });
    const run = funcOf(await instantiateWat(store, CALLS_H, importsWith('h', h)), store, 'run');
    const error = layerError(() => run.call(store, [Val.i32(1)]), 'host');
    expect(error.cause).toBe(boom);
    expect(error.message).toContain('boom');
  });

  it('a [] -> [] host function can be called (E4)', async () => {
    const { store } = freshStore();
    let called = 0;
    const h = Func.new(store, new FuncType([], []), () => {
      called++;
    });
    const instance = await instantiateWat(
      store,
      '(module (import "host" "h" (func $h)) (func (export "run") call $h))',
      importsWith('h', h),
    );
    expect(funcOf(instance, store, 'run').call(store, [])).toEqual([]);
    expect(called).toBe(1);
  });

  it('missing or mistyped host results are a type error raised into the guest (E5, differs from REF)', async () => {
    const { store } = freshStore();
    const none = Func.new(store, I32_I32, () => {});
    const run = funcOf(await instantiateWat(store, CALLS_H, importsWith('h', none)), store, 'run');
    expect(layerError(() => run.call(store, [Val.i32(1)]), 'type').message).toContain(
      'expected 1 result(s)',
    );
    const wrong = Func.new(store, I32_I32, () => [Val.f64(2.9)]);
    const run2 = funcOf(
      await instantiateWat(store, CALLS_H, importsWith('h', wrong)),
      store,
      'run',
    );
    expect(layerError(() => run2.call(store, [Val.i32(1)]), 'type').message).toContain(
      'expected i32 but found f64 2.9',
    );
  });

  it('host → guest → host sees data changed by the inner frame (E6)', async () => {
    const { store } = freshStore();
    const imports = new Imports();
    let seenByH1 = -1;
    imports.define(
      'host',
      'h2',
      Func.new(store, new FuncType([], ['i32']), (caller: StoreContextMut<number>) => {
        caller.data += 1;
        return [Val.i32(100)];
      }),
    );
    const late: { b?: Func; run?: Func; trapper?: Func } = {};
    imports.define(
      'host',
      'h1',
      Func.new(store, new FuncType([], ['i32']), (caller: StoreContextMut<number>) => {
        const [out] = (late.b as Func).call(caller, []);
        seenByH1 = caller.data;
        return [out];
      }),
    );
    const instance = await instantiateWat(
      store,
      `(module (import "host" "h1" (func $h1 (result i32))) (import "host" "h2" (func $h2 (result i32)))
        (func (export "a") (result i32) call $h1)
        (func (export "b") (result i32) call $h2 i32.const 1 i32.add))`,
      imports,
    );
    late.b = funcOf(instance, store, 'b');
    expect(funcOf(instance, store, 'a').call(store, [])).toEqual([Val.i32(101)]);
    expect(seenByH1).toBe(1);
  });

  it('a host function re-enters itself through the guest at any depth (E7)', async () => {
    const { store } = freshStore();
    const late: { run?: Func } = {};
    const h = Func.new(store, I32_I32, (caller, [depth]) => {
      const d = depth.value as number;
      if (d >= 3) return [Val.i32(d)];
      const [inner] = (late.run as Func).call(caller, [Val.i32(d + 1)]);
      return [Val.i32((inner.value as number) * 10 + d)];
    });
    late.run = funcOf(await instantiateWat(store, CALLS_H, importsWith('h', h)), store, 'run');
    expect(late.run.call(store, [Val.i32(0)])).toEqual([Val.i32(3210)]);
  });

  it('Func.call on a host function runs the closure (E8)', () => {
    const { store } = freshStore();
    const h = Func.new(store, new FuncType(['i32', 'i64'], ['i64']), (_c, [a, b]) => [
      Val.i64(BigInt(a.value as number) + (b.value as bigint)),
    ]);
    expect(h.call(store, [Val.i32(2), Val.i64(40n)])).toEqual([Val.i64(42n)]);
    layerError(() => h.call(store, [Val.i32(2)]), 'type');
  });

  it('after its store is disposed, calls through the instance fail with freed (E9)', async () => {
    const { store } = freshStore();
    const h = Func.new(store, I32_I32, (_c, [x]) => [x]);
    const run = funcOf(await instantiateWat(store, CALLS_H, importsWith('h', h)), store, 'run');
    store.dispose();
    const viaInstance = layerError(() => run.call(store, [Val.i32(1)]), 'freed').message;
    expect(viaInstance).toContain('disposed');
    expect(viaInstance).toContain('host func called after free of its associated store');
    expect(layerError(() => h.call(store, [Val.i32(1)]), 'freed').message).toContain(
      'host func called after free of its associated store',
    );
  });

  it('intoData frees host functions like dispose', () => {
    const { store } = freshStore();
    const h = Func.new(store, new FuncType([], []), () => {});
    expect(store.intoData()).toBe(0);
    layerError(() => h.call(store, []), 'freed');
  });

  it('a host function used with another store is a store error (E10, E11)', () => {
    const { engine, store } = freshStore();
    const other = new Store(engine, 'text');
    const h = Func.new(store, new FuncType([], []), () => {});
    expect(layerError(() => h.call(other, []), 'store').message).toMatch(
      /Store #\d+ but found Store #\d+/,
    );
    other.dispose();
  });

  it('the closure keeps working when every Func handle is dropped but the instance lives (E12)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      CALLS_H,
      importsWith(
        'h',
        Func.new(store, I32_I32, (_c, [x]) => [Val.i32((x.value as number) * 2)]),
      ),
    );
    await collectGarbage();
    expect(funcOf(instance, store, 'run').call(store, [Val.i32(21)])).toEqual([Val.i32(42)]);
  });

  it('a funcref argument is null, a typed Func, or a type error when its origin is unknown (E13)', async () => {
    const { store } = freshStore();
    const seen: (Func | null)[] = [];
    const h = Func.new(store, new FuncType(['funcref'], []), (_c, [f]) => {
      seen.push(f.value as Func | null);
    });
    const instance = await instantiateWat(
      store,
      `(module (import "host" "h" (func $h (param funcref)))
        (func $secret (param i32) (result i32) local.get 0)
        (func $open (export "open") (result i32) i32.const 7)
        (elem declare func $secret $open)
        (func (export "null") ref.null func call $h)
        (func (export "known") ref.func $open call $h)
        (func (export "unknown") ref.func $secret call $h))`,
      importsWith('h', h),
      { validate: false },
    );
    funcOf(instance, store, 'null').call(store, []);
    funcOf(instance, store, 'known').call(store, []);
    expect(seen[0]).toBeNull();
    expect((seen[1] as Func).call(store, [])).toEqual([Val.i32(7)]);
    const error = layerError(() => funcOf(instance, store, 'unknown').call(store, []), 'type');
    expect(error.message).toContain('signature is unknown');
  });

  it('a host function with nine parameters works (E14)', async () => {
    const { store } = freshStore();
    const params = new Array(9).fill('i32') as 'i32'[];
    const h = Func.new(store, new FuncType(params, ['i32']), (_c, args) => [
      Val.i32(args.reduce((sum, a) => sum + (a.value as number), 0)),
    ]);
    const instance = await instantiateWat(
      store,
      `(module (import "host" "h" (func $h (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
        (func (export "run") (result i32)
          i32.const 1 i32.const 2 i32.const 3 i32.const 4 i32.const 5 i32.const 6 i32.const 7 i32.const 8 i32.const 9
          call $h))`,
      importsWith('h', h),
    );
    expect(funcOf(instance, store, 'run').call(store, [])).toEqual([Val.i32(45)]);
  });

  it('a host function may catch a nested trap and recover, or rethrow it (E15)', async () => {
    const { store } = freshStore();
    const late: { trapper?: Func } = {};
    let recover = true;
    const h = Func.new(store, I32_I32, (caller) => {
      try {
        (late.trapper as Func).call(caller, []);
      } catch (error) {
        expect(error).toBeInstanceOf(LayerError);
        expect((error as LayerError).code).toBe('trap');
        if (!recover) throw error;
      }
      return [Val.i32(7)];
    });
    const instance = await instantiateWat(
      store,
      `(module (import "host" "h" (func $h (param i32) (result i32)))
        (func (export "trap") unreachable)
        (func (export "run") (param i32) (result i32) local.get 0 call $h))`,
      importsWith('h', h),
    );
    late.trapper = funcOf(instance, store, 'trap');
    expect(funcOf(instance, store, 'run').call(store, [Val.i32(0)])).toEqual([Val.i32(7)]);
    recover = false;
    layerError(() => funcOf(instance, store, 'run').call(store, [Val.i32(0)]), 'trap');
  });

  it('a host error surfaces through several guest frames from the outermost call', async () => {
    const { store } = freshStore();
    const original = new TypeError('deep');
    let depth = 0;
    const late: { run?: Func } = {};
    const h = Func.new(store, I32_I32, (caller, [x]) => {
      if (++depth === 4) throw original;
      return (late.run as Func).call(caller, [x]);
    });
    late.run = funcOf(await instantiateWat(store, CALLS_H, importsWith('h', h)), store, 'run');
    const run = late.run;
    expect(layerError(() => run.call(store, [Val.i32(0)]), 'host').cause).toBe(original);
  });

  it('an error thrown by a host function in a start function fails Instance.new with host', async () => {
    const { store, engine } = freshStore();
    const module = await compileWat(engine, '(module (import "host" "h" (func $h)) (start $h))');
    const cause = new Error('at start');
    const h = Func.new(store, new FuncType([], []), () => {
      throw cause;
    });
    expect(layerError(() => Instance.new(store, module, importsWith('h', h)), 'host').cause).toBe(
      cause,
    );
  });
});

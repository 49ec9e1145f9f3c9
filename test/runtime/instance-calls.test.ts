import { describe, expect, it } from 'vitest';
import { Func, FuncType, Imports, Instance, Val } from '../../src/runtime/index.ts';
import {
  ADD_ONE_WAT,
  compileWat,
  freshStore,
  funcOf,
  globalOf,
  instantiateWat,
  layerError,
} from './helpers.ts';

describe('instances and guest calls (D1–D15)', () => {
  it('calls AO with 42 and gets 43 (D1)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(store, ADD_ONE_WAT);
    expect(funcOf(instance, store, 'add_one').call(store, [Val.i32(42)])).toEqual([Val.i32(43)]);
  });

  it('a missing import is a link error naming it and its type (D2)', async () => {
    const { store, engine } = freshStore();
    const module = await compileWat(engine, '(module (import "host" "h" (func (param i32))))');
    const error = layerError(() => Instance.new(store, module, new Imports()), 'link');
    expect(error.message).toContain('import "host" "h"');
    expect(error.message).toContain('func(i32)');
  });

  it('an extra unused import is fine (D3)', async () => {
    const { store } = freshStore();
    const imports = new Imports();
    imports.define(
      'x',
      'y',
      Func.new(store, new FuncType([], []), () => {}),
    );
    await instantiateWat(store, ADD_ONE_WAT, imports);
  });

  it('multi-value host results reach the guest (D4)', async () => {
    const { store } = freshStore();
    const imports = new Imports();
    imports.define(
      'host',
      'get-values',
      Func.new(store, new FuncType([], ['i32', 'i32']), () => [Val.i32(5), Val.i32(4)]),
    );
    const instance = await instantiateWat(
      store,
      `(module (import "host" "get-values" (func $gv (result i32 i32)))
        (func (export "add-sub") (param i32 i32) (result i32 i32) (local $a i32) (local $b i32)
          call $gv local.set $b local.set $a
          local.get 0 local.get 1 i32.add
          local.get $a local.get $b i32.sub))`,
      imports,
    );
    expect(funcOf(instance, store, 'add-sub').call(store, [Val.i32(5), Val.i32(7)])).toEqual([
      Val.i32(12),
      Val.i32(1),
    ]);
  });

  it('a guest swap returns its two results in order (D5)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      '(module (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0))',
    );
    expect(funcOf(instance, store, 'swap').call(store, [Val.i32(1), Val.i32(2)])).toEqual([
      Val.i32(2),
      Val.i32(1),
    ]);
  });

  it('a wrong argument count is a type error raised before the guest runs (D6)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (global (export "runs") (mut i32) (i32.const 0))
        (func (export "f") (param i32) (result i32)
          global.get 0 i32.const 1 i32.add global.set 0 local.get 0))`,
    );
    const f = funcOf(instance, store, 'f');
    layerError(() => f.call(store, []), 'type');
    layerError(() => f.call(store, [Val.i32(1), Val.i32(2)]), 'type');
    expect(globalOf(instance, store, 'runs').get(store)).toEqual(Val.i32(0));
  });

  it('i64 values are exact bigints at the extremes (D7)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      '(module (func (export "id") (param i64) (result i64) local.get 0))',
    );
    const id = funcOf(instance, store, 'id');
    for (const n of [-(2n ** 63n), 2n ** 63n - 1n, -1n, 2n ** 53n + 1n]) {
      expect(id.call(store, [Val.i64(n)])).toEqual([{ type: 'i64', value: n }]);
    }
  });

  it('a value of another type is a type error, never coerced (D8, differs from REF)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(store, ADD_ONE_WAT);
    const f = funcOf(instance, store, 'add_one');
    const wrongType = layerError(() => f.call(store, [Val.i64(5n)]), 'type');
    expect(wrongType.message).toContain('expected i32 but found i64 5');
    layerError(() => f.call(store, [Val.f64(2.9)]), 'type');
    layerError(() => f.call(store, [{ type: 'i32', value: 2.9 }]), 'type');
  });

  it('NaN stays NaN through an f64 identity (D9)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      '(module (func (export "id") (param f64) (result f64) local.get 0))',
    );
    const [out] = funcOf(instance, store, 'id').call(store, [Val.f64(Number.NaN)]);
    expect(Number.isNaN(out.value)).toBe(true);
  });

  it('a signalling f32 NaN made in wasm comes back as some NaN (D10)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (func (export "make") (result f32) i32.const 0x7fa00000 f32.reinterpret_i32)
        (func (export "bits") (param f32) (result i32) local.get 0 i32.reinterpret_f32))`,
    );
    const [nan] = funcOf(instance, store, 'make').call(store, []);
    expect(Number.isNaN(nan.value)).toBe(true);
    const [bits] = funcOf(instance, store, 'bits').call(store, [nan]);
    expect([0x7fa00000, 0x7fe00000]).toContain(bits.value);
  });

  it('−0 keeps its sign bit (D11)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      '(module (func (export "id") (param f64) (result f64) local.get 0))',
    );
    const [out] = funcOf(instance, store, 'id').call(store, [Val.f64(-0)]);
    expect(Object.is(out.value, -0)).toBe(true);
  });

  it('a trap keeps the engine message and stack, and the instance stays usable (D12)', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (func (export "boom") unreachable)
        (func (export "add_one") (param i32) (result i32) local.get 0 i32.const 1 i32.add))`,
    );
    const error = layerError(() => funcOf(instance, store, 'boom').call(store, []), 'trap');
    expect(error.message).toBe('unreachable');
    expect(error.cause).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(error.stack).toContain('wasm');
    expect(funcOf(instance, store, 'add_one').call(store, [Val.i32(1)])).toEqual([Val.i32(2)]);
  });

  it('a trapping start function fails Instance.new with trap (D13)', async () => {
    const { store } = freshStore();
    await expect(
      instantiateWat(store, '(module (func $s unreachable) (start $s))'),
    ).rejects.toMatchObject({
      code: 'trap',
    });
  });

  it('an exported function of another signature given as an import is a link error (D14)', async () => {
    const { store } = freshStore();
    const donor = await instantiateWat(store, ADD_ONE_WAT);
    const imports = new Imports();
    imports.define('env', 'f', funcOf(donor, store, 'add_one'));
    const error = await instantiateWat(
      store,
      '(module (import "env" "f" (func (param i64))))',
      imports,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'link' });
    expect(String((error as Error).message)).toMatch(
      /expected func\(i64\) but found func\(i32\) -> i32/,
    );
  });

  it('a host function whose type does not match the import is a link error (D15, differs from REF)', async () => {
    const { store } = freshStore();
    const imports = new Imports();
    imports.define(
      'env',
      'f',
      Func.new(store, new FuncType(['i32'], []), () => {}),
    );
    const error = await instantiateWat(
      store,
      '(module (import "env" "f" (func (param f32))))',
      imports,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'link' });
    expect(String((error as Error).message)).toContain(
      'import "env" "f": expected func(f32) but found host func(i32)',
    );
  });

  it('instantiates asynchronously and lists exports in declaration order', async () => {
    const { store, engine } = freshStore();
    const module = await compileWat(
      engine,
      '(module (memory (export "m") 1) (func (export "f")) (global (export "g") i32 (i32.const 1)))',
    );
    const instance = await Instance.instantiate(store, module, new Imports());
    expect(instance.exports(store).map((e) => e.name)).toEqual(['m', 'f', 'g']);
    expect(instance.getExport(store, 'nope')).toBeUndefined();
    expect(instance.getExport(store, 'f')).toBe(instance.getExport(store, 'f'));
  });

  it('a function export used as an import of another instance is called through', async () => {
    const { store } = freshStore();
    const donor = await instantiateWat(store, ADD_ONE_WAT);
    const imports = new Imports();
    imports.define('env', 'inc', funcOf(donor, store, 'add_one'));
    const user = await instantiateWat(
      store,
      '(module (import "env" "inc" (func $inc (param i32) (result i32))) (func (export "twice") (param i32) (result i32) local.get 0 call $inc call $inc))',
      imports,
    );
    expect(funcOf(user, store, 'twice').call(store, [Val.i32(1)])).toEqual([Val.i32(3)]);
  });
});

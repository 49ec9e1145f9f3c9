import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AnyRef,
  ExternRef,
  Func,
  FuncType,
  Imports,
  LayerError,
  Store,
  TypedFunc,
  Val,
  type AsContextMut,
  type Instance,
  type LifetimeEvent,
  type ValType,
} from '../../src/runtime/index.ts';
import { freshStore, funcOf, globalOf, instantiateWat, layerError } from './helpers.ts';

const GUEST = `(module
  (global $runs (export "runs") (mut i32) (i32.const 0))
  (func $count global.get $runs i32.const 1 i32.add global.set $runs)
  (func (export "add") (param i32 i32) (result i32) call $count local.get 0 local.get 1 i32.add)
  (func (export "id_i32") (param i32) (result i32) call $count local.get 0)
  (func (export "id_i64") (param i64) (result i64) call $count local.get 0)
  (func (export "id_f32") (param f32) (result f32) local.get 0)
  (func (export "id_f64") (param f64) (result f64) local.get 0)
  (func (export "nothing") call $count)
  (func $answer (export "answer") (result i32) i32.const 42)
  (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
  (func (export "mixed") (param i64 f64 i32) (result f64 i64 i32)
    local.get 1 local.get 0 local.get 2)
  (func (export "sum5") (param i32 i32 i32 i32 i32) (result i32)
    call $count
    local.get 0 local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add local.get 4 i32.add)
  (func (export "id_v128") (param v128) (result v128) local.get 0)
  (func (export "is_null") (param funcref) (result i32) call $count local.get 0 ref.is_null)
  (func (export "id_extern") (param externref) (result externref) local.get 0)
  (elem declare func $answer)
  (func (export "answer_ref") (result funcref) ref.func $answer)
  (func (export "trap") (param i32) (result i32) unreachable)
  (func $deep (export "deep") (param i32) (result i32) local.get 0 call $deep))`;

const CALLS_H = `(module (import "host" "h" (func $h (param i32) (result i32)))
  (func (export "run") (param i32) (result i32) local.get 0 call $h))`;

async function guest(): Promise<{ store: Store<number>; instance: Instance; runs: () => number }> {
  const { store } = freshStore();
  // wabt types `ref.func` as a typed reference and wrongly rejects it as a funcref result.
  const instance = await instantiateWat(store, GUEST, new Imports(), { validate: false });
  const runs = globalOf(instance, store, 'runs');
  return { store, instance, runs: () => runs.get(store).value as number };
}

function callsH(store: Store<number>, h: Func): Promise<Instance> {
  const imports = new Imports();
  imports.define('host', 'h', h);
  return instantiateWat(store, CALLS_H, imports);
}

function recordEvents(store: Store<number>, action: () => unknown): LifetimeEvent[] {
  const events: LifetimeEvent[] = [];
  const stop = store.engine.registry.subscribe((e) => events.push(e));
  try {
    action();
  } catch {
    // The events are what is compared; the error is checked elsewhere.
  }
  stop();
  return events;
}

describe('Func.typed: the signature is checked once', () => {
  it('gives a handle of the same function when the types match exactly', async () => {
    const { store, instance } = await guest();
    const add = funcOf(instance, store, 'add');
    const typed = add.typed(store, ['i32', 'i32'], ['i32']);
    expect(typed).toBeInstanceOf(TypedFunc);
    expect(typed.func).toBe(add);
    expect(String(typed)).toBe('TypedFunc add func(i32, i32) -> i32');
    expect(typed.call(store, 2, 3)).toBe(5);
  });

  it('types the call by the signature (checked by tsc: npm run typecheck)', async () => {
    const { store, instance } = await guest();
    const add = funcOf(instance, store, 'add').typed(store, ['i32', 'i32'], ['i32']);
    const mixed = funcOf(instance, store, 'mixed').typed(
      store,
      ['i64', 'f64', 'i32'],
      ['f64', 'i64', 'i32'],
    );
    const nothing = funcOf(instance, store, 'nothing').typed(store, [], []);
    const refs = funcOf(instance, store, 'id_extern').typed(store, ['externref'], ['externref']);
    expectTypeOf(add.call).parameters.toEqualTypeOf<[AsContextMut, number, number]>();
    expectTypeOf(add.call).returns.toEqualTypeOf<number>();
    expectTypeOf(mixed.call).parameters.toEqualTypeOf<[AsContextMut, bigint, number, number]>();
    expectTypeOf(mixed.call).returns.toEqualTypeOf<[number, bigint, number]>();
    expectTypeOf(nothing.call).returns.toEqualTypeOf<undefined>();
    expectTypeOf(refs.call).returns.toEqualTypeOf<ExternRef | null>();
    type Call<P extends readonly ValType[], R extends readonly ValType[]> = TypedFunc<P, R>['call'];
    expectTypeOf<Call<['funcref', '(ref func)'], []>>().parameters.toEqualTypeOf<
      [AsContextMut, Func | null, Func]
    >();
    expectTypeOf<Call<['v128', 'i64'], ['nullfuncref']>>().parameters.toEqualTypeOf<
      [AsContextMut, Uint8Array, bigint]
    >();
    expectTypeOf<Call<[], ['nullfuncref']>>().returns.toEqualTypeOf<null>();
    expectTypeOf<Call<[], ['i31ref', '(ref struct)']>>().returns.toEqualTypeOf<
      [AnyRef | null, AnyRef]
    >();
    // A handle of a known signature is a TypedFunc of unknown signature too.
    const handles: TypedFunc[] = [add, mixed, nothing, refs];
    expect(handles).toHaveLength(4);
  });

  it('fails with type when parameters or results differ, naming both signatures', async () => {
    const { store, instance } = await guest();
    const add = funcOf(instance, store, 'add');
    const wrong: [string[], string[]][] = [
      [['i32'], ['i32']],
      [['i32', 'i64'], ['i32']],
      [['i32', 'i32'], []],
      [
        ['i32', 'i32'],
        ['i32', 'i32'],
      ],
      [['i32', 'i32'], ['f32']],
    ];
    for (const [params, results] of wrong) {
      const error = layerError(() => add.typed(store, params as never, results as never), 'type');
      expect(error.message).toContain('expected func(i32, i32) -> i32 but found func(');
    }
    const notTypes = layerError(() => add.typed(store, ['int', 'i32'] as never, ['i32']), 'type');
    expect(notTypes.message).toContain('a list of value types as parameters');
    layerError(() => add.typed(store, ['i32', 'i32'], 'i32' as never), 'type');
  });

  it('fails with store for another store and freed after disposal', async () => {
    const { store, instance } = await guest();
    const add = funcOf(instance, store, 'add');
    layerError(() => add.typed(freshStore().store, ['i32', 'i32'], ['i32']), 'store');
    store.dispose();
    layerError(() => add.typed(store, ['i32', 'i32'], ['i32']), 'freed');
  });
});

describe('TypedFunc.call: plain values of every kind', () => {
  it('i32: an integer in [-2^31, 2^32), unsigned input as its two’s complement', async () => {
    const { store, instance } = await guest();
    const id = funcOf(instance, store, 'id_i32').typed(store, ['i32'], ['i32']);
    expect(id.call(store, 7)).toBe(7);
    expect(id.call(store, -(2 ** 31))).toBe(-(2 ** 31));
    expect(id.call(store, 2 ** 31)).toBe(-(2 ** 31));
    expect(id.call(store, 0xffff_ffff)).toBe(-1);
    expect(Object.is(id.call(store, -0), 0)).toBe(true);
  });

  it('i32 out of range or of another type is a type error raised before the guest runs', async () => {
    const { store, instance, runs } = await guest();
    const id = funcOf(instance, store, 'id_i32').typed(store, ['i32'], ['i32']);
    const before = runs();
    for (const bad of [2 ** 32, -(2 ** 31) - 1, 1.5, Number.NaN, Infinity, '1', 1n, null]) {
      const error = layerError(() => id.call(store, bad as number), 'type');
      expect(error.message).toContain('argument 0: expected i32 (an integer in [-2^31, 2^32))');
    }
    const valueOf = { valueOf: () => 1 };
    layerError(() => id.call(store, valueOf as unknown as number), 'type');
    expect(runs()).toBe(before);
  });

  it('i64: a bigint in [-2^63, 2^64), exact at the extremes', async () => {
    const { store, instance, runs } = await guest();
    const id = funcOf(instance, store, 'id_i64').typed(store, ['i64'], ['i64']);
    expect(id.call(store, -(2n ** 63n))).toBe(-(2n ** 63n));
    expect(id.call(store, 2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(id.call(store, 2n ** 64n - 1n)).toBe(-1n);
    const before = runs();
    for (const bad of [2n ** 64n, -(2n ** 63n) - 1n, 5, '5']) {
      const error = layerError(() => id.call(store, bad as bigint), 'type');
      expect(error.message).toContain('expected i64 (a bigint in [-2^63, 2^64))');
    }
    expect(runs()).toBe(before);
  });

  it('f32 rounds to single precision; f64 keeps NaN and −0; neither takes a non-number', async () => {
    const { store, instance } = await guest();
    const f32 = funcOf(instance, store, 'id_f32').typed(store, ['f32'], ['f32']);
    const f64 = funcOf(instance, store, 'id_f64').typed(store, ['f64'], ['f64']);
    expect(f32.call(store, 0.1)).toBe(Math.fround(0.1));
    expect(f64.call(store, 0.1)).toBe(0.1);
    expect(f64.call(store, Number.NaN)).toBeNaN();
    expect(Object.is(f64.call(store, -0), -0)).toBe(true);
    expect(layerError(() => f64.call(store, '1' as never), 'type').message).toContain(
      'argument 0: expected f64 but found string 1',
    );
    layerError(() => f32.call(store, 1n as never), 'type');
  });

  it('no results return undefined, one result bare, several as an array in order', async () => {
    const { store, instance, runs } = await guest();
    const nothing = funcOf(instance, store, 'nothing').typed(store, [], []);
    const answer = funcOf(instance, store, 'answer').typed(store, [], ['i32']);
    const swap = funcOf(instance, store, 'swap').typed(store, ['i32', 'i32'], ['i32', 'i32']);
    const mixed = funcOf(instance, store, 'mixed').typed(
      store,
      ['i64', 'f64', 'i32'],
      ['f64', 'i64', 'i32'],
    );
    const before = runs();
    expect(nothing.call(store)).toBeUndefined();
    expect(runs()).toBe(before + 1);
    expect(answer.call(store)).toBe(42);
    expect(swap.call(store, 1, 2)).toEqual([2, 1]);
    expect(mixed.call(store, 5n, 2.5, 9)).toEqual([2.5, 5n, 9]);
    layerError(() => mixed.call(store, 5n, 2.5, 9.5), 'type');
  });

  it('more parameters than the small arities: every argument is checked and named', async () => {
    const { store, instance, runs } = await guest();
    const sum5 = funcOf(instance, store, 'sum5').typed(
      store,
      ['i32', 'i32', 'i32', 'i32', 'i32'],
      ['i32'],
    );
    expect(sum5.call(store, 1, 2, 3, 4, 5)).toBe(15);
    const before = runs();
    expect(layerError(() => sum5.call(store, 1, 2, 3, 4, 0.5), 'type').message).toContain(
      'argument 4: expected i32',
    );
    expect(runs()).toBe(before);
  });

  it('a bad value at any position of any arity is refused, naming its position', async () => {
    const { store, instance } = await guest();
    const cases: [TypedFunc, unknown[]][] = [
      [funcOf(instance, store, 'id_i32').typed(store, ['i32'], ['i32']), [1]],
      [funcOf(instance, store, 'add').typed(store, ['i32', 'i32'], ['i32']), [1, 2]],
      [
        funcOf(instance, store, 'mixed').typed(store, ['i64', 'f64', 'i32'], ['f64', 'i64', 'i32']),
        [1n, 2, 3],
      ],
      [
        funcOf(instance, store, 'sum5').typed(store, ['i32', 'i32', 'i32', 'i32', 'i32'], ['i32']),
        [1, 2, 3, 4, 5],
      ],
    ];
    for (const [typed, good] of cases) {
      const call = typed.call as (ctx: Store<number>, ...args: unknown[]) => unknown;
      call(store, ...good);
      for (let i = 0; i < good.length; i++) {
        const args = [...good];
        args[i] = 'bad';
        const error = layerError(() => call(store, ...args), 'type');
        expect(error.message).toContain(`argument ${i}: expected`);
      }
    }
  });

  it('a missing or extra argument is a type error naming the count, before the guest runs', async () => {
    const { store, instance, runs } = await guest();
    const add = funcOf(instance, store, 'add').typed(store, ['i32', 'i32'], ['i32']);
    const call = add.call as (ctx: Store<number>, ...args: number[]) => number;
    expect(layerError(() => call(store, 1), 'type').message).toContain(
      'expected 2 argument(s) (i32, i32) but found 1',
    );
    expect(layerError(() => call(store, 1, 2, 3), 'type').message).toContain('but found 3');
    const sum5 = funcOf(instance, store, 'sum5').typed(
      store,
      ['i32', 'i32', 'i32', 'i32', 'i32'],
      ['i32'],
    );
    const call5 = sum5.call as (ctx: Store<number>, ...args: number[]) => number;
    expect(layerError(() => call5(store, 1, 2, 3, 4), 'type').message).toContain('but found 4');
    const nothing = funcOf(instance, store, 'nothing').typed(store, [], []);
    layerError(() => (nothing.call as (ctx: Store<number>, x: number) => void)(store, 1), 'type');
    expect(runs()).toBe(0);
  });

  it('v128: 16 bytes in a Uint8Array, in and out', async () => {
    const { store, instance } = await guest();
    const id = funcOf(instance, store, 'id_v128').typed(store, ['v128'], ['v128']);
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    const out = id.call(store, bytes);
    expect(out).toBeInstanceOf(Uint8Array);
    expect([...out]).toEqual([...bytes]);
    expect(layerError(() => id.call(store, new Uint8Array(15)), 'type').message).toContain(
      'expected v128 (16 bytes in a Uint8Array) but found a Uint8Array of 15 bytes',
    );
    layerError(() => id.call(store, [1, 2] as never), 'type');
  });

  it('funcref: a Func or null in, the same Func out; anything else is a type error', async () => {
    const { store, instance, runs } = await guest();
    const isNull = funcOf(instance, store, 'is_null').typed(store, ['funcref'], ['i32']);
    const answerRef = funcOf(instance, store, 'answer_ref').typed(store, [], ['funcref']);
    const answer = funcOf(instance, store, 'answer');
    expect(isNull.call(store, null)).toBe(1);
    expect(isNull.call(store, answer)).toBe(0);
    expect(answerRef.call(store)).toBe(answer);
    const before = runs();
    const wrongKind = layerError(
      () => isNull.call(store, ExternRef.new(store, 1) as never),
      'type',
    );
    expect(wrongKind.message).toContain('expected funcref but found externref');
    expect(layerError(() => isNull.call(store, 3 as never), 'type').message).toContain(
      'expected funcref but found number 3',
    );
    expect(runs()).toBe(before);
  });

  it('externref: the same ExternRef comes back; null stays null', async () => {
    const { store, instance } = await guest();
    const id = funcOf(instance, store, 'id_extern').typed(store, ['externref'], ['externref']);
    const ref = ExternRef.new(store, { payload: 1 });
    expect(id.call(store, ref)).toBe(ref);
    expect(id.call(store, null)).toBeNull();
  });

  it('non-nullable and GC references are checked for null and kind, as by Func.call', () => {
    const { store } = freshStore();
    const seen: unknown[] = [];
    const takesFunc = Func.new(store, new FuncType(['(ref func)'], []), (_c, [f]) => {
      seen.push(f.value);
    }).typed(store, ['(ref func)'], []);
    expect(layerError(() => takesFunc.call(store, null as never), 'type').message).toContain(
      'expected (ref func)',
    );
    const takesStruct = Func.new(store, new FuncType(['(ref struct)'], []), () => []).typed(
      store,
      ['(ref struct)'],
      [],
    );
    expect(
      layerError(() => takesStruct.call(store, AnyRef.i31(store, 1) as never), 'type').message,
    ).toContain('expected (ref struct)');
    const idAny = Func.new(store, new FuncType(['eqref'], ['eqref']), (_c, [x]) => [x]).typed(
      store,
      ['eqref'],
      ['eqref'],
    );
    const small = AnyRef.i31(store, 7);
    expect(idAny.call(store, small)).toBe(small);
    expect(seen).toEqual([]);
  });
});

describe('TypedFunc.call: ownership and disposal', () => {
  it('a context of another store is a store error; a disposed store is freed', async () => {
    const { store, instance, runs } = await guest();
    const add = funcOf(instance, store, 'add').typed(store, ['i32', 'i32'], ['i32']);
    expect(add.call(store.asContextMut(), 1, 2)).toBe(3);
    const other = freshStore().store;
    expect(layerError(() => add.call(other, 1, 2), 'store').message).toContain('Func add');
    for (const bogus of [null, undefined, {}, 5]) {
      const viaTyped = layerError(() => add.call(bogus as never, 1, 2), 'type');
      const viaCall = layerError(
        () => add.func.call(bogus as never, [Val.i32(1), Val.i32(2)]),
        'type',
      );
      expect(viaTyped.message).toBe(viaCall.message);
    }
    expect(runs()).toBe(1);
    store.dispose();
    layerError(() => add.call(store, 1, 2), 'freed');
  });

  it('after disposal it flags the same leak as Func.call', async () => {
    const { store, instance } = await guest();
    const add = funcOf(instance, store, 'add');
    const typed = add.typed(store, ['i32', 'i32'], ['i32']);
    const answer = funcOf(instance, store, 'answer');
    store.dispose();
    const typedError = layerError(() => typed.call(store, 1, 2), 'freed');
    const callError = layerError(() => answer.call(store, []), 'freed');
    expect(typedError.message).toBe(
      callError.message.replace('answer func() -> i32', 'add func(i32, i32) -> i32'),
    );
    const leaks = store.engine.registry.snapshot().leaks;
    expect(leaks.map((l) => [l.kind, l.object])).toEqual([
      ['used-after-dispose', 'Func add func(i32, i32) -> i32'],
      ['used-after-dispose', 'Func answer func() -> i32'],
    ]);
  });

  it('references of another or a disposed store are refused with store or freed', async () => {
    const { store, instance, runs } = await guest();
    const isNull = funcOf(instance, store, 'is_null').typed(store, ['funcref'], ['i32']);
    const id = funcOf(instance, store, 'id_extern').typed(store, ['externref'], ['externref']);
    const elsewhere = freshStore().store;
    const foreignFunc = Func.new(elsewhere, new FuncType([], []), () => {});
    layerError(() => isNull.call(store, foreignFunc), 'store');
    layerError(() => id.call(store, ExternRef.new(elsewhere, 1)), 'store');
    const gone = freshStore().store;
    const goneRef = ExternRef.new(gone, 1);
    gone.dispose();
    layerError(() => id.call(store, goneRef), 'freed');
    expect(runs()).toBe(0);
  });

  it('a host function of a disposed store fails with freed and is counted as a call after free', () => {
    const { engine, store } = freshStore();
    const h = Func.new(store, new FuncType(['i32'], ['i32']), (_c, [x]) => [x]);
    const typed = h.typed(store, ['i32'], ['i32']);
    expect(typed.call(store, 4)).toBe(4);
    store.dispose();
    expect(layerError(() => typed.call(store, 4), 'freed').message).toContain(
      'host func called after free',
    );
    expect(engine.registry.snapshot().hostFuncs[0]).toMatchObject({ calls: 1, callsAfterFree: 1 });
  });
});

describe('TypedFunc.call: traps, host errors, re-entrancy and events as Func.call', () => {
  it('a trap is a trap error with the engine message, and the function stays usable', async () => {
    const { store, instance } = await guest();
    const trap = funcOf(instance, store, 'trap').typed(store, ['i32'], ['i32']);
    const deep = funcOf(instance, store, 'deep').typed(store, ['i32'], ['i32']);
    const error = layerError(() => trap.call(store, 1), 'trap');
    expect(error.message).toContain('unreachable');
    expect(error.cause).toBeInstanceOf(WebAssembly.RuntimeError);
    layerError(() => deep.call(store, 1), 'trap');
    const add = funcOf(instance, store, 'add').typed(store, ['i32', 'i32'], ['i32']);
    expect(add.call(store, 1, 1)).toBe(2);
  });

  it('emits the same registry events as Func.call, for calls and traps', async () => {
    const { store, instance } = await guest();
    const add = funcOf(instance, store, 'add');
    const trap = funcOf(instance, store, 'trap');
    const typedAdd = add.typed(store, ['i32', 'i32'], ['i32']);
    const typedTrap = trap.typed(store, ['i32'], ['i32']);
    const viaCall = recordEvents(store, () => add.call(store, [Val.i32(1), Val.i32(2)]));
    expect(viaCall).toEqual([
      { kind: 'guest-call', storeId: store.id, func: 'Func add func(i32, i32) -> i32' },
    ]);
    expect(recordEvents(store, () => typedAdd.call(store, 1, 2))).toEqual(viaCall);
    const trapViaCall = recordEvents(store, () => trap.call(store, [Val.i32(1)]));
    expect(trapViaCall.map((e) => e.kind)).toEqual(['guest-call', 'trap']);
    expect(recordEvents(store, () => typedTrap.call(store, 1))).toEqual(trapViaCall);
  });

  it('a host function called through a typed handle: tagged args, events, results checked', () => {
    const { store } = freshStore();
    const got: Val[][] = [];
    const h = Func.new(store, new FuncType(['i32', 'i64', 'f32'], ['i64', 'f32']), (_c, args) => {
      got.push([...args]);
      return [args[1], args[2]];
    });
    const typed = h.typed(store, ['i32', 'i64', 'f32'], ['i64', 'f32']);
    expect(typed.call(store, 0xffff_ffff, 2n ** 64n - 2n, 0.1)).toEqual([-2n, Math.fround(0.1)]);
    expect(got).toEqual([[Val.i32(-1), Val.i64(-2n), Val.f32(0.1)]]);
    const viaCall = recordEvents(store, () => h.call(store, [Val.i32(1), Val.i64(1n), Val.f32(1)]));
    expect(viaCall.map((e) => e.kind)).toEqual(['host-func-called']);
    expect(recordEvents(store, () => typed.call(store, 1, 1n, 1))).toEqual(viaCall);
    const liar = Func.new(store, new FuncType([], ['i32']), () => [Val.f64(1)]).typed(
      store,
      [],
      ['i32'],
    );
    expect(layerError(() => liar.call(store), 'type').message).toContain('result 0');
  });

  it('an error thrown by a host function surfaces as host with its cause, as from Func.call', async () => {
    const { store } = freshStore();
    const boom = new Error('boom');
    const h = Func.new(store, new FuncType(['i32'], ['i32']), () => {
      throw boom;
    });
    const run = funcOf(await callsH(store, h), store, 'run');
    const viaCall = layerError(() => run.call(store, [Val.i32(1)]), 'host');
    const viaTyped = layerError(() => run.typed(store, ['i32'], ['i32']).call(store, 1), 'host');
    expect(viaTyped.cause).toBe(boom);
    expect(viaTyped.message).toBe(viaCall.message);
    const direct = layerError(() => h.typed(store, ['i32'], ['i32']).call(store, 1), 'host');
    expect(direct.cause).toBe(boom);
  });

  it('host → typed guest → host re-enters at any depth, with each frame its own arguments', async () => {
    const { store } = freshStore();
    const loop: { run?: TypedFunc<readonly ['i32'], readonly ['i32']> } = {};
    const h = Func.new(store, new FuncType(['i32'], ['i32']), (_c, [x]) => {
      const n = x.value as number;
      if (n <= 0) return [Val.i32(0)];
      const inner = loop.run?.call(store, n - 1) ?? Number.NaN;
      // The outer frame's argument must still read n after the inner frames reused theirs.
      return [Val.i32(inner + (x.value as number))];
    });
    const run = funcOf(await callsH(store, h), store, 'run').typed(store, ['i32'], ['i32']);
    loop.run = run;
    expect(run.call(store, 50)).toBe((50 * 51) / 2);
    expect(store.engine.registry.snapshot().hostFuncs[0].calls).toBe(51);
  });

  it('an error deep inside re-entered frames passes every frame once, as host, and the handle stays usable', async () => {
    const { store } = freshStore();
    const loop: { run?: TypedFunc<readonly ['i32'], readonly ['i32']> } = {};
    let failAtBottom = true;
    const caught: string[] = [];
    const h = Func.new(store, new FuncType(['i32'], ['i32']), (_c, [x]) => {
      const n = x.value as number;
      if (n === 0) {
        if (failAtBottom) throw new RangeError('bottom');
        return [Val.i32(0)];
      }
      try {
        return [Val.i32((loop.run?.call(store, n - 1) ?? Number.NaN) + 1)];
      } catch (error) {
        caught.push((error as LayerError).code);
        throw error;
      }
    });
    const run = funcOf(await callsH(store, h), store, 'run').typed(store, ['i32'], ['i32']);
    loop.run = run;
    const error = layerError(() => run.call(store, 3), 'host');
    expect(error.cause).toBeInstanceOf(RangeError);
    expect(caught).toEqual(['host', 'host', 'host']);
    failAtBottom = false;
    expect(run.call(store, 3)).toBe(3);
  });
});

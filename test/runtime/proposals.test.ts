/**
 * The layer's extensions for post-MVP proposals at the API boundary: 64-bit memories and
 * tables (memory64), exception tags, and the reference types of function references and GC.
 * Node 20's V8 has tags but neither memory64 nor GC, so their values are exercised in Chromium
 * by the spec suite (`npm run test:spec -- --chromium`); here the types, the refusals and
 * everything Node can run.
 */
import { describe, expect, it } from 'vitest';
import {
  AnyRef,
  ExternRef,
  Func,
  FuncType,
  Global,
  Imports,
  Instance,
  Memory,
  MemoryType,
  REF_TYPES,
  Store,
  Table,
  TableType,
  Tag,
  TagType,
  Val,
  externTypesEqual,
  isRefType,
  isValType,
  refType,
  refTypeParts,
  supportedFeatures,
} from '../../src/runtime/index.ts';
import {
  KIND,
  SECTION,
  body,
  funcType,
  module,
  name,
  valtype,
  vec,
} from '../../src/runtime/adapters/wasm-writer.ts';
import { exportTypesOf } from '../../src/runtime/module-types.ts';
import { decodeModule } from '../../src/wasm/index.ts';
import { compileWat, freshStore, funcOf, instantiateWat, layerError } from './helpers.ts';

describe('memory64 and table64 types', () => {
  it('carry their address type, display it and compare by it', () => {
    const m64 = new MemoryType(1, 2, { address: 'i64' });
    expect(m64.address).toBe('i64');
    expect(new MemoryType(1).address).toBe('i32');
    expect(String(m64)).toBe('memory64(1, 2)');
    expect(String(new MemoryType(1, 2))).toBe('memory(1, 2)');
    expect(externTypesEqual(m64, new MemoryType(1, 2))).toBe(false);
    expect(externTypesEqual(m64, new MemoryType(1, 2, { address: 'i64' }))).toBe(true);
    const t64 = new TableType('funcref', 10, 20, { address: 'i64' });
    expect(String(t64)).toBe('table64(funcref, 10, 20)');
    expect(externTypesEqual(t64, new TableType('funcref', 10, 20))).toBe(false);
  });

  it('refuse an address type that is not i32 or i64', () => {
    const bad = { address: 'i16' } as unknown as { address: 'i32' };
    expect(layerError(() => new MemoryType(1, 2, bad), 'type').message).toContain('i16');
    layerError(() => new TableType('funcref', 1, 2, bad), 'type');
  });

  it('create 64-bit memories and tables where the engine has memory64, else say it lacks it', () => {
    const { store } = freshStore();
    const ty = new MemoryType(1, 3, { address: 'i64' });
    const tableTy = new TableType('funcref', 2, 5, { address: 'i64' });
    if (!supportedFeatures().has('memory64')) {
      expect(layerError(() => Memory.new(store, ty), 'unsupported').message).toContain(
        ' - memory64',
      );
      layerError(() => Table.new(store, tableTy, Val.funcref(null)), 'unsupported');
      return;
    }
    const memory = Memory.new(store, ty);
    expect(memory.grow(store, 1)).toBe(1);
    expect(memory.currentPages(store)).toBe(2);
    const table = Table.new(store, tableTy, Val.funcref(null));
    expect(table.grow(store, 1, Val.funcref(null))).toBe(2);
    expect(table.size(store)).toBe(3);
    expect(table.get(store, 2)).toEqual(Val.funcref(null));
  });
});

describe('exception tags', () => {
  const THROWER = `(module
    (import "env" "oops" (tag $oops (param i32 f64)))
    (func (export "throw") (param i32) (param f64)
      local.get 0 local.get 1 throw $oops))`;

  it('TagType displays and compares its payload types', () => {
    const ty = new TagType(['i32', 'f64']);
    expect(String(ty)).toBe('tag(i32, f64)');
    expect(ty.equals(new TagType(['i32', 'f64']))).toBe(true);
    expect(ty.equals(new TagType(['i32']))).toBe(false);
    layerError(() => new TagType(['int' as 'i32']), 'type');
  });

  it('a host tag links as an import, and its payload reads back from the trap', async () => {
    const { store } = freshStore();
    const oops = Tag.new(store, new TagType(['i32', 'f64']));
    const imports = new Imports();
    imports.define('env', 'oops', oops);
    const instance = await instantiateWat(store, THROWER, imports);
    const error = layerError(
      () => funcOf(instance, store, 'throw').call(store, [Val.i32(42), Val.f64(1.5)]),
      'trap',
    );
    expect(oops.payload(store, error)).toEqual([Val.i32(42), Val.f64(1.5)]);
    const other = Tag.new(store, new TagType(['i32', 'f64']));
    expect(other.payload(store, error)).toBeUndefined();
    expect(oops.payload(store, new Error('not an exception'))).toBeUndefined();
  });

  it('an exported tag has its type and links into another module', async () => {
    const { engine, store } = freshStore();
    const source = await instantiateWat(store, `(module (tag (export "t") (param i32 f64)))`);
    const tag = source.getExport(store, 't');
    expect(tag).toBeInstanceOf(Tag);
    expect(String((tag as Tag).ty(store))).toBe('tag(i32, f64)');
    const module = await compileWat(engine, THROWER);
    expect(String(module.imports()[0].type)).toBe('tag(i32, f64)');
    const imports = new Imports();
    imports.define('env', 'oops', tag as Tag);
    const thrower = Instance.new(store, module, imports);
    const error = layerError(
      () => funcOf(thrower, store, 'throw').call(store, [Val.i32(7), Val.f64(2)]),
      'trap',
    );
    expect((tag as Tag).payload(store, error)).toEqual([Val.i32(7), Val.f64(2)]);
  });

  it('linking checks the tag type and the store', async () => {
    const { engine, store } = freshStore();
    const module = await compileWat(engine, THROWER);
    const wrong = new Imports();
    wrong.define('env', 'oops', Tag.new(store, new TagType(['i32'])));
    const mismatch = layerError(() => Instance.new(store, module, wrong), 'link');
    expect(mismatch.message).toContain('expected tag(i32, f64) but found tag(i32)');
    const otherStore = new Store(engine, 0);
    const foreign = new Imports();
    foreign.define('env', 'oops', Tag.new(otherStore, new TagType(['i32', 'f64'])));
    layerError(() => Instance.new(store, module, foreign), 'store');
    otherStore.dispose();
  });
});

describe('reference types beyond funcref and externref', () => {
  it('name every abstract heap type, nullable and not', () => {
    expect(refType('any', true)).toBe('anyref');
    expect(refType('none', true)).toBe('nullref');
    expect(refType('func', false)).toBe('(ref func)');
    expect(refTypeParts('(ref i31)')).toEqual({ heap: 'i31', nullable: false, family: 'anyref' });
    expect(refTypeParts('nullexternref')).toEqual({
      heap: 'noextern',
      nullable: true,
      family: 'externref',
    });
    expect(refTypeParts('i32')).toBeUndefined();
    expect(REF_TYPES).toHaveLength(24);
    for (const t of REF_TYPES) expect(isValType(t) && isRefType(t)).toBe(true);
    expect(isValType('(ref $0)')).toBe(false);
  });

  it('FuncType and TableType accept them, and the binary writer encodes them', () => {
    const ty = new FuncType(['(ref func)', 'anyref'], ['i31ref']);
    expect(String(ty)).toBe('func((ref func), anyref) -> i31ref');
    expect(String(new TableType('(ref struct)', 1))).toBe('table((ref struct), 1)');
    layerError(() => new TableType('(ref null)' as 'anyref', 1), 'type');
    expect(valtype('(ref func)')).toEqual([0x64, 0x70]);
    expect(valtype('anyref')).toEqual([0x6e]);
    expect(funcType(['i32'], ['(ref extern)'])).toEqual([0x60, 1, 0x7f, 1, 0x64, 0x6f]);
  });

  it('module types name concrete references by their abstract bound', () => {
    // Hand-encoded (wabt cannot write typed references; Node 20 cannot compile them): type 0
    // is func(i32), type 1 returns (ref 0), type 2 takes (ref null 0) and returns funcref,
    // type 3 is a struct and type 4 returns (ref null 3).
    const bytes = module([
      [
        SECTION.type,
        vec([
          funcType(['i32'], []),
          [0x60, 0, 1, 0x64, 0],
          [0x60, 1, 0x63, 0, 1, 0x70],
          [0x5f, 0],
          [0x60, 0, 1, 0x63, 3],
        ]),
      ],
      [SECTION.function, vec([[1], [2], [4]])],
      [
        SECTION.export,
        vec([
          [...name('get'), KIND.func, 0],
          [...name('maybe'), KIND.func, 1],
          [...name('point'), KIND.func, 2],
        ]),
      ],
      [SECTION.code, vec([body([], [0x00]), body([], [0x00]), body([], [0x00])])],
    ]);
    expect(exportTypesOf(decodeModule(bytes)).map((e) => String(e.type))).toEqual([
      'func() -> (ref func)',
      'func(funcref) -> funcref',
      'func() -> structref',
    ]);
  });

  it('values are checked for hierarchy and null before they reach the engine', () => {
    const { store } = freshStore();
    const nonNull = layerError(
      () => Table.new(store, new TableType('(ref func)', 0), Val.funcref(null)),
      'type',
    );
    expect(nonNull.message).toContain('expected (ref func)');
    const exn = layerError(
      () => Table.new(store, new TableType('exnref', 0), Val.funcref(null)),
      'type',
    );
    expect(exn.message).toContain('exnref');
    layerError(() => Global.new(store, Val.anyref(ExternRef as unknown as AnyRef), true), 'type');
  });

  it('AnyRef makes i31 and internalized host references', () => {
    const { store } = freshStore();
    const small = AnyRef.i31(store, -5);
    expect(small.kind(store)).toBe('i31');
    expect(small.i31Value(store)).toBe(-5);
    layerError(() => AnyRef.i31(store, 2 ** 30), 'type');
    const ext = ExternRef.new(store, 'payload');
    const host = AnyRef.fromExtern(store, ext);
    expect(host.kind(store)).toBe('host');
    expect(host.toExtern(store)).toBe(ext);
    layerError(() => host.i31Value(store), 'type');
    layerError(() => small.toExtern(store), 'type');
    const other = freshStore().store;
    layerError(() => small.kind(other), 'store');
  });
});

describe('values at the edges of the boundary', () => {
  it('a missing value or a bigint in a number slot is a type error, not a TypeError', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module (func (export "f") (param i32 f64 funcref)))`,
    );
    const f = funcOf(instance, store, 'f');
    const bad = [
      [null, Val.f64(1), Val.funcref(null)],
      [{ type: 'i32', value: 5n }, Val.f64(1), Val.funcref(null)],
      [Val.i32(1), undefined, Val.funcref(null)],
      [Val.i32(1), Val.f64(1), null],
    ] as unknown as Val[][];
    for (const args of bad) layerError(() => f.call(store, args), 'type');
  });

  it("a funcref an export returns is typed from its own instance's functions", async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module
        (table $t 1 funcref)
        (elem (table $t) (i32.const 0) func $hidden)
        (func $hidden (param i64) (result i64) local.get 0)
        (func (export "get") (result funcref) (table.get $t (i32.const 0))))`,
    );
    const [ref] = funcOf(instance, store, 'get').call(store, []);
    expect(ref.type).toBe('funcref');
    const hidden = ref.value as Func;
    expect(String(hidden.ty(store))).toBe('func(i64) -> i64');
    expect(hidden.call(store, [Val.i64(9n)])).toEqual([Val.i64(9n)]);
  });
});

describe('review fixes', () => {
  it('table limits and growth are whole numbers, else a limit error', () => {
    const { store } = freshStore();
    layerError(() => Table.new(store, new TableType('funcref', -1), Val.funcref(null)), 'limit');
    layerError(() => Table.new(store, new TableType('funcref', 1.5), Val.funcref(null)), 'limit');
    const table = Table.new(store, new TableType('funcref', 1, 4), Val.funcref(null));
    layerError(() => table.grow(store, -1, Val.funcref(null)), 'limit');
    layerError(() => table.grow(store, 1.5, Val.funcref(null)), 'limit');
    expect(table.size(store)).toBe(1);
  });

  it('a host function checks the abstract kind of a GC reference it is given', () => {
    const { store } = freshStore();
    const takesStruct = Func.new(store, new FuncType(['(ref struct)'], []), () => []);
    const i31 = Val.anyref(AnyRef.i31(store, 1));
    expect(layerError(() => takesStruct.call(store, [i31]), 'type').message).toContain(
      'expected (ref struct)',
    );
    const takesEq = Func.new(store, new FuncType(['eqref'], []), () => []);
    expect(takesEq.call(store, [i31])).toEqual([]);
    const host = Val.anyref(AnyRef.fromExtern(store, ExternRef.new(store, 'text')));
    layerError(() => takesEq.call(store, [host]), 'type');
  });

  it('an uncaught exception is named, and a v128 payload is refused rather than read', async () => {
    const { store } = freshStore();
    const instance = await instantiateWat(
      store,
      `(module
        (tag $t (export "t") (param i32 v128))
        (func (export "run") i32.const 1 v128.const i64x2 0 0 throw $t))`,
    );
    const error = layerError(() => funcOf(instance, store, 'run').call(store, []), 'trap');
    expect(error.message).toContain('uncaught WebAssembly exception');
    const tag = instance.getExport(store, 't') as Tag;
    expect(layerError(() => tag.payload(store, error), 'type').message).toContain('v128');
  });
});

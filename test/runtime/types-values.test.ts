import { describe, expect, it } from 'vitest';
import {
  FuncType,
  GlobalType,
  MemoryType,
  TableType,
  VAL_TYPES,
  Val,
  isFuncType,
  isGlobalType,
  isMemoryType,
  isRef,
  valEquals,
} from '../../src/runtime/index.ts';
import { layerError } from './helpers.ts';

describe('types and values (A1–A7)', () => {
  it('a FuncType keeps its params and results (A1)', () => {
    const ty = new FuncType(['i32', 'i64'], ['f32', 'f64']);
    expect(ty.params).toEqual(['i32', 'i64']);
    expect(ty.results).toEqual(['f32', 'f64']);
  });

  it('FuncType equality ignores the name (A2)', () => {
    const ty = new FuncType(['i32'], ['i32']);
    expect(ty.withName('a').equals(ty.withName('b'))).toBe(true);
    expect(ty.withName('a').equals(ty)).toBe(true);
    expect(ty.withName('a').name).toBe('a');
    expect(ty.equals(new FuncType(['i64'], ['i32']))).toBe(false);
  });

  it('FuncType displays " -> " before every result, like the crate (A3)', () => {
    expect(new FuncType(['i32', 'i64'], ['f32', 'f64']).toString()).toBe(
      'func(i32, i64) -> f32 -> f64',
    );
    expect(new FuncType([], []).toString()).toBe('func()');
    expect(new FuncType(['i32'], ['i32']).toString()).toBe('func(i32) -> i32');
  });

  it('value types display as their names (A4)', () => {
    expect(VAL_TYPES.map(String)).toEqual([
      'i32',
      'i64',
      'f32',
      'f64',
      'v128',
      'funcref',
      'externref',
    ]);
  });

  it('a TableType whose maximum is below its minimum is a limit error (A5)', () => {
    layerError(() => new TableType('funcref', 5, 3), 'limit');
    expect(new TableType('funcref', 3, 3).maximum).toBe(3);
  });

  it('values compare by IEEE rules and references never compare equal (A6)', () => {
    expect(valEquals(Val.i32(1), Val.i32(1))).toBe(true);
    expect(valEquals(Val.i32(1), Val.i64(1n))).toBe(false);
    expect(valEquals(Val.f64(Number.NaN), Val.f64(Number.NaN))).toBe(false);
    expect(valEquals(Val.f32(0), Val.f32(-0))).toBe(true);
    expect(valEquals(Val.funcref(null), Val.funcref(null))).toBe(false);
    expect(valEquals(Val.externref(null), Val.externref(null))).toBe(false);
  });

  it('extern type guards tell the kinds apart and refs report their type (A7)', () => {
    const memory = new MemoryType(1);
    expect(isFuncType(memory)).toBe(false);
    expect(isMemoryType(memory)).toBe(true);
    expect(isGlobalType(new GlobalType('i32', false))).toBe(true);
    const ref = Val.funcref(null);
    expect(isRef(ref)).toBe(true);
    expect(ref.type).toBe('funcref');
  });

  it('value constructors reject payloads that do not fit instead of coercing', () => {
    layerError(() => Val.i32(2.9), 'type');
    layerError(() => Val.i32(2 ** 32), 'type');
    layerError(() => Val.i64(2n ** 64n), 'type');
    layerError(() => Val.v128(new Uint8Array(15)), 'type');
    expect(Val.i32(0xffff_ffff).value).toBe(-1);
    expect(Val.i64(2n ** 64n - 1n).value).toBe(-1n);
    expect(Val.f32(0.1).value).toBe(Math.fround(0.1));
  });

  it('a FuncType with something that is not a value type is a type error', () => {
    layerError(() => new FuncType(['i33' as 'i32'], []), 'type');
  });
});

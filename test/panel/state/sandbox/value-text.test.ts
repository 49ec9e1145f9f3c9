import { describe, expect, it } from 'vitest';
import {
  formatValue,
  parseValue,
  type KnownRef,
} from '../../../../src/panel/state/sandbox/index.ts';
import type { SandboxVal } from '../../../../src/protocol/sandbox/index.ts';

const ok = (text: string, type: string, known: KnownRef[] = []): SandboxVal => {
  const parsed = parseValue(text, type, known);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const error = (text: string, type: string, known: KnownRef[] = []): string => {
  const parsed = parseValue(text, type, known);
  if (parsed.ok)
    throw new Error(
      `${text} parsed as ${JSON.stringify(parsed.value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`,
    );
  return parsed.error;
};

describe('typed argument fields', () => {
  it('read i32 in decimal or hex, signed or unsigned, and check the range', () => {
    expect(ok('42', 'i32')).toEqual({ type: 'i32', value: 42 });
    expect(ok('-2147483648', 'i32')).toEqual({ type: 'i32', value: -2147483648 });
    expect(ok('0xffffffff', 'i32')).toEqual({ type: 'i32', value: -1 });
    expect(ok('4294967295', 'i32')).toEqual({ type: 'i32', value: -1 });
    expect(ok(' 1_000 ', 'i32')).toEqual({ type: 'i32', value: 1000 });
    expect(error('4294967296', 'i32')).toMatch(/out of range/);
    expect(error('-2147483649', 'i32')).toMatch(/out of range/);
    expect(error('1.5', 'i32')).toMatch(/integer/);
    expect(error('', 'i32')).toMatch(/integer/);
  });

  it('read i64 exactly as a BigInt', () => {
    expect(ok('-9223372036854775808', 'i64')).toEqual({ type: 'i64', value: -(2n ** 63n) });
    expect(ok('0xffffffffffffffff', 'i64')).toEqual({ type: 'i64', value: -1n });
    expect(ok('9007199254740993', 'i64')).toEqual({ type: 'i64', value: 9007199254740993n });
    expect(error('18446744073709551616', 'i64')).toMatch(/out of range/);
  });

  it('read floats: decimals, hex floats, ±0, ±inf, NaN with and without a payload', () => {
    expect(ok('1.5', 'f32')).toEqual({ type: 'f32', bits: 0x3fc0_0000 });
    expect(ok('-0', 'f32')).toEqual({ type: 'f32', bits: 0x8000_0000 });
    expect(ok('0x1.8p1', 'f64')).toEqual({ type: 'f64', bits: 0x4008_0000_0000_0000n });
    expect(ok('-inf', 'f64')).toEqual({ type: 'f64', bits: 0xfff0_0000_0000_0000n });
    expect(ok('nan', 'f32')).toEqual({ type: 'f32', bits: 0x7fc0_0000 });
    expect(ok('-nan:0x1', 'f32')).toEqual({ type: 'f32', bits: 0xff80_0001 });
    expect(ok('nan:0x4000000000001', 'f64')).toEqual({ type: 'f64', bits: 0x7ff4_0000_0000_0001n });
    expect(ok('1e-45', 'f32')).toEqual({ type: 'f32', bits: 1 });
    expect(error('nan:0x800000', 'f32')).toMatch(/payload/);
    expect(error('one', 'f64')).toMatch(/expected a number/);
  });

  it('read v128 as one hex number or as lanes, byte 0 being the lowest', () => {
    expect(ok('0x0102', 'v128')).toEqual({ type: 'v128', hex: `0201${'0'.repeat(28)}` });
    expect(ok('i32x4 1 2 3 -1', 'v128')).toEqual({
      type: 'v128',
      hex: '01000000020000000300000' + '0ffffffff',
    });
    expect(ok('i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 255', 'v128')).toEqual({
      type: 'v128',
      hex: '000102030405060708090a0b0c0d0eff',
    });
    expect(ok('f64x2 1 -0', 'v128')).toEqual({
      type: 'v128',
      hex: '000000000000f03f0000000000000080',
    });
    expect(error('i32x4 1 2 3', 'v128')).toMatch(/needs 4 lanes/);
    expect(error('i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0', 'v128')).toMatch(/lane 0/);
  });

  it('read references as null or a known handle of the right kind', () => {
    const known: KnownRef[] = [
      { handle: 3, family: 'funcref', label: 'add' },
      { handle: 7, family: 'externref', label: 'ExternRef "note"' },
    ];
    expect(ok('null', 'funcref', known)).toEqual({ type: 'funcref', ref: null });
    expect(ok('#3', 'funcref', known)).toEqual({ type: 'funcref', ref: 3 });
    expect(ok('7', '(ref extern)', known)).toEqual({ type: 'externref', ref: 7 });
    expect(error('null', '(ref func)', known)).toMatch(/cannot be null/);
    expect(error('#7', 'funcref', known)).toMatch(/is a externref/);
    expect(error('#9', 'externref', known)).toMatch(/not a known reference/);
  });

  it('format values as text that parses back to the same bits, with the hex beside it', () => {
    const samples: [SandboxVal, string, string][] = [
      [{ type: 'i32', value: -1 }, '-1', '0xffffffff'],
      [{ type: 'i64', value: -(2n ** 63n) }, '-9223372036854775808', '0x8000000000000000'],
      [{ type: 'f32', bits: 0x3dcc_cccd }, '0.1', '0x3dcccccd'],
      [{ type: 'f32', bits: 0xff80_0001 }, '-nan:0x1', '0xff800001'],
      [{ type: 'f64', bits: 0x8000_0000_0000_0000n }, '-0', '0x8000000000000000'],
      [{ type: 'f64', bits: 0x7ff8_0000_0000_0000n }, 'nan', '0x7ff8000000000000'],
      [{ type: 'f64', bits: 0x7ff0_0000_0000_0000n }, 'inf', '0x7ff0000000000000'],
      [
        { type: 'v128', hex: '01000000020000000300000004000000' },
        '0x00000004000000030000000200000001',
        'i32x4 1 2 3 4',
      ],
    ];
    for (const [value, text, detail] of samples) {
      expect(formatValue(value)).toEqual({ text, detail });
      expect(ok(text, value.type)).toEqual(value);
    }
    expect(formatValue({ type: 'funcref', ref: 3, label: 'Func add' })).toEqual({
      text: '#3',
      detail: 'Func add',
    });
  });
});

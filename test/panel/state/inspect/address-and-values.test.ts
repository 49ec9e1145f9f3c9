import { describe, expect, it } from 'vitest';
import {
  interpretValues,
  parseAddress,
  parseSearchQuery,
  textAtCursor,
  type InterpretedValue,
} from '../../../../src/panel/state/index.ts';

const context = { cursor: 0x100, length: 0x10000 };
const address = (text: string) => parseAddress(text, context);

describe('parseAddress', () => {
  it('reads hex with 0x, decimal, and hex with a letter but no prefix', () => {
    expect(address('0x1f40')).toEqual({ ok: true, address: 0x1f40 });
    expect(address('8000')).toEqual({ ok: true, address: 8000 });
    expect(address('ff00')).toEqual({ ok: true, address: 0xff00 });
    expect(address('  0X10  ')).toEqual({ ok: true, address: 16 });
  });

  it('evaluates + - * with parentheses and . for the cursor', () => {
    expect(address('0x10+4')).toEqual({ ok: true, address: 20 });
    expect(address('. + 0x10')).toEqual({ ok: true, address: 0x110 });
    expect(address('(0x400 - 8) * 2')).toEqual({ ok: true, address: (0x400 - 8) * 2 });
    expect(address('.-1')).toEqual({ ok: true, address: 0xff });
    expect(address('2+3*4')).toEqual({ ok: true, address: 14 });
  });

  it('says why an address is not one, with the column', () => {
    expect(address('')).toMatchObject({ ok: false, error: 'enter an address' });
    expect(address('0x10 +')).toMatchObject({ ok: false, column: 6 });
    expect(address('12 $')).toMatchObject({ ok: false, error: 'unexpected "$"', column: 3 });
    expect(address('(1+2')).toMatchObject({ ok: false, error: 'missing ")"' });
    expect(address('0x10000')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/past the end/),
    });
    expect(address('. - 0x200')).toMatchObject({ ok: false, error: 'the address is negative' });
    expect(address('12g')).toMatchObject({ ok: false });
  });

  it('keeps 64-bit addresses exact below 2^53', () => {
    const big = parseAddress('0x1000000000 + 1', { cursor: 0, length: 2 ** 40 });
    expect(big).toEqual({ ok: true, address: 2 ** 36 + 1 });
  });
});

describe('interpretValues', () => {
  const options = {
    endianness: 'little' as const,
    integerFormat: 'dec' as const,
    floatFormat: 'dec' as const,
    memoryLength: 0x10000,
  };
  const byType = (values: InterpretedValue[]) =>
    Object.fromEntries(values.map((v) => [v.type, v.text]));

  it('reads every integer width signed and unsigned, little endian', () => {
    const values = byType(
      interpretValues(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), options),
    );
    expect(values).toMatchObject({
      i8: '-1',
      u8: '255',
      i16: '-1',
      u16: '65535',
      i32: '-1',
      u32: '4294967295',
      i64: '-1',
      u64: '18446744073709551615',
    });
  });

  it('follows the byte order and writes hex when asked', () => {
    const bytes = Uint8Array.of(0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0);
    expect(byType(interpretValues(bytes, options)).u32).toBe(String(0x78563412));
    const big = byType(
      interpretValues(bytes, { ...options, endianness: 'big', integerFormat: 'hex' }),
    );
    expect(big.u32).toBe('0x12345678');
    expect(big.i16).toBe('0x1234');
    expect(
      byType(interpretValues(Uint8Array.of(0x80), { ...options, integerFormat: 'hex' })).i8,
    ).toBe('-0x80');
  });

  it('writes floats with -0, infinities, NaN payloads and scientific notation', () => {
    const f64 = (value: number) => {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setFloat64(0, value, true);
      return bytes;
    };
    expect(byType(interpretValues(f64(1.5), options)).f64).toBe('1.5');
    expect(byType(interpretValues(f64(-0), options)).f64).toBe('-0');
    expect(byType(interpretValues(f64(-Infinity), options)).f64).toBe('-Infinity');
    expect(byType(interpretValues(f64(12345.678), { ...options, floatFormat: 'sci' })).f64).toBe(
      '1.2345678e+4',
    );
    const nan = Uint8Array.of(0x01, 0x00, 0xc0, 0x7f);
    expect(byType(interpretValues(nan, options)).f32).toBe('NaN (0x7fc00001)');
  });

  it('gives pointers a target only inside the memory', () => {
    const values = interpretValues(Uint8Array.of(0x10, 0, 0, 0, 0, 0, 1, 0), options);
    const ptr32 = values.find((v) => v.type === 'ptr32');
    const ptr64 = values.find((v) => v.type === 'ptr64');
    expect(ptr32).toMatchObject({ text: '0x00000010', target: 0x10 });
    expect(ptr64).toMatchObject({ target: null });
  });

  it('has no value for a type whose bytes run past the end', () => {
    const values = byType(interpretValues(Uint8Array.of(1, 2, 3), options));
    expect(values.u16).toBe(String(0x0201));
    expect(values.i32).toBeNull();
    expect(values.f64).toBeNull();
  });
});

describe('textAtCursor', () => {
  it('reads a C string up to the NUL with escapes, and the same bytes as UTF-8', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('héllo\n"x"\t'), 0, 65]);
    const text = textAtCursor(bytes);
    expect(text.cString).toBe('h\\xc3\\xa9llo\\n\\"x\\"\\t');
    expect(text.utf8).toBe('héllo\n"x"\t');
    expect(text.utf8Valid).toBe(true);
    expect(text.terminated).toBe(true);
    expect(text.length).toBe(11);
  });

  it('says when the bytes are not UTF-8 or not terminated', () => {
    const text = textAtCursor(Uint8Array.of(0x41, 0xff, 0x42));
    expect(text.utf8).toBe('A\ufffdB');
    expect(text.utf8Valid).toBe(false);
    expect(text.terminated).toBe(false);
  });
});

describe('parseSearchQuery', () => {
  it('reads hex in any spacing', () => {
    const expected = Uint8Array.of(0xde, 0xad, 0xbe, 0xef);
    for (const text of ['de ad be ef', 'deadbeef', '0xde,0xad, 0xbe 0xef', 'DE AD BEEF'])
      expect(parseSearchQuery(text, 'hex')).toEqual({ ok: true, pattern: expected });
    expect(parseSearchQuery('a 1', 'hex')).toEqual({
      ok: true,
      pattern: Uint8Array.of(0x0a, 0x01),
    });
  });

  it('refuses bad hex with a reason', () => {
    expect(parseSearchQuery('abc', 'hex')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/odd/),
    });
    expect(parseSearchQuery('zz', 'hex')).toMatchObject({ ok: false, error: '"zz" is not hex' });
    expect(parseSearchQuery('  ', 'hex')).toMatchObject({ ok: false });
  });

  it('encodes text as UTF-8', () => {
    expect(parseSearchQuery('✓', 'text')).toEqual({
      ok: true,
      pattern: Uint8Array.of(0xe2, 0x9c, 0x93),
    });
    expect(parseSearchQuery('', 'text')).toMatchObject({ ok: false });
  });
});

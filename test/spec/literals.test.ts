import { describe, expect, it } from 'vitest';
import { watToWasm } from '../support/wat.ts';
import { parseF32Bits, parseF64Bits, parseIntBits } from './literals.ts';

/** The constant wabt encodes for `text`, read back from the tail of the code section. */
async function wabtBits(type: 'f32' | 'f64', text: string): Promise<bigint> {
  const bytes = await watToWasm(`(module (func (result ${type}) (${type}.const ${text})))`, {
    names: false,
  });
  const size = type === 'f32' ? 4 : 8;
  // The body ends with the constant's bytes followed by `end` (0x0b).
  const view = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 1 - size, size);
  return type === 'f32' ? BigInt(view.getUint32(0, true)) : view.getBigUint64(0, true);
}

const FLOAT_LITERALS = [
  '0',
  '-0',
  '1',
  '0.1',
  '1e38',
  '3.4028235e38',
  '1e-45',
  '0.7e-45',
  '1.000000059604644775390625',
  '1.00000005960464477539062499999',
  '0x1p-149',
  '0x1.fffffep127',
  '0x1.fffffefffffffffffp127',
  '0x1.000001p0',
  '0x1.0000010000000000001p0',
  '-0x1.8p-1',
  '1_000.000_1',
  '123456789e-5',
  '2.2250738585072011e-308',
  '4.9e-324',
  '1.7976931348623157e308',
  'inf',
  '-inf',
  'nan',
  '-nan:0x200000',
  'nan:0x1',
];

describe('float literals', () => {
  it.each(FLOAT_LITERALS.filter((t) => !t.endsWith('e308')))(
    'f32 %s matches wabt',
    async (text) => {
      expect(parseF32Bits(text).toString(16)).toBe((await wabtBits('f32', text)).toString(16));
    },
  );
  it('rejects finite literals that round to infinity', () => {
    expect(() => parseF32Bits('3.4028236e38')).toThrow(/out of range/);
    expect(() => parseF64Bits('0x1.fffffffffffff8p1023')).toThrow(/out of range/);
  });
  it.each(FLOAT_LITERALS)('f64 %s matches wabt', async (text) => {
    expect(parseF64Bits(text).toString(16)).toBe((await wabtBits('f64', text)).toString(16));
  });
});

describe('integer literals', () => {
  it('wraps signed and hex forms to the width', () => {
    expect(parseIntBits('-1', 32)).toBe(0xffff_ffffn);
    expect(parseIntBits('0x8000_0000', 32)).toBe(0x8000_0000n);
    expect(parseIntBits('-0x8000000000000000', 64)).toBe(0x8000_0000_0000_0000n);
    expect(parseIntBits('-128', 8)).toBe(0x80n);
  });
  it('rejects malformed digits', () => {
    expect(() => parseIntBits('0x', 32)).toThrow();
    expect(() => parseIntBits('12a', 32)).toThrow();
  });
});

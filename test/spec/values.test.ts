import { describe, expect, it } from 'vitest';
import { parseSExprs } from '../support/wast.ts';
import { parseArg, parseExpected } from './values.ts';

const form = (text: string) => parseSExprs(`(x ${text})`)[0].items[1];

describe('spec values', () => {
  it('encodes v128 lanes little-endian', () => {
    expect(parseArg(form('(v128.const i16x8 1 -1 0 0 0 0 0 0x8000)'))).toEqual({
      type: 'v128',
      hex: '0100ffff0000000000000000000000' + '80',
    });
  });

  it('keeps NaN classes per lane and either alternatives', () => {
    expect(parseExpected(form('(v128.const f32x4 nan:canonical 1 nan:arithmetic -0)'))).toEqual({
      type: 'v128',
      shape: 'f32x4',
      lanes: [
        { kind: 'nan:canonical' },
        { kind: 'bits', bits: String(0x3f80_0000) },
        { kind: 'nan:arithmetic' },
        { kind: 'bits', bits: String(0x8000_0000) },
      ],
    });
    expect(parseExpected(form('(either (i32.const 1) (i32.const -1))'))).toEqual({
      type: 'either',
      options: [
        { type: 'i32', bits: 1 },
        { type: 'i32', bits: 0xffff_ffff },
      ],
    });
  });

  it('reads reference results', () => {
    expect(parseExpected(form('(ref.null func)'))).toEqual({ type: 'ref.null', heap: 'func' });
    expect(parseExpected(form('(ref.extern 7)'))).toEqual({ type: 'ref.extern', payload: 7 });
    expect(parseExpected(form('(ref.extern)'))).toEqual({ type: 'ref.extern' });
    expect(parseExpected(form('(ref.func)'))).toEqual({ type: 'ref.func' });
  });
});

/**
 * Turns the constant forms of a `.wast` script (`(i32.const …)`, `(v128.const f32x4 …)`,
 * `(ref.null func)`, `nan:canonical`, `(either …)`) into the JSON value specs of
 * `commands.ts`.
 */
import type { SExpr, SList } from '../support/wast.ts';
import type { ArgValue, ExpectedValue, FloatPattern, V128Shape } from './commands.ts';
import { parseF32Bits, parseF64Bits, parseIntBits } from './literals.ts';

const LANES: Record<V128Shape, { count: number; bits: 8 | 16 | 32 | 64 }> = {
  i8x16: { count: 16, bits: 8 },
  i16x8: { count: 8, bits: 16 },
  i32x4: { count: 4, bits: 32 },
  i64x2: { count: 2, bits: 64 },
  f32x4: { count: 4, bits: 32 },
  f64x2: { count: 2, bits: 64 },
};

/** The atom texts of a list after its head, failing on anything else. */
function atomsAfterHead(node: SList): string[] {
  return node.items.slice(1).map((item) => {
    if (item.kind !== 'atom') throw new Error('expected an atom in a constant');
    return item.text;
  });
}

function headOf(node: SExpr): string {
  if (node.kind !== 'list' || node.items[0]?.kind !== 'atom') {
    throw new Error('expected a constant form');
  }
  return node.items[0].text;
}

function laneBits(shape: V128Shape, text: string): bigint {
  if (shape === 'f32x4') return parseF32Bits(text);
  if (shape === 'f64x2') return parseF64Bits(text);
  return parseIntBits(text, LANES[shape].bits);
}

function isShape(text: string): text is V128Shape {
  return text in LANES;
}

/** Little-endian hex of a v128 built from lanes of the given shape. */
function v128Hex(shape: V128Shape, lanes: bigint[]): string {
  const laneBytes = LANES[shape].bits / 8;
  let hex = '';
  for (const lane of lanes) {
    for (let byte = 0; byte < laneBytes; byte++) {
      hex += ((lane >> BigInt(byte * 8)) & 0xffn).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

function shapeAndLanes(node: SList): { shape: V128Shape; lanes: string[] } {
  const [shape, ...lanes] = atomsAfterHead(node);
  if (!shape || !isShape(shape) || lanes.length !== LANES[shape].count) {
    throw new Error(`bad v128.const ${shape}`);
  }
  return { shape, lanes };
}

/** Parses an argument constant of an `invoke`. */
export function parseArg(node: SExpr): ArgValue {
  const kind = headOf(node);
  const list = node as SList;
  const [first] = atomsAfterHead(list);
  switch (kind) {
    case 'i32.const':
      return { type: 'i32', bits: Number(parseIntBits(first, 32)) };
    case 'i64.const':
      return { type: 'i64', bits: parseIntBits(first, 64).toString() };
    case 'f32.const':
      return { type: 'f32', bits: Number(parseF32Bits(first)) };
    case 'f64.const':
      return { type: 'f64', bits: parseF64Bits(first).toString() };
    case 'v128.const': {
      const { shape, lanes } = shapeAndLanes(list);
      return {
        type: 'v128',
        hex: v128Hex(
          shape,
          lanes.map((lane) => laneBits(shape, lane)),
        ),
      };
    }
    case 'ref.null':
      return { type: 'ref.null', heap: first ?? 'any' };
    case 'ref.extern':
      return { type: 'ref.extern', payload: Number(first) };
    case 'ref.host':
      return { type: 'ref.host', payload: Number(first) };
    default:
      throw new Error(`unknown argument form ${kind}`);
  }
}

function floatPattern(text: string, parse: (t: string) => bigint): FloatPattern {
  if (text === 'nan:canonical' || text === 'nan:arithmetic') return { kind: text };
  return { kind: 'bits', bits: parse(text).toString() };
}

/** Parses an expected result of an `assert_return`. */
export function parseExpected(node: SExpr): ExpectedValue {
  const kind = headOf(node);
  const list = node as SList;
  if (kind === 'either') return { type: 'either', options: list.items.slice(1).map(parseExpected) };
  const [first] = atomsAfterHead(list);
  switch (kind) {
    case 'i32.const':
      return { type: 'i32', bits: Number(parseIntBits(first, 32)) };
    case 'i64.const':
      return { type: 'i64', bits: parseIntBits(first, 64).toString() };
    case 'f32.const':
      return { type: 'f32', pattern: floatPattern(first, parseF32Bits) };
    case 'f64.const':
      return { type: 'f64', pattern: floatPattern(first, parseF64Bits) };
    case 'v128.const': {
      const { shape, lanes } = shapeAndLanes(list);
      const float = shape === 'f32x4' ? parseF32Bits : shape === 'f64x2' ? parseF64Bits : null;
      return {
        type: 'v128',
        shape,
        lanes: lanes.map((lane) =>
          float ? floatPattern(lane, float) : laneBits(shape, lane).toString(),
        ),
      };
    }
    case 'ref.null':
      // A bare `(ref.null)` expects a null of any hierarchy.
      return { type: 'ref.null', heap: first ?? '' };
    case 'ref.extern':
      return first === undefined
        ? { type: 'ref.extern' }
        : { type: 'ref.extern', payload: Number(first) };
    case 'ref.host':
      return first === undefined
        ? { type: 'ref.host' }
        : { type: 'ref.host', payload: Number(first) };
    case 'ref.func':
      return { type: 'ref.func' };
    case 'ref.any':
    case 'ref.eq':
    case 'ref.i31':
    case 'ref.struct':
    case 'ref.array':
    case 'ref.exn':
      return { type: 'ref.gc', kind: kind.slice(4) };
    default:
      throw new Error(`unknown result form ${kind}`);
  }
}

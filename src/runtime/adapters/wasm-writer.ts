/**
 * A tiny WebAssembly binary writer for the modules the runtime generates itself (adapters and
 * feature canaries). Generating bytes instead of source text keeps the runtime free of `eval`
 * and of an assembler. It wraps no JS API object.
 */
import { HEAP_TYPE_CODES } from '../../wasm/index.ts';
import { refTypeParts, type ValType } from '../types.ts';

/** Bytes of an encoded item. */
export type Bytes = number[];

/** Unsigned LEB128. */
export function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A length-prefixed UTF-8 name. */
export function name(text: string): Bytes {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/** A vector: count, then the items. */
export function vec(items: readonly Bytes[]): Bytes {
  return [...uleb(items.length), ...items.flat()];
}

const NUMERIC_BYTE: Record<string, number> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
};

/**
 * The encoding of a value type: one byte for numeric types and nullable abstract references
 * (their shorthand), `0x64 heaptype` for non-nullable references.
 */
export function valtype(t: ValType): Bytes {
  const numeric = NUMERIC_BYTE[t];
  if (numeric !== undefined) return [numeric];
  const parts = refTypeParts(t);
  if (parts === undefined) throw new TypeError(`not a value type: ${String(t)}`);
  const heap = HEAP_TYPE_CODES[parts.heap];
  return parts.nullable ? [heap] : [0x64, heap];
}

/** A `func` type entry. */
export function funcType(params: readonly ValType[], results: readonly ValType[]): Bytes {
  return [0x60, ...vec(params.map(valtype)), ...vec(results.map(valtype))];
}

/** A function body: local declarations (one entry per local) and code ending in `end`. */
export function body(locals: readonly ValType[], code: readonly number[]): Bytes {
  const groups: Bytes[] = [];
  for (const t of locals) groups.push([1, ...valtype(t)]);
  const content = [...vec(groups), ...code, 0x0b];
  return [...uleb(content.length), ...content];
}

/** Section ids used by the generated modules. */
export const SECTION = {
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** Assembles a module from `[sectionId, payload]` pairs, in the order given. */
export function module(sections: readonly (readonly [number, Bytes])[]): Uint8Array<ArrayBuffer> {
  const parts: ArrayLike<number>[] = [[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]];
  for (const [id, payload] of sections) parts.push([id, ...uleb(payload.length)], payload);
  // Copied part by part: a spread of a large payload would overflow the call stack.
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Import/export kind bytes. */
export const KIND = { func: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;

/** Opcodes the adapters use. */
export const OP = {
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  call: 0x10,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  globalSet: 0x24,
  tableGet: 0x25,
  tableSet: 0x26,
  i32Const: 0x41,
  i32Eq: 0x46,
  refNull: 0xd0,
  refIsNull: 0xd1,
  refAsNonNull: 0xd4,
  /** The 0xfc prefix: `table.grow` is 15, `table.fill` 17 after it. */
  misc: 0xfc,
  simd: 0xfd,
} as const;

/** SIMD sub-opcodes (after 0xfd). */
export const SIMD = {
  v128Const: 0x0c,
  i32x4Splat: 0x11,
  i32x4ExtractLane: 0x1b,
  i32x4ReplaceLane: 0x1c,
};

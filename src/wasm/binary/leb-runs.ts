/**
 * Tight loops over runs of u32 LEB128 values (function type indices, element items, body
 * sizes), where a call to `ByteReader.u32` per value dominates the cost of decoding a large
 * module. Anything unusual (a value of four or more bytes, the last bytes of the range) goes back to
 * `ByteReader.u32`, so errors are the reader's own.
 */
import type { ByteReader } from './byte-reader.ts';

/**
 * Decodes a u32 of at most three bytes at `pos` as `value << 2 | byteLength` (so overlong forms
 * keep their length), or returns -1 for anything the slow path must handle.
 */
function fastU32(bytes: Uint8Array, pos: number, end: number): number {
  if (pos + 3 > end) return -1;
  const b0 = bytes[pos];
  if (b0 < 0x80) return (b0 << 2) | 1;
  const b1 = bytes[pos + 1];
  if (b1 < 0x80) return (((b0 & 0x7f) | (b1 << 7)) << 2) | 2;
  const b2 = bytes[pos + 2];
  if (b2 < 0x80) return (((b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14)) << 2) | 3;
  return -1;
}

/** Reads `count` u32 values into `out`. */
export function readU32Run(r: ByteReader, count: number, out: Uint32Array): void {
  const bytes = r.bytes;
  const end = r.end;
  for (let i = 0; i < count; i++) {
    const packed = fastU32(bytes, r.pos, end);
    if (packed < 0) out[i] = r.u32();
    else {
      out[i] = packed >> 2;
      r.pos += packed & 3;
    }
  }
}

/** Checks and skips `count` u32 values. */
export function skipU32Run(r: ByteReader, count: number): void {
  const bytes = r.bytes;
  const end = r.end;
  for (let i = 0; i < count; i++) {
    const packed = fastU32(bytes, r.pos, end);
    if (packed < 0) r.u32();
    else r.pos += packed & 3;
  }
}

/**
 * Walks size-prefixed entries `from` to `to` (exclusive) of the code section, writing `start,
 * contentStart, end` of entry i to `out[3 * i]`.
 */
export function walkSizedEntries(r: ByteReader, from: number, to: number, out: Uint32Array): void {
  const bytes = r.bytes;
  const end = r.end;
  for (let i = from; i < to; i++) {
    const start = r.pos;
    const packed = fastU32(bytes, start, end);
    let size: number;
    if (packed < 0) size = r.u32();
    else {
      size = packed >> 2;
      r.pos += packed & 3;
    }
    out[3 * i] = start;
    out[3 * i + 1] = r.pos;
    r.skip(size);
    out[3 * i + 2] = r.pos;
  }
}

import { WasmDecodeError } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A cursor over a byte range of a module, with the primitive readers of the binary format.
 * Every read is bounds-checked against `end` and throws `WasmDecodeError` with the absolute
 * byte offset; LEB128 reads enforce the spec's length and unused-bit rules.
 *
 * Offsets are always absolute positions in `bytes` (the whole module), so errors and
 * instruction offsets point into the file the user has, not into a sub-view.
 */
export class ByteReader {
  /** Current absolute position. */
  pos: number;
  /** Section name used in error messages (set by whoever is decoding a section). */
  section: string | undefined;

  constructor(
    /** The whole module. */
    readonly bytes: Uint8Array,
    start = 0,
    /** Absolute end (exclusive) of the readable range. */
    public end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Throws a `WasmDecodeError` at `offset` (default: the current position). */
  fail(reason: string, offset = this.pos): never {
    throw new WasmDecodeError(reason, offset, this.section);
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** True when the cursor is at `end`. */
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++];
  }

  /** Reads `n` raw bytes as a subarray (no copy). */
  bytesView(n: number): Uint8Array {
    if (n > this.end - this.pos)
      this.fail(`unexpected end: ${n} bytes needed, ${this.end - this.pos} left`);
    const view = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  /** Skips `n` bytes. */
  skip(n: number): void {
    if (n > this.end - this.pos)
      this.fail(`unexpected end: ${n} bytes needed, ${this.end - this.pos} left`);
    this.pos += n;
  }

  /** Unsigned 32-bit LEB128 (at most 5 bytes, unused bits of the last byte zero). */
  u32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos < this.end) {
      const b = bytes[pos];
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let result = 0;
    let shift = 0;
    const start = pos;
    for (;;) {
      if (pos >= this.end) this.fail('unexpected end in LEB128 integer', start);
      const b = bytes[pos++];
      if (shift === 28) {
        if (b & 0x80) this.fail('integer representation too long', start);
        if (b & 0x70) this.fail('integer too large', start);
        result += b * 0x10000000; // avoid the sign bit of 32-bit `|`
        break;
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
    }
    this.pos = pos;
    return result >>> 0 === result ? result : result >>> 0;
  }

  /** Signed 32-bit LEB128. */
  s32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    const start = pos;
    let result = 0;
    let shift = 0;
    let b: number;
    for (;;) {
      if (pos >= this.end) this.fail('unexpected end in LEB128 integer', start);
      b = bytes[pos++];
      if (shift === 28) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // bits 3..6 must all equal the sign bit (bit 3)
        const high = b & 0x78;
        if (high !== 0 && high !== 0x78) this.fail('integer too large', start);
        result |= b << 28;
        this.pos = pos;
        return result;
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result;
  }

  /** Signed 33-bit LEB128 (block types); returned as a number. */
  s33(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    const start = pos;
    let result = 0;
    let mul = 1;
    let b: number;
    for (let i = 0; ; i++) {
      if (pos >= this.end) this.fail('unexpected end in LEB128 integer', start);
      b = bytes[pos++];
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        const high = b & 0x70;
        if (high !== 0 && high !== 0x70) this.fail('integer too large', start);
        result += (b & 0x7f) * mul;
        mul *= 128;
        break;
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
    if (b & 0x40) result -= mul;
    return result;
  }

  /** Signed 64-bit LEB128 as a bigint. */
  s64(): bigint {
    return this.leb64(true);
  }

  /** Unsigned 64-bit LEB128 as a bigint. */
  u64(): bigint {
    return this.leb64(false);
  }

  private leb64(signed: boolean): bigint {
    const bytes = this.bytes;
    let pos = this.pos;
    const start = pos;
    // Fast path: up to 4 bytes fit in a small integer.
    let small = 0;
    let shift = 0;
    for (let i = 0; i < 4; i++) {
      if (pos >= this.end) this.fail('unexpected end in LEB128 integer', start);
      const b = bytes[pos++];
      small |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        if (signed && b & 0x40) small |= -1 << shift;
        return BigInt(small);
      }
    }
    let result = BigInt(small >>> 0);
    let bshift = 28n;
    for (let i = 4; ; i++) {
      if (pos >= this.end) this.fail('unexpected end in LEB128 integer', start);
      const b = bytes[pos++];
      if (i === 9) {
        if (b & 0x80) this.fail('integer representation too long', start);
        if (signed) {
          if (b !== 0 && b !== 0x7f) this.fail('integer too large', start);
        } else if (b & 0x7e) this.fail('integer too large', start);
        result |= BigInt(b & 0x7f) << bshift;
        this.pos = pos;
        if (signed) return BigInt.asIntN(64, result);
        return BigInt.asUintN(64, result);
      }
      result |= BigInt(b & 0x7f) << bshift;
      bshift += 7n;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        if (signed && b & 0x40) result -= 1n << bshift;
        return result;
      }
    }
  }

  /** Little-endian IEEE 754 single, as its raw 32 bits (NaN payloads survive). */
  f32Bits(): number {
    if (this.end - this.pos < 4) this.fail('unexpected end in f32 constant');
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** Little-endian IEEE 754 double, as its raw 64 bits. */
  f64Bits(): bigint {
    const lo = this.f32Bits();
    const hi = this.f32Bits();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A UTF-8 name (length-prefixed); malformed UTF-8 is an error. */
  name(): string {
    const start = this.pos;
    const len = this.u32();
    if (len > this.end - this.pos)
      this.fail(`name length ${len} exceeds the ${this.end - this.pos} bytes left`, start);
    const view = this.bytes.subarray(this.pos, this.pos + len);
    let ascii = true;
    for (let i = 0; i < len; i++) {
      if (view[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    let text: string;
    if (ascii) {
      text = len < 64 ? String.fromCharCode.apply(null, view as unknown as number[]) : latin1(view);
    } else {
      try {
        text = utf8.decode(view);
      } catch {
        this.fail('malformed UTF-8 encoding', this.pos);
      }
    }
    this.pos += len;
    return text;
  }

  /**
   * Reads a vector length and checks it against the bytes left, assuming each element takes at
   * least `minElementSize` bytes, so a forged count cannot make us allocate or loop for long.
   */
  count(what: string, minElementSize = 1): number {
    const start = this.pos;
    const n = this.u32();
    if (n * minElementSize > this.end - this.pos) {
      this.fail(
        `${what} count ${n} is larger than the ${this.end - this.pos} bytes left could hold`,
        start,
      );
    }
    return n;
  }
}

function latin1(view: Uint8Array): string {
  let s = '';
  for (let i = 0; i < view.length; i += 4096) {
    s += String.fromCharCode.apply(null, view.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}

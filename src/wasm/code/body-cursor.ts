/**
 * The byte cursor the table-driven body walkers build on (the feature scanner's and the panel's
 * code index): bounds- and length-checked readers and skippers of the immediates whose grammar
 * is the same for every walker, returning just enough (a type's code, a memarg's shape, a
 * count) for each walker to tally or count what it needs, without allocating.
 */
import { HEAP_TYPE_CODES, WasmDecodeError } from '../binary/index.ts';
import { MAX_LOCALS } from './instructions.ts';

function fail(reason: string, offset: number): never {
  throw new WasmDecodeError(reason, offset, 'code');
}

/** 1 for the one-byte codes of abstract heap types (and so of shorthand reference types). */
const IS_HEAP_CODE = new Uint8Array(256);
for (const code of Object.values(HEAP_TYPE_CODES)) IS_HEAP_CODE[code] = 1;
/** 1 for the one-byte value-type codes: numbers, v128 and the shorthand reference types. */
const IS_VALTYPE_CODE = IS_HEAP_CODE.slice();
for (const code of [0x7f, 0x7e, 0x7d, 0x7c, 0x7b]) IS_VALTYPE_CODE[code] = 1;

/** What {@link BodyCursor.heapType} returns for a concrete heap type (a type index). */
export const HEAP_TYPE_INDEX = -1;
/** What {@link BodyCursor.blockType} returns for a type-index block type (multi-value). */
export const BLOCK_TYPE_INDEX = -1;
/** What {@link BodyCursor.blockType} returns for the empty block type. */
export const BLOCK_EMPTY = 0x40;
/** The value-type code of `(ref null ht)`, whose heap type {@link BodyCursor.refHeap} holds. */
export const REF_NULL_CODE = 0x63;
/** The value-type code of `(ref ht)`, whose heap type {@link BodyCursor.refHeap} holds. */
export const REF_CODE = 0x64;
/** A {@link BodyCursor.memArg} bit: the memarg names its memory (multi-memory's flag bit 6). */
export const MEMARG_MEMORY_INDEX = 1;
/** A {@link BodyCursor.memArg} bit: the offset needs a u64 (see {@link isU64Offset}). */
export const MEMARG_U64_OFFSET = 2;

/**
 * Skips a LEB128 at `pos` of at most `maxBytes` bytes and returns the position after it. In a
 * maximal-length encoding the bits of the last byte selected by `highMask` lie beyond the
 * integer's width: unsigned encodings need them zero, signed ones equal to the sign.
 *
 * Throws `WasmDecodeError` (section `code`) at `pos` when the LEB runs past `end`, is longer
 * than `maxBytes` or carries bits beyond its width.
 *
 * @example skipLeb(bytes, pos, end, 5, 0x70, false) // a u32
 */
export function skipLeb(
  bytes: Uint8Array,
  pos: number,
  end: number,
  maxBytes: number,
  highMask: number,
  signed: boolean,
): number {
  const start = pos;
  for (let i = 1; ; i++) {
    if (pos >= end) fail('unexpected end in LEB128 integer', start);
    const b = bytes[pos++];
    if ((b & 0x80) === 0) {
      const high = b & highMask;
      if (i === maxBytes && high !== 0 && !(signed && high === highMask)) {
        fail('integer too large', start);
      }
      return pos;
    }
    if (i === maxBytes) fail('integer representation too long', start);
  }
}

/**
 * Whether the well-formed LEB128 memarg offset in `[start, end)` needs a u64, as memory64 made
 * memarg offsets: more than 5 bytes, or 5 whose last carries bits beyond 2^32. Before
 * memory64 the offset was a u32, so such an offset is a memory64 use even on a 32-bit memory.
 */
export function isU64Offset(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  return length > 5 || (length === 5 && bytes[end - 1] > 0x0f);
}

/**
 * A cursor over one function body at a time, for walkers that extend it: `pos` and `end` are
 * plain fields so a hot loop can keep the position in a local and hand it back before calling
 * a reader. Every reader advances `pos` past what it read and throws `WasmDecodeError`
 * (section `code`, with the offset of the bad byte or count) for malformed or truncated input.
 */
export class BodyCursor {
  /** The position of the next byte to read. */
  pos = 0;
  /** Where the body being walked ends (exclusive). */
  end = 0;
  /**
   * The heap type of the last `(ref null ht)` or `(ref ht)` {@link BodyCursor.valType} read:
   * its abstract code, or {@link HEAP_TYPE_INDEX}.
   */
  refHeap = 0;

  /** A cursor over `bytes` (the whole module: bodies are addressed by absolute offsets). */
  constructor(readonly bytes: Uint8Array) {}

  /**
   * The local declarations at the start of a body: returns how many locals they declare,
   * calling {@link BodyCursor.localType} with each group's type.
   */
  locals(): number {
    const groupsAt = this.pos;
    const groups = this.u32();
    if (groups * 2 > this.end - this.pos)
      fail(`local declaration count ${groups} is larger than the body could hold`, groupsAt);
    let total = 0;
    for (let i = 0; i < groups; i++) {
      const countAt = this.pos;
      total += this.u32();
      if (total > MAX_LOCALS) fail(`too many locals: ${total} (at most ${MAX_LOCALS})`, countAt);
      const typeAt = this.pos;
      this.localType(this.valType(), typeAt);
    }
    return total;
  }

  /**
   * Called by {@link BodyCursor.locals} with each local group's value-type code (as
   * {@link BodyCursor.valType} returns it) and its offset; walkers that look at types override it.
   */
  protected localType(code: number, at: number): void {
    void code;
    void at;
  }

  /** One byte. */
  u8(): number {
    if (this.pos >= this.end) fail('unexpected end', this.pos);
    return this.bytes[this.pos++];
  }

  /** Skips `n` bytes. */
  skipBytes(n: number): void {
    if (n > this.end - this.pos) fail(`unexpected end: ${n} bytes needed`, this.pos);
    this.pos += n;
  }

  /** An unsigned 32-bit LEB128. */
  u32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    const start = pos;
    const end = this.end;
    if (pos < end && bytes[pos] < 0x80) {
      this.pos = pos + 1;
      return bytes[pos];
    }
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= end) fail('unexpected end in LEB128 integer', start);
      const b = bytes[pos++];
      if (shift === 28) {
        if (b & 0x80) fail('integer representation too long', start);
        if (b & 0x70) fail('integer too large', start);
        result += b * 0x10000000;
        break;
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
    return result >>> 0;
  }

  /** Skips an unsigned 32-bit LEB128 (checked as {@link BodyCursor.u32} checks it). */
  skipU32(): void {
    const pos = this.pos;
    if (pos < this.end && this.bytes[pos] < 0x80) this.pos = pos + 1;
    else this.u32();
  }

  /**
   * A vector's length, checked against what the rest of the body could hold at
   * `minBytesEach` bytes per element, so a huge count fails at once instead of looping.
   * Fails with "`what` count N is too large" at the count's offset.
   */
  count(what: string, minBytesEach = 1): number {
    const at = this.pos;
    const n = this.u32();
    if (n * minBytesEach > this.end - this.pos) fail(`${what} count ${n} is too large`, at);
    return n;
  }

  /**
   * An s33 heap type: returns its abstract one-byte code (0x69–0x74), or
   * {@link HEAP_TYPE_INDEX} for a type index.
   */
  heapType(): number {
    const at = this.pos;
    if (at >= this.end) fail('unexpected end', at);
    const code = this.bytes[at];
    if (code >= 0x40 && code < 0x80) {
      this.pos++;
      if (IS_HEAP_CODE[code] !== 1) fail(`malformed heap type 0x${code.toString(16)}`, at);
      return code;
    }
    // A non-negative s33 type index: at most 5 bytes, value below 2^32.
    this.pos = skipLeb(this.bytes, at, this.end, 5, 0x70, true);
    if (this.bytes[this.pos - 1] & 0x40) fail('malformed heap type', at);
    return HEAP_TYPE_INDEX;
  }

  /**
   * A value type: returns its code (a number or vector type, a shorthand reference type, or
   * {@link REF_NULL_CODE} / {@link REF_CODE}, whose heap type is then in
   * {@link BodyCursor.refHeap}).
   */
  valType(): number {
    const at = this.pos;
    const code = this.u8();
    if (IS_VALTYPE_CODE[code] === 1) return code;
    if (code === REF_NULL_CODE || code === REF_CODE) {
      this.refHeap = this.heapType();
      return code;
    }
    return fail(`malformed value type 0x${code.toString(16)}`, at);
  }

  /**
   * A block type: {@link BLOCK_EMPTY}, a value type's code (as {@link BodyCursor.valType}
   * returns it), or {@link BLOCK_TYPE_INDEX} for a non-negative s33 type index.
   */
  blockType(): number {
    if (this.pos >= this.end) fail('unexpected end', this.pos);
    const code = this.bytes[this.pos];
    if (code === BLOCK_EMPTY) {
      this.pos++;
      return BLOCK_EMPTY;
    }
    if (code >= 0x40 && code < 0x80) return this.valType();
    const at = this.pos;
    this.pos = skipLeb(this.bytes, at, this.end, 5, 0x70, true);
    if (this.bytes[this.pos - 1] & 0x40) fail('malformed block type', at);
    return BLOCK_TYPE_INDEX;
  }

  /**
   * A memarg (alignment flags, an optional memory index, the offset): returns its shape as
   * {@link MEMARG_MEMORY_INDEX} and {@link MEMARG_U64_OFFSET} bits.
   */
  memArg(): number {
    const flagsAt = this.pos;
    const flags = this.u32();
    if (flags >= 0x80) fail(`malformed memarg alignment flags 0x${flags.toString(16)}`, flagsAt);
    let shape = 0;
    // Bit 6 says a memory index follows, even index 0: an alignment of 2^64 before multi-memory.
    if (flags & 0x40) {
      this.skipU32();
      shape = MEMARG_MEMORY_INDEX;
    }
    const start = this.pos;
    this.pos = skipLeb(this.bytes, start, this.end, 10, 0x7e, false);
    if (isU64Offset(this.bytes, start, this.pos)) shape |= MEMARG_U64_OFFSET;
    return shape;
  }

  /** A `br_table`'s labels and default label: returns how many labels precede the default. */
  brTable(): number {
    const n = this.count('br_table target');
    for (let i = 0; i <= n; i++) this.skipU32();
    return n;
  }

  /** A `try_table`'s catch clauses (after its block type): returns how many there are. */
  catchClauses(): number {
    const n = this.count('catch clause', 2);
    for (let i = 0; i < n; i++) {
      const kindAt = this.pos;
      const kind = this.u8();
      if (kind > 3) fail(`malformed catch clause kind ${kind}`, kindAt);
      if (kind < 2) this.skipU32(); // catch and catch_ref name a tag
      this.skipU32();
    }
    return n;
  }

  /** The immediates of `br_on_cast` / `br_on_cast_fail`: flags, label and two heap types. */
  brOnCast(): void {
    const at = this.pos;
    if (this.u8() > 3) fail(`malformed br_on_cast flags`, at);
    this.skipU32();
    this.heapType();
    this.heapType();
  }
}

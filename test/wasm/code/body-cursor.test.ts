import { describe, expect, it } from 'vitest';
import { WasmDecodeError } from '../../../src/wasm/binary/errors.ts';
import {
  BLOCK_EMPTY,
  BLOCK_TYPE_INDEX,
  BodyCursor,
  HEAP_TYPE_INDEX,
  MAX_LOCALS,
  MEMARG_MEMORY_INDEX,
  MEMARG_U64_OFFSET,
  REF_CODE,
  REF_NULL_CODE,
  isU64Offset,
  skipLeb,
} from '../../../src/wasm/code/index.ts';
import { uleb } from '../../support/binary-writer.ts';

/**
 * The cursor reads fragments of bodies (an immediate, a local declaration), which no assembler
 * writes on their own: the fixtures are bytes. A leading 0xff pad checks that offsets are
 * absolute, as they are in a module.
 */
function cursor(...bytes: number[]): BodyCursor {
  const c = new BodyCursor(Uint8Array.from([0xff, ...bytes]));
  c.pos = 1;
  c.end = bytes.length + 1;
  return c;
}

/** The error `read` throws, to check its reason and offset. */
function failure(read: () => unknown): WasmDecodeError {
  try {
    read();
  } catch (error) {
    if (error instanceof WasmDecodeError) return error;
    throw error;
  }
  throw new Error('expected a WasmDecodeError');
}

describe('BodyCursor LEB128 readers', () => {
  it('reads u32s of one to five bytes and advances past them', () => {
    const c = cursor(0x05, 0xe5, 0x8e, 0x26, 0xff, 0xff, 0xff, 0xff, 0x0f);
    expect(c.u32()).toBe(5);
    expect(c.u32()).toBe(624485);
    expect(c.u32()).toBe(0xffffffff);
    expect(c.pos).toBe(10);
  });

  it('rejects a u32 that is too long, too large or cut off, at its first byte', () => {
    expect(failure(() => cursor(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32())).toMatchObject({
      reason: 'integer representation too long',
      offset: 1,
      section: 'code',
    });
    expect(failure(() => cursor(0xff, 0xff, 0xff, 0xff, 0x1f).u32()).reason).toBe(
      'integer too large',
    );
    expect(failure(() => cursor(0x80, 0x80).u32())).toMatchObject({
      reason: 'unexpected end in LEB128 integer',
      offset: 1,
    });
  });

  it('skips signed LEBs whose unused high bits repeat the sign, and no others', () => {
    const minusOne = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x7f]);
    expect(skipLeb(minusOne, 0, 5, 5, 0x78, true)).toBe(5);
    expect(() => skipLeb(minusOne, 0, 5, 5, 0x78, false)).toThrow('integer too large');
    expect(() =>
      skipLeb(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x4f]), 0, 5, 5, 0x78, true),
    ).toThrow('integer too large');
  });

  it('skips bytes only while the body has them', () => {
    const c = cursor(1, 2, 3);
    c.skipBytes(2);
    expect(c.u8()).toBe(3);
    expect(failure(() => c.u8())).toMatchObject({ reason: 'unexpected end', offset: 4 });
    expect(failure(() => cursor(1, 2).skipBytes(16))).toMatchObject({
      reason: 'unexpected end: 16 bytes needed',
      offset: 1,
    });
  });
});

describe('BodyCursor types', () => {
  it('returns an abstract heap type by its code and a concrete one as HEAP_TYPE_INDEX', () => {
    const c = cursor(0x70, 0x6e, 0x85, 0x01);
    expect(c.heapType()).toBe(0x70);
    expect(c.heapType()).toBe(0x6e);
    expect(c.heapType()).toBe(HEAP_TYPE_INDEX);
    expect(c.pos).toBe(5);
  });

  it('rejects an unknown heap type code and a negative type index', () => {
    expect(failure(() => cursor(0x50).heapType())).toMatchObject({
      reason: 'malformed heap type 0x50',
      offset: 1,
    });
    // -64 as an s33: the sign bit of the last byte is set
    expect(failure(() => cursor(0xc0, 0x7f).heapType()).reason).toBe('malformed heap type');
  });

  it('returns value types by code, with the heap type of a (ref null? ht) in refHeap', () => {
    const c = cursor(0x7f, 0x7b, 0x70, 0x63, 0x6f, 0x64, 0x03);
    expect(c.valType()).toBe(0x7f);
    expect(c.valType()).toBe(0x7b);
    expect(c.valType()).toBe(0x70);
    expect(c.valType()).toBe(REF_NULL_CODE);
    expect(c.refHeap).toBe(0x6f);
    expect(c.valType()).toBe(REF_CODE);
    expect(c.refHeap).toBe(HEAP_TYPE_INDEX);
    expect(failure(() => cursor(0x00).valType())).toMatchObject({
      reason: 'malformed value type 0x0',
      offset: 1,
    });
  });

  it('reads block types: empty, a value type, or a non-negative type index', () => {
    const c = cursor(0x40, 0x7e, 0x63, 0x70, 0x80, 0x01);
    expect(c.blockType()).toBe(BLOCK_EMPTY);
    expect(c.blockType()).toBe(0x7e);
    expect(c.blockType()).toBe(REF_NULL_CODE);
    expect(c.blockType()).toBe(BLOCK_TYPE_INDEX);
    expect(c.pos).toBe(7);
    expect(failure(() => cursor(0xff, 0x7f).blockType())).toMatchObject({
      reason: 'malformed block type',
      offset: 1,
    });
  });
});

describe('BodyCursor memargs', () => {
  it('says whether a memarg names its memory and whether its offset needs a u64', () => {
    expect(cursor(0x02, 0x10).memArg()).toBe(0);
    expect(cursor(0x42, 0x01, 0x10).memArg()).toBe(MEMARG_MEMORY_INDEX);
    // 2^32 needs five bytes whose last carries bit 32
    expect(cursor(0x02, 0x80, 0x80, 0x80, 0x80, 0x10).memArg()).toBe(MEMARG_U64_OFFSET);
    expect(cursor(0x02, 0xff, 0xff, 0xff, 0xff, 0x0f).memArg()).toBe(0);
    expect(cursor(0x42, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).memArg()).toBe(
      MEMARG_MEMORY_INDEX | MEMARG_U64_OFFSET,
    );
  });

  it('rejects alignment flags of 0x80 and above', () => {
    expect(failure(() => cursor(0x80, 0x01, 0x00).memArg())).toMatchObject({
      reason: 'malformed memarg alignment flags 0x80',
      offset: 1,
    });
  });

  it('judges offsets by their encoding, not their value', () => {
    const fiveByteZero = Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x00]);
    expect(isU64Offset(fiveByteZero, 0, 5)).toBe(false);
    expect(isU64Offset(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 0, 6)).toBe(true);
  });
});

describe('BodyCursor vectors', () => {
  it('rejects a count the rest of the body cannot hold, at the count', () => {
    const c = cursor(0x03, 0x00, 0x00);
    expect(failure(() => c.count('select type'))).toMatchObject({
      reason: 'select type count 3 is too large',
      offset: 1,
    });
    expect(cursor(0x02, 0x7f, 0x7e).count('select type')).toBe(2);
  });

  it('skips a br_table and returns how many labels precede the default', () => {
    const c = cursor(0x02, 0x00, 0x81, 0x01, 0x02, 0x0b);
    expect(c.brTable()).toBe(2);
    expect(c.pos).toBe(6);
  });

  it('skips catch clauses (tagged ones name a tag) and rejects unknown kinds', () => {
    const c = cursor(0x03, 0x00, 0x05, 0x00, 0x01, 0x05, 0x01, 0x02, 0x00, 0x0b);
    expect(c.catchClauses()).toBe(3);
    expect(c.pos).toBe(10);
    expect(failure(() => cursor(0x01, 0x04, 0x00).catchClauses())).toMatchObject({
      reason: 'malformed catch clause kind 4',
      offset: 2,
    });
  });

  it('skips br_on_cast immediates and rejects cast flags above 3', () => {
    const c = cursor(0x03, 0x00, 0x6e, 0x02);
    c.brOnCast();
    expect(c.pos).toBe(5);
    expect(failure(() => cursor(0x04, 0x00, 0x6e, 0x6e).brOnCast())).toMatchObject({
      reason: 'malformed br_on_cast flags',
      offset: 1,
    });
  });
});

describe('BodyCursor local declarations', () => {
  /** Records the types `locals` reports, as a walker that overrides the hook does. */
  class TypeRecorder extends BodyCursor {
    readonly seen: [number, number][] = [];
    protected override localType(code: number, at: number): void {
      this.seen.push([code, at]);
    }
  }

  it('returns how many locals the groups declare and reports each group type', () => {
    const recorder = new TypeRecorder(Uint8Array.from([0xff, 0x02, 0x03, 0x7f, 0x01, 0x64, 0x00]));
    recorder.pos = 1;
    recorder.end = 7;
    expect(recorder.locals()).toBe(4);
    expect(recorder.seen).toEqual([
      [0x7f, 3],
      [REF_CODE, 5],
    ]);
    expect(recorder.refHeap).toBe(HEAP_TYPE_INDEX);
  });

  it('rejects more groups than the body could hold and more than MAX_LOCALS locals', () => {
    expect(failure(() => cursor(0x05, 0x01, 0x7f).locals())).toMatchObject({
      reason: 'local declaration count 5 is larger than the body could hold',
      offset: 1,
    });
    // one local, then MAX_LOCALS more: the second group's count is where it fails
    const tooMany = cursor(0x02, 0x01, 0x7f, ...uleb(MAX_LOCALS), 0x7f);
    expect(failure(() => tooMany.locals())).toMatchObject({
      reason: `too many locals: ${MAX_LOCALS + 1} (at most ${MAX_LOCALS})`,
      offset: 4,
    });
  });
});

/**
 * Element and data segments. Items and payloads are only located: a 700,000-entry element
 * segment costs one pass over its bytes and no allocation per item until `readElemItems`.
 */
import { walkConstExpr } from '../code/index.ts';
import { skipU32Run, type ByteReader, readRefType } from '../binary/index.ts';
import type {
  ConstExpr,
  DataSegmentInfo,
  ElemSegmentInfo,
  RefTypeInfo,
  SegmentMode,
} from '../types.ts';

const FUNCREF: RefTypeInfo = Object.freeze({ heap: 'func', nullable: true });

/** Reads the element section. */
export function readElemSection(r: ByteReader): ElemSegmentInfo[] {
  const count = r.count('element segment', 2);
  const segments: ElemSegmentInfo[] = [];
  for (let i = 0; i < count; i++) segments.push(readElemSegment(r));
  return segments;
}

function readElemSegment(r: ByteReader): ElemSegmentInfo {
  const offset = r.pos;
  const flags = r.u32();
  if (flags > 7) r.fail(`malformed elements segment kind ${flags}`, offset);
  // Bit 0: not active; bit 1: explicit table (active) or declarative; bit 2: expression items.
  const mode: SegmentMode = flags & 1 ? (flags & 2 ? 'declarative' : 'passive') : 'active';
  const tableIndex = mode === 'active' && flags & 2 ? r.u32() : 0;
  const offsetExpr = mode === 'active' ? walkConstExpr(r) : undefined;
  const itemKind = flags & 4 ? 'exprs' : 'funcs';
  let elementType = FUNCREF;
  if (flags & 3) {
    if (itemKind === 'exprs') elementType = readRefType(r);
    else {
      const kindOffset = r.pos;
      if (r.u8() !== 0) r.fail('malformed element kind', kindOffset);
    }
  }
  const itemCount = r.count('element item', itemKind === 'exprs' ? 2 : 1);
  const itemsOffset = r.pos;
  if (itemKind === 'funcs') skipU32Run(r, itemCount);
  else for (let i = 0; i < itemCount; i++) walkConstExpr(r);
  const segment: ElemSegmentInfo = {
    mode,
    flags,
    tableIndex,
    elementType,
    itemKind,
    count: itemCount,
    itemsOffset,
    itemsEnd: r.pos,
    offset,
  };
  if (offsetExpr) segment.offsetExpr = offsetExpr;
  return segment;
}

/** Decodes a segment's items from its located range: function indices or expression ranges. */
export function readElemItems(r: ByteReader, segment: ElemSegmentInfo): number[] | ConstExpr[] {
  if (segment.itemKind === 'funcs') {
    // Pushing keeps the array in fast elements; `new Array(n)` for large n starts in dictionary mode.
    const indices: number[] = [];
    for (let i = 0; i < segment.count; i++) indices.push(r.u32());
    return indices;
  }
  const exprs: ConstExpr[] = [];
  for (let i = 0; i < segment.count; i++) exprs.push(walkConstExpr(r));
  return exprs;
}

/** Reads the data section. */
export function readDataSection(r: ByteReader): DataSegmentInfo[] {
  const count = r.count('data segment', 2);
  const segments: DataSegmentInfo[] = [];
  for (let i = 0; i < count; i++) segments.push(readDataSegment(r));
  return segments;
}

function readDataSegment(r: ByteReader): DataSegmentInfo {
  const offset = r.pos;
  const flags = r.u32();
  if (flags > 2) r.fail(`malformed data segment kind ${flags}`, offset);
  const memoryIndex = flags === 2 ? r.u32() : 0;
  const offsetExpr = flags === 1 ? undefined : walkConstExpr(r);
  const sizeOffset = r.pos;
  const size = r.u32();
  if (size > r.end - r.pos)
    r.fail(`data segment size ${size} exceeds the ${r.end - r.pos} bytes left`, sizeOffset);
  const dataOffset = r.pos;
  r.pos += size;
  const segment: DataSegmentInfo = {
    mode: flags === 1 ? 'passive' : 'active',
    flags,
    memoryIndex,
    dataOffset,
    size,
    offset,
  };
  if (offsetExpr) segment.offsetExpr = offsetExpr;
  return segment;
}

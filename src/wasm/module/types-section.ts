/**
 * The type section: recursion groups of sub types over function, struct, array and
 * continuation types (GC and stack-switching encodings are described, not rejected).
 */
import { type ByteReader, readMutability, readStorageType, readValType } from '../binary/index.ts';
import type { CompositeType, FieldType, RecGroupInfo, SubTypeInfo, ValTypeInfo } from '../types.ts';

/** What the type section contributes to `ModuleInfo`. */
export interface TypeSection {
  types: SubTypeInfo[];
  recGroups: RecGroupInfo[];
}

/** Reads the type section's payload (the reader spans exactly the payload). */
export function readTypeSection(r: ByteReader): TypeSection {
  const types: SubTypeInfo[] = [];
  const recGroups: RecGroupInfo[] = [];
  const groupCount = r.count('type', 1);
  for (let g = 0; g < groupCount; g++) {
    const groupIndex = recGroups.length;
    if (r.pos < r.end && r.bytes[r.pos] === 0x4e) {
      r.pos++;
      const count = r.count('rec group type', 1);
      recGroups.push({ firstType: types.length, count, explicit: true });
      for (let i = 0; i < count; i++) types.push(readSubType(r, groupIndex));
    } else {
      recGroups.push({ firstType: types.length, count: 1, explicit: false });
      types.push(readSubType(r, groupIndex));
    }
  }
  return { types, recGroups };
}

function readSubType(r: ByteReader, recGroup: number): SubTypeInfo {
  const code = r.pos < r.end ? r.bytes[r.pos] : -1;
  if (code === 0x50 || code === 0x4f) {
    r.pos++;
    const supertypeCount = r.count('supertype', 1);
    const supertypes: number[] = [];
    for (let i = 0; i < supertypeCount; i++) supertypes.push(r.u32());
    const composite = readCompositeType(r);
    return { composite, final: code === 0x4f, supertypes, explicitSub: true, recGroup };
  }
  return {
    composite: readCompositeType(r),
    final: true,
    supertypes: [],
    explicitSub: false,
    recGroup,
  };
}

function readCompositeType(r: ByteReader): CompositeType {
  const start = r.pos;
  const form = r.u8();
  switch (form) {
    case 0x60: {
      const params = readResultType(r, 'parameter');
      const results = readResultType(r, 'result');
      return { kind: 'func', params, results };
    }
    case 0x5f: {
      const count = r.count('struct field', 2);
      const fields: FieldType[] = [];
      for (let i = 0; i < count; i++) fields.push(readFieldType(r));
      return { kind: 'struct', fields };
    }
    case 0x5e:
      return { kind: 'array', element: readFieldType(r) };
    case 0x5d:
      return { kind: 'cont', funcTypeIndex: r.u32() };
    default:
      return r.fail(`malformed type form 0x${form.toString(16)}`, start);
  }
}

function readResultType(r: ByteReader, what: string): ValTypeInfo[] {
  const count = r.count(what, 1);
  const types: ValTypeInfo[] = [];
  for (let i = 0; i < count; i++) types.push(readValType(r));
  return types;
}

function readFieldType(r: ByteReader): FieldType {
  const type = readStorageType(r);
  return { type, mutable: readMutability(r) };
}

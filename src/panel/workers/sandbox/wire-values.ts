/**
 * Conversion between the wire's values (`SandboxVal`: floats as bits, v128 as hex, references
 * as handles) and the runtime's tagged values. A handle that names nothing, or an object of
 * another kind than the declared type, is a clear error before any guest code runs.
 */
import {
  AnyRef,
  ExnRef,
  ExternRef,
  Func,
  Val,
  refTypeParts,
  type Ref,
  type ValType,
} from '../../../runtime/index.ts';
import type { SandboxVal } from '../../../protocol/sandbox/index.ts';
import type { HandleTable } from './handles.ts';

const scratch = new DataView(new ArrayBuffer(8));

/** The f32 whose bits are `bits`. */
export function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits);
  return scratch.getFloat32(0);
}

/** The bits of `value` as an f32. */
export function f32Bits(value: number): number {
  scratch.setFloat32(0, value);
  return scratch.getUint32(0);
}

/** The f64 whose bits are `bits`. */
export function f64FromBits(bits: bigint): number {
  scratch.setBigUint64(0, bits);
  return scratch.getFloat64(0);
}

/** The bits of `value` as an f64. */
export function f64Bits(value: number): bigint {
  scratch.setFloat64(0, value);
  return scratch.getBigUint64(0);
}

/** 32 hex digits of 16 bytes, byte 0 first. */
export function bytesToHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** The 16 bytes of 32 hex digits, byte 0 first. */
export function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** A value the panel sent that does not fit where it goes. */
export class ValueError extends Error {
  override readonly name = 'ValueError';
  readonly code = 'type';
}

/**
 * The runtime value of `value` for a slot of type `type`; `what` names the slot in errors
 * (`argument 1 of add`). References are looked up in `handles`.
 */
export function toRuntimeVal(
  value: SandboxVal,
  type: ValType,
  handles: HandleTable,
  what: string,
): Val {
  const parts = refTypeParts(type);
  if (parts === undefined) {
    if (value.type !== type)
      throw new ValueError(`${what}: expected ${type} but found ${value.type}`);
    switch (value.type) {
      case 'i32':
        return Val.i32(value.value);
      case 'i64':
        return Val.i64(value.value);
      case 'f32':
        return Val.f32(f32FromBits(value.bits));
      case 'f64':
        return Val.f64(f64FromBits(value.bits));
      case 'v128':
        return Val.v128(hexToBytes(value.hex));
      default:
        throw new ValueError(`${what}: expected ${type} but found ${value.type}`);
    }
  }
  if (!('ref' in value) || value.type !== parts.family) {
    throw new ValueError(`${what}: expected a ${type} reference but found ${value.type}`);
  }
  if (value.ref === null) {
    if (!parts.nullable) throw new ValueError(`${what}: ${type} cannot be null`);
    return nullOf(parts.family);
  }
  const target = handles.get(value.ref);
  if (target === undefined) {
    throw new ValueError(`${what}: reference #${value.ref} is not known (dropped or never given)`);
  }
  if (parts.family === 'funcref' && target instanceof Func) return Val.funcref(target);
  if (parts.family === 'externref' && target instanceof ExternRef) return Val.externref(target);
  if (parts.family === 'anyref' && target instanceof AnyRef) return Val.anyref(target);
  if (parts.family === 'exnref' && target instanceof ExnRef) return Val.exnref(target);
  throw new ValueError(`${what}: ${handles.label(value.ref)} is not a ${type}`);
}

function nullOf(family: string): Ref {
  if (family === 'funcref') return Val.funcref(null);
  if (family === 'anyref') return Val.anyref(null);
  if (family === 'exnref') return Val.exnref(null);
  return Val.externref(null);
}

/** Labels references the panel has not seen yet; a `Func` says its name and type. */
export type LabelOf = (ref: Func | ExternRef | AnyRef | ExnRef) => string;

/**
 * The wire form of `value`. References get (or reuse) a handle in store `storeId`; with
 * `keep` false (values only logged, as a host call's arguments) an unknown reference gets
 * none, so logging a loop's calls does not keep every object it passed alive.
 */
export function toWireVal(
  value: Val,
  handles: HandleTable,
  storeId: number,
  labelOf: LabelOf,
  keep = true,
): SandboxVal {
  switch (value.type) {
    case 'i32':
      return { type: 'i32', value: value.value };
    case 'i64':
      return { type: 'i64', value: value.value };
    case 'f32':
      return { type: 'f32', bits: f32Bits(value.value) };
    case 'f64':
      return { type: 'f64', bits: f64Bits(value.value) };
    case 'v128':
      return { type: 'v128', hex: bytesToHex(value.value) };
    default: {
      const ref = value.value;
      if (ref === null) return { type: value.type, ref: null };
      const label = labelOf(ref);
      if (!keep) {
        const known = handles.find(ref);
        return {
          type: value.type,
          ref: known ?? null,
          label: known ? label : `${label} (not kept)`,
        };
      }
      return { type: value.type, ref: handles.intern(ref, storeId, label), label };
    }
  }
}

/**
 * Turns a skeleton back into a stand-in module of the real size and layout (see `format.ts`).
 * The skeleton comes from the page, so every length is checked before it is used.
 */
import { MAX_MODULE_BYTES } from '../limits.ts';
import { HoleKind, SKELETON_MAGIC, SKELETON_VERSION, SkeletonError } from './format.ts';

/** Cursor over the skeleton. */
class SkeletonReader {
  pos = 0;

  constructor(readonly bytes: Uint8Array) {}

  leb(what: string): number {
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.bytes.length) throw new SkeletonError(`${what} is cut off`, start);
      const byte = this.bytes[this.pos++];
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) return value;
    }
    throw new SkeletonError(`${what} is longer than 5 bytes`, start);
  }
}

/** The size of the module a skeleton stands for; throws {@link SkeletonError}. */
export function skeletonModuleSize(skeleton: Uint8Array): number {
  const r = new SkeletonReader(skeleton);
  for (const byte of SKELETON_MAGIC) {
    if (skeleton[r.pos] !== byte) throw new SkeletonError('not a module skeleton', r.pos);
    r.pos++;
  }
  const version = r.leb('version');
  if (version !== SKELETON_VERSION)
    throw new SkeletonError(`unknown skeleton version ${version}`, r.pos - 1);
  const size = r.leb('module size');
  if (size > MAX_MODULE_BYTES)
    throw new SkeletonError(`a ${size}-byte module is over the size limit`, r.pos - 1);
  return size;
}

/**
 * Expands `skeleton` into a module-sized stand-in: the kept bytes in place, data and opaque
 * custom contents zero, and each function body's instructions `unreachable … end`. Throws
 * {@link SkeletonError} when the skeleton is not for a module of `expectedSize` bytes (the
 * size the module was announced with, so a forged skeleton cannot make us allocate more) or
 * its records do not add up to exactly that size.
 *
 * @example
 * ```ts
 * const standIn = expandSkeleton(skeleton, size); // decodeModule(standIn): the real structure
 * ```
 */
export function expandSkeleton(
  skeleton: Uint8Array,
  expectedSize: number,
): Uint8Array<ArrayBuffer> {
  const size = skeletonModuleSize(skeleton);
  if (size !== expectedSize)
    throw new SkeletonError(`it stands for ${size} bytes, not ${expectedSize}`, 0);
  const r = new SkeletonReader(skeleton);
  r.pos = SKELETON_MAGIC.length;
  r.leb('version');
  r.leb('module size');
  const out = new Uint8Array(size);
  let at = 0;
  while (r.pos < skeleton.length) {
    const keptAt = r.pos;
    const kept = r.leb('kept length');
    if (kept > skeleton.length - r.pos || kept > size - at)
      throw new SkeletonError(`${kept} kept bytes overrun the skeleton or the module`, keptAt);
    out.set(skeleton.subarray(r.pos, r.pos + kept), at);
    r.pos += kept;
    at += kept;
    const holeAt = r.pos;
    const hole = r.leb('hole');
    const length = Math.floor(hole / 2);
    if (length > size - at) throw new SkeletonError(`a ${length}-byte hole overruns`, holeAt);
    if (hole % 2 === HoleKind.body && length > 0) out[at + length - 1] = 0x0b;
    at += length;
  }
  if (at !== size)
    throw new SkeletonError(`the records cover ${at} of ${size} bytes`, skeleton.length);
  return out;
}

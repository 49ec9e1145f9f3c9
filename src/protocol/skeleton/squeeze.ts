/**
 * Writes a module's skeleton (see `format.ts`). The reader here only finds where payloads
 * start and end; it never validates the module. Anything it cannot follow (a malformed size,
 * an unknown constant instruction) is kept verbatim, so a skeleton always expands to exactly
 * the module's bytes outside its holes, whatever the module is.
 */
import { HoleKind, SKELETON_MAGIC, SKELETON_VERSION } from './format.ts';

/** Modules smaller than this are sent whole: their skeleton would save too little. */
export const SKELETON_MIN_MODULE_BYTES = 1024 * 1024;

/** Holes shorter than this are kept as bytes: a hole's record costs a few bytes itself. */
const MIN_HOLE_BYTES = 8;

/** Opaque custom sections up to this payload size are kept (they are cheap and may be read). */
const MAX_KEPT_OPAQUE_CUSTOM_BYTES = 4096;

/** Custom sections the panel's decoder reads: always kept, whatever their size. */
const READ_CUSTOM_SECTIONS = new Set([
  'name',
  'producers',
  'target_features',
  'sourceMappingURL',
  'build_id',
  'dylink',
  'dylink.0',
]);

/** Bodies or segments squeezed between two yields. */
const ENTRIES_PER_STEP = 4096;

const SECTION_CUSTOM = 0;
const SECTION_CODE = 10;
const SECTION_DATA = 11;

/** A growable output buffer. */
class Output {
  bytes = new Uint8Array(64 * 1024);
  length = 0;

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  leb(value: number): void {
    this.reserve(10);
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value > 0) byte |= 0x80;
      this.bytes[this.length++] = byte;
    } while (value > 0);
  }

  append(source: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.set(source.subarray(start, end), this.length);
    this.length += end - start;
  }
}

/**
 * Records of a skeleton: the module is walked front to back, and every byte up to `cursor` has
 * been written as kept bytes or a hole.
 */
class SkeletonWriter {
  readonly out = new Output();
  #cursor = 0;

  constructor(readonly bytes: Uint8Array) {
    this.out.append(Uint8Array.from(SKELETON_MAGIC), 0, SKELETON_MAGIC.length);
    this.out.leb(SKELETON_VERSION);
    this.out.leb(bytes.length);
  }

  /** Keeps the bytes up to `start` and leaves `[start, end)` out as a hole of `kind`. */
  hole(start: number, end: number, kind: HoleKind): void {
    if (end - start < MIN_HOLE_BYTES) return; // stays in the next kept run
    this.out.leb(start - this.#cursor);
    this.out.append(this.bytes, this.#cursor, start);
    this.out.leb((end - start) * 2 + kind);
    this.#cursor = end;
  }

  /** Keeps everything left and returns the skeleton. */
  finish(): Uint8Array {
    this.out.leb(this.bytes.length - this.#cursor);
    this.out.append(this.bytes, this.#cursor, this.bytes.length);
    this.out.leb(0);
    return this.out.bytes.slice(0, this.out.length);
  }
}

/** Reads an unsigned LEB128 at `pos` (at most 5 bytes); -1 when it is cut off or too long. */
function readU32(bytes: Uint8Array, pos: number, end: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos + i >= end) return { value: -1, next: pos };
    const byte = bytes[pos + i];
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return { value: -1, next: pos };
}

/** Skips a LEB128 of at most `maxBytes`; the position after it, or -1. */
function skipLeb(bytes: Uint8Array, pos: number, end: number, maxBytes: number): number {
  for (let i = 0; i < maxBytes; i++) {
    if (pos + i >= end) return -1;
    if ((bytes[pos + i] & 0x80) === 0) return pos + i + 1;
  }
  return -1;
}

/** The end of a body's local declarations starting at `pos`, or -1. */
function skipLocals(bytes: Uint8Array, pos: number, end: number): number {
  const groups = readU32(bytes, pos, end);
  if (groups.value < 0) return -1;
  pos = groups.next;
  for (let g = 0; g < groups.value; g++) {
    pos = skipLeb(bytes, pos, end, 5);
    if (pos < 0 || pos >= end) return -1;
    const type = bytes[pos++];
    // (ref null? ht) carries a heap type; every other value type is one byte.
    if (type === 0x63 || type === 0x64) pos = skipLeb(bytes, pos, end, 5);
    else if (type < 0x40 || type > 0x7f) return -1;
    if (pos < 0) return -1;
  }
  return pos;
}

/** The end of a constant expression starting at `pos` (after its `end`), or -1. */
function skipConstExpr(bytes: Uint8Array, pos: number, end: number): number {
  while (pos >= 0 && pos < end) {
    const op = bytes[pos++];
    switch (op) {
      case 0x0b: // end
        return pos;
      case 0x41: // i32.const
        pos = skipLeb(bytes, pos, end, 5);
        break;
      case 0x42: // i64.const
        pos = skipLeb(bytes, pos, end, 10);
        break;
      case 0x43: // f32.const
        pos += 4;
        break;
      case 0x44: // f64.const
        pos += 8;
        break;
      case 0x23: // global.get
      case 0xd2: // ref.func
      case 0xd0: // ref.null
        pos = skipLeb(bytes, pos, end, 5);
        break;
      case 0x6a: // i32.add, sub, mul and i64.add, sub, mul (extended constants)
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        break;
      case 0xfd: {
        // v128.const
        const sub = readU32(bytes, pos, end);
        if (sub.value !== 12) return -1;
        pos = sub.next + 16;
        break;
      }
      case 0xfb: {
        // GC constants: struct.new(_default), array.new(_default, _fixed), ref.i31, conversions
        const sub = readU32(bytes, pos, end);
        pos = sub.next;
        if (sub.value === 0 || sub.value === 1 || sub.value === 6 || sub.value === 7)
          pos = skipLeb(bytes, pos, end, 5);
        else if (sub.value === 8) {
          pos = skipLeb(bytes, pos, end, 5);
          if (pos >= 0) pos = skipLeb(bytes, pos, end, 5);
        } else if (sub.value !== 0x1a && sub.value !== 0x1b && sub.value !== 0x1c) return -1;
        break;
      }
      default:
        return -1;
    }
  }
  return -1;
}

/** Leaves out the instructions of each body of a code section payload `[pos, end)`. */
function* squeezeCode(
  w: SkeletonWriter,
  bytes: Uint8Array,
  pos: number,
  end: number,
): Generator<void> {
  const count = readU32(bytes, pos, end);
  if (count.value < 0) return;
  pos = count.next;
  for (let i = 0; i < count.value; i++) {
    const size = readU32(bytes, pos, end);
    if (size.value < 0 || size.next + size.value > end) return;
    const bodyEnd = size.next + size.value;
    const localsEnd = skipLocals(bytes, size.next, bodyEnd);
    if (localsEnd >= 0 && localsEnd < bodyEnd) w.hole(localsEnd, bodyEnd, HoleKind.body);
    pos = bodyEnd;
    if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
  }
}

/** Leaves out the contents of each segment of a data section payload `[pos, end)`. */
function* squeezeData(
  w: SkeletonWriter,
  bytes: Uint8Array,
  pos: number,
  end: number,
): Generator<void> {
  const count = readU32(bytes, pos, end);
  if (count.value < 0) return;
  pos = count.next;
  for (let i = 0; i < count.value; i++) {
    const flags = readU32(bytes, pos, end);
    if (flags.value < 0 || flags.value > 2) return;
    pos = flags.next;
    if (flags.value === 2) pos = skipLeb(bytes, pos, end, 5);
    if (pos >= 0 && flags.value !== 1) pos = skipConstExpr(bytes, pos, end);
    if (pos < 0) return;
    const size = readU32(bytes, pos, end);
    if (size.value < 0 || size.next + size.value > end) return;
    w.hole(size.next, size.next + size.value, HoleKind.zero);
    pos = size.next + size.value;
    if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
  }
}

/** Leaves out a large custom section's contents unless the panel's decoder reads it. */
function squeezeCustom(w: SkeletonWriter, bytes: Uint8Array, pos: number, end: number): void {
  if (end - pos <= MAX_KEPT_OPAQUE_CUSTOM_BYTES) return;
  const length = readU32(bytes, pos, end);
  if (length.value < 0 || length.next + length.value > end) return;
  const nameEnd = length.next + length.value;
  let name = '';
  for (let i = length.next; i < nameEnd && name.length < 64; i++)
    name += String.fromCharCode(bytes[i]);
  if (!READ_CUSTOM_SECTIONS.has(name)) w.hole(nameEnd, end, HoleKind.zero);
}

/** Knobs of {@link squeezeModule}. */
export interface SqueezeOptions {
  /** Smallest module that gets a skeleton (default {@link SKELETON_MIN_MODULE_BYTES}). */
  minModuleBytes?: number;
}

/**
 * Writes the skeleton of `bytes`, yielding between pieces of work so a caller can spread it
 * over several tasks (see {@link runInSlices}). Returns null when a skeleton is not worth
 * sending: a module under the minimum size, one that is not a module, or one whose skeleton
 * would be over half its size.
 *
 * @example
 * ```ts
 * const skeleton = await runInSlices(squeezeModule(bytes), nextTask);
 * ```
 */
export function* squeezeModule(
  bytes: Uint8Array,
  options: SqueezeOptions = {},
): Generator<void, Uint8Array | null> {
  if (bytes.length < (options.minModuleBytes ?? SKELETON_MIN_MODULE_BYTES)) return null;
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
  const w = new SkeletonWriter(bytes);
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const size = readU32(bytes, pos + 1, bytes.length);
    if (size.value < 0 || size.next + size.value > bytes.length) break; // kept as it is
    const end = size.next + size.value;
    if (id === SECTION_CODE) yield* squeezeCode(w, bytes, size.next, end);
    else if (id === SECTION_DATA) yield* squeezeData(w, bytes, size.next, end);
    else if (id === SECTION_CUSTOM) squeezeCustom(w, bytes, size.next, end);
    pos = end;
    yield;
  }
  const skeleton = w.finish();
  return skeleton.length * 2 <= bytes.length ? skeleton : null;
}

/**
 * Runs `work` to its end, calling `pause()` whenever `sliceMs` passed since the last pause, so
 * no task of the caller's thread lasts much longer than `sliceMs`.
 */
export async function runInSlices<T>(
  work: Generator<void, T>,
  pause: () => Promise<void>,
  sliceMs = 8,
  now: () => number = () => performance.now(),
): Promise<T> {
  let sliceStart = now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (now() - sliceStart > sliceMs) {
      await pause();
      sliceStart = now();
    }
  }
}

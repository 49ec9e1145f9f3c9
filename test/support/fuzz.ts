/**
 * A seeded mutation fuzzer for binary modules. Every mutation is a pure function of the PRNG
 * state, so a failing case is reproduced from its seed and case number alone.
 */

/** A small, fast, seedable PRNG (mulberry32). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in `[0, n)`; `n` must be positive. */
  below(n: number): number {
    return this.u32() % n;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}

/** A section of a module as the mutator sees it: its bytes including id and size. */
interface RawSection {
  start: number;
  end: number;
}

/** Splits a module's bytes after the header into sections; stops at the first inconsistency. */
export function rawSections(bytes: Uint8Array): RawSection[] {
  const sections: RawSection[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    const start = pos;
    pos++;
    let size = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length || shift > 28) return sections;
      const b = bytes[pos++];
      size += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    if (pos + size > bytes.length) return sections;
    pos += size;
    sections.push({ start, end: pos });
  }
  return sections;
}

/** Bytes that often mean something: opcodes, type codes, LEB edge values. */
const INTERESTING_BYTES = [
  0x00, 0x01, 0x02, 0x04, 0x08, 0x0b, 0x3f, 0x40, 0x41, 0x4e, 0x50, 0x5f, 0x60, 0x63, 0x64, 0x6f,
  0x70, 0x7f, 0x80, 0xd0, 0xd2, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
];

/** LEB128 encodings that stress readers: overlong, oversized, maximal. */
const NASTY_LEBS: readonly number[][] = [
  [0x80, 0x80, 0x80, 0x80, 0x00], // overlong zero (valid u32, 5 bytes)
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x00], // too long for a u32
  [0xff, 0xff, 0xff, 0xff, 0x0f], // 2^32 - 1
  [0xff, 0xff, 0xff, 0xff, 0x7f], // unused bits set
  [0xff, 0xff, 0xff, 0x7f], // 2^28 - 1
  [0x80, 0x80, 0x80, 0x80], // never terminates
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // 2^64 - 1
];

/** The mutation operators, by name (the name is reported with a failing case). */
export const MUTATIONS = {
  flipBit(bytes: Uint8Array, random: Random): Uint8Array {
    const out = bytes.slice();
    if (out.length > 0) out[random.below(out.length)] ^= 1 << random.below(8);
    return out;
  },
  setInterestingByte(bytes: Uint8Array, random: Random): Uint8Array {
    const out = bytes.slice();
    if (out.length > 0) out[random.below(out.length)] = random.pick(INTERESTING_BYTES);
    return out;
  },
  truncate(bytes: Uint8Array, random: Random): Uint8Array {
    return bytes.slice(0, random.below(bytes.length + 1));
  },
  insertRandomBytes(bytes: Uint8Array, random: Random): Uint8Array {
    const at = random.below(bytes.length + 1);
    const inserted = Array.from({ length: 1 + random.below(8) }, () => random.below(256));
    return splice(bytes, at, 0, inserted);
  },
  deleteBytes(bytes: Uint8Array, random: Random): Uint8Array {
    const at = random.below(bytes.length + 1);
    return splice(bytes, at, 1 + random.below(8), []);
  },
  corruptLeb(bytes: Uint8Array, random: Random): Uint8Array {
    const at = random.below(bytes.length + 1);
    // Replace a whole LEB when `at` starts one, so sizes and counts get the nasty values.
    let length = 0;
    while (at + length < bytes.length && bytes[at + length] & 0x80 && length < 10) length++;
    if (at + length < bytes.length) length++;
    return splice(bytes, at, length, random.pick(NASTY_LEBS));
  },
  oversizeCount(bytes: Uint8Array, random: Random): Uint8Array {
    const sections = rawSections(bytes);
    if (sections.length === 0) return bytes;
    const { start } = random.pick(sections);
    // The payload starts after the id and size; its first LEB is the count of most sections.
    let payload = start + 1;
    while (payload < bytes.length && bytes[payload] & 0x80) payload++;
    payload++;
    let countLength = 1;
    while (payload + countLength - 1 < bytes.length && bytes[payload + countLength - 1] & 0x80)
      countLength++;
    const big = random.pick([
      [0xff, 0xff, 0xff, 0xff, 0x0f],
      [0x80, 0x80, 0x04],
      [0xff, 0x7f],
    ]);
    return splice(bytes, payload, countLength, big);
  },
  swapSections(bytes: Uint8Array, random: Random): Uint8Array {
    const sections = rawSections(bytes);
    if (sections.length < 2) return bytes;
    const i = random.below(sections.length - 1);
    const [a, b] = [sections[i], sections[i + 1]];
    return Uint8Array.from([
      ...bytes.subarray(0, a.start),
      ...bytes.subarray(b.start, b.end),
      ...bytes.subarray(a.start, a.end),
      ...bytes.subarray(b.end),
    ]);
  },
  /** Changes one byte inside a section's payload, keeping the module's outline intact. */
  changeByteInSection(bytes: Uint8Array, random: Random): Uint8Array {
    const sections = rawSections(bytes);
    if (sections.length === 0) return bytes;
    const { start, end } = random.pick(sections);
    const out = bytes.slice();
    const at = start + 1 + random.below(end - start - 1);
    out[at] = random.below(2) === 0 ? random.pick(INTERESTING_BYTES) : random.below(256);
    return out;
  },
  duplicateSection(bytes: Uint8Array, random: Random): Uint8Array {
    const sections = rawSections(bytes);
    if (sections.length === 0) return bytes;
    const s = random.pick(sections);
    return splice(bytes, s.end, 0, [...bytes.subarray(s.start, s.end)]);
  },
} satisfies Record<string, (bytes: Uint8Array, random: Random) => Uint8Array>;

/** A mutation operator's name. */
export type MutationName = keyof typeof MUTATIONS;

const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

/** One fuzz case: the mutated bytes and the mutations applied, in order. */
export interface FuzzCase {
  bytes: Uint8Array;
  mutations: MutationName[];
}

/** Applies one to three random mutations to `seed`. */
export function mutate(seed: Uint8Array, random: Random): FuzzCase {
  let bytes = seed;
  const mutations: MutationName[] = [];
  const rounds = 1 + random.below(3);
  for (let i = 0; i < rounds; i++) {
    const name = random.pick(MUTATION_NAMES);
    bytes = MUTATIONS[name](bytes, random);
    mutations.push(name);
  }
  return { bytes, mutations };
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: number[]): Uint8Array {
  const out = new Uint8Array(bytes.length - Math.min(remove, bytes.length - at) + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

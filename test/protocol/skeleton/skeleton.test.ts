import { beforeAll, describe, expect, it } from 'vitest';
import {
  SkeletonError,
  expandSkeleton,
  runInSlices,
  skeletonModuleSize,
} from '../../../src/protocol/index.ts';
import {
  decodeExports,
  decodeFunction,
  decodeModule,
  definedFunctions,
  type ModuleInfo,
} from '../../../src/wasm/index.ts';
import { generateModule, scaledModule } from '../../../bench/generate.ts';
import { customSection, module, section, uleb, vec } from '../../support/binary-writer.ts';
import { Random, mutate } from '../../support/fuzz.ts';
import { payloadsModule, skeletonOf } from '../../support/skeleton-fixture.ts';

const squeeze = skeletonOf;

/** The holes a skeleton leaves: `[start, end)` ranges of the module, read back from its records. */
function holesOf(skeleton: Uint8Array): [number, number][] {
  let pos = 4;
  const leb = (): number => {
    let value = 0;
    for (let i = 0; ; i++) {
      const byte = skeleton[pos++];
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) return value;
    }
  };
  leb(); // version
  leb(); // module size
  const holes: [number, number][] = [];
  let at = 0;
  while (pos < skeleton.length) {
    const kept = leb();
    pos += kept;
    at += kept;
    const length = Math.floor(leb() / 2);
    if (length > 0) holes.push([at, at + length]);
    at += length;
  }
  return holes;
}

/** Whether every byte where `a` and `b` differ lies in one of `holes`. */
function differOnlyInHoles(a: Uint8Array, b: Uint8Array, holes: [number, number][]): boolean {
  let h = 0;
  for (let i = 0; i < a.length; i++) {
    while (h < holes.length && holes[h][1] <= i) h++;
    if (a[i] !== b[i] && !(h < holes.length && holes[h][0] <= i)) return false;
  }
  return true;
}

/** Everything the overview and the structure lists read from a decoded module. */
function structureOf(info: ModuleInfo) {
  return {
    types: info.types.length,
    imports: info.imports,
    exports: decodeExports(info),
    globals: info.globals,
    tables: info.tables,
    memories: info.memories,
    elems: info.elems,
    datas: info.datas,
    customSections: info.customSections,
    functionNames: [...info.names.functions],
    localNames: [...info.names.locals].map(([f, locals]) => [f, [...locals]]),
    producers: info.producers && [...info.producers.fields],
    bodies: definedFunctions(info),
  };
}

let payloads: Uint8Array;

beforeAll(async () => {
  payloads = await payloadsModule();
});

describe('module skeletons', () => {
  it('expand to a stand-in with the real layout: sections, counts, names, bodies and segments', () => {
    const skeleton = squeeze(payloads);
    expect(skeleton).not.toBeNull();
    const standIn = expandSkeleton(skeleton as Uint8Array, payloads.length);
    expect(standIn.length).toBe(payloads.length);
    expect(structureOf(decodeModule(standIn))).toEqual(structureOf(decodeModule(payloads)));
  });

  it('leave out function instructions, data contents and large opaque custom sections only', () => {
    const skeleton = squeeze(payloads) as Uint8Array;
    const standIn = expandSkeleton(skeleton, payloads.length);
    const holes = holesOf(skeleton);
    expect(differOnlyInHoles(standIn, payloads, holes)).toBe(true);
    const info = decodeModule(payloads);
    const left = (start: number, end: number) => holes.some(([a, b]) => a <= start && b >= end);
    for (const data of info.datas)
      expect(left(data.dataOffset, data.dataOffset + data.size)).toBe(true);
    const debug = info.customSections.find((section) => section.name === '.debug_info');
    expect(debug && left(debug.payloadOffset, debug.payloadOffset + debug.size)).toBe(true);
    for (const kept of ['name', 'producers']) {
      const section = info.customSections.find((s) => s.name === kept);
      const end = (section?.payloadOffset ?? 0) + (section?.size ?? 0);
      expect(section && holes.some(([a, b]) => a < end && b > section.offset)).toBe(false);
    }
    // $tiny's body is too short to be worth a hole; the others lose their instructions.
    const [add, mul, init, tiny] = definedFunctions(info);
    expect(left(add.codeEnd - 10, add.codeEnd)).toBe(true);
    expect(left(mul.codeEnd - 4, mul.codeEnd)).toBe(false);
    expect(left(init.codeEnd - 10, init.codeEnd)).toBe(true);
    expect(left(tiny.codeOffset, tiny.codeEnd)).toBe(false);
  });

  it('give every stand-in body its real locals and instructions that decode (unreachable … end)', () => {
    const standIn = expandSkeleton(squeeze(payloads) as Uint8Array, payloads.length);
    const real = decodeModule(payloads);
    const stood = decodeModule(standIn);
    const names = (info: ModuleInfo, f: number) =>
      decodeFunction(info, f).instructions.map((instruction) => instruction.name);
    let standIns = 0;
    for (let f = real.importedFuncs; f < real.importedFuncs + 4; f++) {
      expect(decodeFunction(stood, f).locals).toEqual(decodeFunction(real, f).locals);
      const ops = names(stood, f);
      if (ops.join() === names(real, f).join()) continue; // too short to leave out
      standIns++;
      expect(ops.at(-1)).toBe('end');
      expect(new Set(ops.slice(0, -1))).toEqual(new Set(['unreachable']));
    }
    expect(standIns).toBe(2);
  });

  it('follow local declarations of typed references (written by hand: wabt.js cannot)', () => {
    // (type (func)) (func (local (ref null 0)) (local i32 i32) nop × 400)
    const body = [1, 0x63, 0x00, 2, 0x7f].concat(Array<number>(400).fill(0x01), [0x0b]);
    const bytes = module(
      section(1, vec([[0x60, 0, 0]])),
      section(3, vec([[0]])),
      section(10, vec([[...uleb(1 + body.length), 2, ...body]])),
    );
    const skeleton = squeeze(bytes) as Uint8Array;
    const [[start, end]] = holesOf(skeleton);
    expect(end).toBe(bytes.length);
    expect(bytes.subarray(start - 5, start)).toEqual(Uint8Array.of(1, 0x63, 0x00, 2, 0x7f));
    const standIn = decodeModule(expandSkeleton(skeleton, bytes.length));
    expect(decodeFunction(standIn, 0).locals).toEqual(
      decodeFunction(decodeModule(bytes), 0).locals,
    );
  });

  it('of a large generated module are a small fraction of it', () => {
    const bytes = generateModule(scaledModule(0.05));
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const skeleton = squeeze(bytes, 1024 * 1024) as Uint8Array;
    expect(skeleton.length).toBeLessThan(bytes.length / 4);
    const standIn = expandSkeleton(skeleton, bytes.length);
    expect(structureOf(decodeModule(standIn))).toEqual(structureOf(decodeModule(bytes)));
  });

  it('are not written for small modules, non-modules or when they would save too little', () => {
    expect(squeeze(payloads, 1024 * 1024)).toBeNull();
    expect(squeeze(new Uint8Array(2 * 1024 * 1024))).toBeNull();
    const noPayloads = new Uint8Array([
      0,
      0x61,
      0x73,
      0x6d,
      1,
      0,
      0,
      0,
      ...customSection('x', [1, 2]),
    ]);
    expect(squeeze(noPayloads)).toBeNull();
  });

  it('keep everything after damage they cannot follow, so the stand-in equals the bytes there', () => {
    const info = decodeModule(payloads);
    const [, mul] = definedFunctions(info);
    const damaged = payloads.slice();
    damaged[mul.bodyOffset] = 0x7f; // a body size that runs past the section
    const skeleton = squeeze(damaged) as Uint8Array;
    const standIn = expandSkeleton(skeleton, damaged.length);
    const codeEnd = info.functionLayout.codeSectionEnd;
    expect(standIn.subarray(mul.bodyOffset, codeEnd)).toEqual(
      damaged.subarray(mul.bodyOffset, codeEnd),
    );
    // The sections after the damaged one are squeezed as usual.
    expect(holesOf(skeleton).some(([start]) => start >= codeEnd)).toBe(true);
  });

  it('are refused with a SkeletonError naming the offset when malformed', () => {
    const skeleton = squeeze(payloads) as Uint8Array;
    const cases: [Uint8Array, number, RegExp][] = [
      [new Uint8Array([0, 0x61, 0x73, 0x6d, 1]), payloads.length, /not a module skeleton/],
      [
        Uint8Array.of(...skeleton.subarray(0, 4), 9, ...skeleton.subarray(5)),
        payloads.length,
        /version 9/,
      ],
      [skeleton, payloads.length + 1, /stands for/],
      [skeleton.subarray(0, skeleton.length - 40), payloads.length, /overrun|cover|cut off/],
      [Uint8Array.of(...skeleton, 5, 1, 2), payloads.length, /overrun/],
    ];
    for (const [bytes, size, message] of cases) {
      expect(() => expandSkeleton(bytes, size)).toThrow(SkeletonError);
      expect(() => expandSkeleton(bytes, size)).toThrow(message);
    }
    expect(skeletonModuleSize(skeleton)).toBe(payloads.length);
  });

  it('are written in slices that pause whenever the time budget is spent', async () => {
    let clock = 0;
    let pauses = 0;
    const work = (function* () {
      for (let i = 0; i < 10; i++) {
        clock += 3;
        yield;
      }
      return 'done';
    })();
    const result = await runInSlices(
      work,
      async () => void pauses++,
      8,
      () => clock,
    );
    expect(result).toBe('done');
    expect(pauses).toBe(3);
  });
});

/** Cases per fuzz run (FUZZ_CASES for a longer local run). */
const CASES = Math.min(Number(process.env.FUZZ_CASES ?? 3000), 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

describe('module skeletons under seeded fuzzing', () => {
  it('squeezing a mutated module never throws, and its stand-in differs only in the holes', () => {
    for (let i = 0; i < CASES; i++) {
      const { bytes, mutations } = mutate(payloads, new Random(SEED + i));
      let skeleton: Uint8Array | null;
      try {
        skeleton = squeeze(bytes);
      } catch (error) {
        throw new Error(`case ${i} (${mutations.join(', ')}): ${String(error)}`, { cause: error });
      }
      if (!skeleton) continue;
      const standIn = expandSkeleton(skeleton, bytes.length);
      if (!differOnlyInHoles(standIn, bytes, holesOf(skeleton)))
        throw new Error(`case ${i} (${mutations.join(', ')}): a kept byte changed`);
    }
  });

  it('expanding a mutated skeleton gives the announced size or a SkeletonError, nothing else', () => {
    const skeleton = squeeze(payloads) as Uint8Array;
    for (let i = 0; i < CASES; i++) {
      const random = new Random(SEED + i);
      const bytes = skeleton.slice();
      const edits = 1 + random.below(4);
      let mutated: Uint8Array = bytes;
      for (let e = 0; e < edits; e++) {
        const at = random.below(mutated.length);
        switch (random.below(3)) {
          case 0:
            mutated[at] = random.below(256);
            break;
          case 1:
            mutated = mutated.subarray(0, at);
            break;
          default:
            mutated = Uint8Array.of(
              ...mutated.subarray(0, at),
              random.below(256),
              ...mutated.subarray(at),
            );
        }
        if (mutated.length === 0) break;
      }
      try {
        expect(expandSkeleton(mutated, payloads.length).length).toBe(payloads.length);
      } catch (error) {
        if (!(error instanceof SkeletonError))
          throw new Error(`case ${i}: ${String(error)}`, { cause: error });
      }
    }
  });
});

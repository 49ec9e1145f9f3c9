/**
 * Canary modules: for each feature `scanFeatures` can report, the smallest module that needs
 * that feature and nothing else (except where the feature implies others, as noted). The
 * engine's verdict on a canary tells whether it supports the feature. Built with the runtime's
 * binary writer; wraps no JS API object.
 */
import type { Feature } from '../../wasm/index.ts';
import {
  KIND,
  SECTION,
  body,
  funcType,
  module,
  name,
  vec,
  type Bytes,
} from '../adapters/wasm-writer.ts';

const VOID_TYPE: [number, Bytes] = [SECTION.type, vec([funcType([], [])])];
const ONE_FUNC: [number, Bytes] = [SECTION.function, vec([[0]])];
const ONE_PAGE: [number, Bytes] = [SECTION.memory, vec([[0x00, 1]])];
const V128_ZERO: Bytes = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const TAG: [number, Bytes] = [SECTION.tag, vec([[0x00, 0]])];

/** A module with one `[] -> []` function whose body is `code`, plus `extra` sections placed by id. */
function voidFunc(code: Bytes, extra: [number, Bytes][] = []): Uint8Array<ArrayBuffer> {
  const sections: [number, Bytes][] = [
    VOID_TYPE,
    ONE_FUNC,
    ...extra,
    [SECTION.code, vec([body([], code)])],
  ];
  // Known sections must appear in the binary format's order; the tag section sits after memory.
  const rank = (id: number) => (id === SECTION.tag ? 5.5 : id === SECTION.dataCount ? 9.5 : id);
  sections.sort((a, b) => rank(a[0]) - rank(b[0]));
  return module(sections);
}

/**
 * The canary of each feature. `relaxed-simd` also needs `simd`; `function-references` also
 * needs `reference-types`; the exception canaries need the tag section.
 */
export const CANARIES: Readonly<Record<Feature, () => Uint8Array<ArrayBuffer>>> = {
  'bulk-memory': () => voidFunc([0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0a, 0, 0], [ONE_PAGE]),
  exceptions: () => voidFunc([0x02, 0x40, 0x1f, 0x40, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x0b], [TAG]),
  'legacy-exceptions': () => voidFunc([0x06, 0x40, 0x07, 0x00, 0x0b], [TAG]),
  'extended-const': () =>
    module([ONE_PAGE, [SECTION.data, vec([[0x00, 0x41, 0, 0x41, 1, 0x6a, 0x0b, 0x00]])]]),
  'function-references': () =>
    module([
      [SECTION.type, vec([funcType([], []), [0x60, 1, 0x64, 0x00, 0]])],
      [SECTION.function, vec([[1]])],
      [SECTION.code, vec([body([], [0x20, 0, 0x14, 0])])],
    ]),
  gc: () => module([[SECTION.type, vec([[0x5f, 1, 0x78, 0x00]])]]),
  memory64: () => module([[SECTION.memory, vec([[0x04, 1]])]]),
  'multi-memory': () =>
    module([
      [
        SECTION.memory,
        vec([
          [0x00, 1],
          [0x00, 1],
        ]),
      ],
    ]),
  'multi-value': () =>
    module([
      [SECTION.type, vec([funcType([], ['i32', 'i32'])])],
      ONE_FUNC,
      [SECTION.code, vec([body([], [0x41, 0, 0x41, 0])])],
    ]),
  'mutable-global': () =>
    module([
      [SECTION.import, vec([[...name('a'), ...name('g'), KIND.global, 0x7f, 1]])],
      [SECTION.export, vec([[...name('g'), KIND.global, 0]])],
    ]),
  'reference-types': () => voidFunc([0xd0, 0x70, 0x1a]),
  'relaxed-simd': () => voidFunc([...V128_ZERO, ...V128_ZERO, 0xfd, 0x80, 0x02, 0x1a]),
  'saturating-float-to-int': () => voidFunc([0x43, 0, 0, 0, 0, 0xfc, 0x00, 0x1a]),
  'sign-extension': () => voidFunc([0x41, 0, 0xc0, 0x1a]),
  simd: () => voidFunc([...V128_ZERO, 0xfd, 0x62, 0x1a]),
  'tail-call': () => voidFunc([0x12, 0x00]),
  threads: () =>
    voidFunc([0x41, 0, 0xfe, 0x10, 2, 0, 0x1a], [[SECTION.memory, vec([[0x03, 1, 1]])]]),
  'custom-page-sizes': () => module([[SECTION.memory, vec([[0x08, 1, 0]])]]),
};

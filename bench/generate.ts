/**
 * Builds large, valid benchmark modules byte by byte. wabt.js cannot assemble tens of megabytes
 * in reasonable time, so this writes the binary format directly: a handful of function types,
 * hundreds of thousands of small but realistic bodies (locals, loads and stores, calls, nested
 * blocks and loops, i64/f64 arithmetic, some SIMD), a large funcref table filled by one element
 * segment, and tens of thousands of exports.
 */

/** A growable byte buffer with the primitive encoders of the wasm binary format. */
export class WasmWriter {
  private buffer = new Uint8Array(1 << 16);
  /** Bytes written so far. */
  length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** Appends raw bytes (opcodes, fixed encodings). */
  bytes(...values: number[]): this {
    this.reserve(values.length);
    for (const value of values) this.buffer[this.length++] = value;
    return this;
  }

  /** Appends another buffer's contents. */
  append(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** Unsigned LEB128 (indices, counts, sizes). */
  u32(value: number): this {
    this.reserve(5);
    do {
      let byte = value & 0x7f;
      value >>>= 7;
      if (value !== 0) byte |= 0x80;
      this.buffer[this.length++] = byte;
    } while (value !== 0);
    return this;
  }

  /** Signed LEB128 of a safe integer (`i32.const`, `i64.const` with small values). */
  sleb(value: number): this {
    this.reserve(10);
    for (;;) {
      const byte = value & 0x7f;
      value = Math.floor(value / 128);
      const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
      this.buffer[this.length++] = done ? byte : byte | 0x80;
      if (done) return this;
    }
  }

  /** Little-endian IEEE 754 double (`f64.const`). */
  f64(value: number): this {
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    return this.append(bytes);
  }

  /** A length-prefixed UTF-8 name. */
  name(text: string): this {
    const encoded = new TextEncoder().encode(text);
    return this.u32(encoded.length).append(encoded);
  }

  /** Appends `id`, the size of `content` and `content` (a section). */
  section(id: number, content: WasmWriter): this {
    return this.bytes(id).u32(content.length).append(content.view());
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** Forgets the contents but keeps the allocation, for reuse as scratch space. */
  reset(): void {
    this.length = 0;
  }
}

/** Shape of a generated module. */
export interface GenerateOptions {
  /** Defined functions. */
  functions: number;
  /** Entries of the funcref table, all set by one active element segment. */
  tableEntries: number;
  /** Exported functions (spread evenly over the defined ones). */
  exports: number;
}

/** The ≥30 MB module the decoder benchmark is about. */
export const LARGE_MODULE: GenerateOptions = {
  functions: 260_000,
  tableEntries: 700_000,
  exports: 65_000,
};

/** `LARGE_MODULE` scaled down by `fraction` (same mix, fewer of everything). */
export function scaledModule(fraction: number): GenerateOptions {
  return {
    functions: Math.max(8, Math.round(LARGE_MODULE.functions * fraction)),
    tableEntries: Math.max(1, Math.round(LARGE_MODULE.tableEntries * fraction)),
    exports: Math.max(1, Math.round(LARGE_MODULE.exports * fraction)),
  };
}

/** Section ids. */
const Section = {
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  elem: 9,
  code: 10,
} as const;

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;
const V128 = 0x7b;
const EMPTY_BLOCK = 0x40;

/** Function types: the four body shapes, then the imported logger's type. */
const TYPES: [params: number[], results: number[]][] = [
  [[I32, I32], [I32]],
  [[I64], [I64]],
  [[F64, F64], [F64]],
  [[I32], [I32]],
  [[I32], []],
];
const SHAPES = 4;
const LOGGER_TYPE = 4;
/** The only import is the logger, so defined function `d` has index `d + IMPORTED_FUNCS`. */
const IMPORTED_FUNCS = 1;
const LOGGER_FUNC = 0;

/** Generates a valid module with the given shape. Deterministic: same options, same bytes. */
export function generateModule(options: GenerateOptions): Uint8Array<ArrayBuffer> {
  const { functions, tableEntries } = options;
  // Export names are derived from function indices, so there can be no more than functions.
  const exports = Math.min(options.exports, functions);
  const out = new WasmWriter().bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  const section = new WasmWriter();

  section.u32(TYPES.length);
  for (const [params, results] of TYPES) {
    section
      .bytes(0x60)
      .u32(params.length)
      .bytes(...params)
      .u32(results.length)
      .bytes(...results);
  }
  out.section(Section.type, section);

  section.reset();
  section.u32(1).name('env').name('log').bytes(0x00).u32(LOGGER_TYPE);
  out.section(Section.import, section);

  section.reset();
  section.u32(functions);
  for (let d = 0; d < functions; d++) section.u32(d % SHAPES);
  out.section(Section.function, section);

  section.reset();
  section.u32(1).bytes(0x70, 0x00).u32(tableEntries);
  out.section(Section.table, section);

  section.reset();
  section.u32(1).bytes(0x00).u32(16);
  out.section(Section.memory, section);

  section.reset();
  section.u32(1).bytes(I32, 0x01, 0x41).sleb(1024).bytes(0x0b);
  out.section(Section.global, section);

  section.reset();
  section.u32(exports + 2);
  section.name('memory').bytes(0x02).u32(0);
  section.name('table').bytes(0x01).u32(0);
  const exportStride = functions / exports;
  for (let e = 0; e < exports; e++) {
    const d = Math.floor(e * exportStride);
    section
      .name(`f${d}`)
      .bytes(0x00)
      .u32(d + IMPORTED_FUNCS);
  }
  out.section(Section.export, section);

  section.reset();
  section.u32(1).bytes(0x00, 0x41).sleb(0).bytes(0x0b).u32(tableEntries);
  // A multiplicative stride scatters the entries so they are not one long run of small indices.
  for (let e = 0; e < tableEntries; e++) section.u32(((e * 7919) % functions) + IMPORTED_FUNCS);
  out.section(Section.elem, section);

  section.reset();
  section.u32(functions);
  const body = new WasmWriter();
  for (let d = 0; d < functions; d++) {
    body.reset();
    writeBody(body, d, tableEntries);
    section.u32(body.length).append(body.view());
  }
  out.section(Section.code, section);

  return out.view().slice();
}

/** The body of defined function `d`, whose type is `d % SHAPES`. */
function writeBody(body: WasmWriter, d: number, tableEntries: number): void {
  // Calls go to the function four back, which has the same type; the first few call the logger.
  const callee = d >= SHAPES ? d - SHAPES + IMPORTED_FUNCS : -1;
  const address = (d % 256) * 16;
  // Bodies of varying length (roughly 40 to 250 bytes) rather than one size repeated.
  const repeats = 1 + (d % 5);
  switch (d % SHAPES) {
    case 0:
      integerLoop(body, d, callee, address, repeats);
      break;
    case 1:
      wideArithmetic(body, d, callee, address, repeats);
      break;
    case 2:
      floatingPoint(body, d, callee, address, repeats);
      break;
    default:
      if (d % 8 === 3) vectorLanes(body, address);
      else indirectAndLog(body, d, tableEntries, repeats);
  }
  body.bytes(0x0b);
}

/** (i32, i32) → i32: a counted loop over a loaded value, a store, i64 scaling and a call. */
function integerLoop(
  body: WasmWriter,
  d: number,
  callee: number,
  address: number,
  repeats: number,
): void {
  body.u32(2).u32(2).bytes(I32).u32(1).bytes(I64);
  body.bytes(0x20, 0x00, 0x28, 0x02).u32(address).bytes(0x21, 0x02);
  for (let r = 0; r < repeats; r++) {
    body.bytes(0x02, EMPTY_BLOCK, 0x03, EMPTY_BLOCK);
    body.bytes(0x20, 0x02, 0x20, 0x01, 0x6a, 0x22, 0x02);
    body
      .bytes(0x41)
      .sleb(1000 + (d % 1000))
      .bytes(0x4b, 0x0d, 0x01);
    body.bytes(0x20, 0x03, 0x41, 0x01, 0x6a, 0x22, 0x03, 0x41, 0x0a, 0x48, 0x0d, 0x00);
    body.bytes(0x0b, 0x0b);
  }
  body.bytes(0x20, 0x00, 0x20, 0x02, 0x36, 0x02, 0x08);
  body.bytes(0x20, 0x02, 0xad, 0x42).sleb(0x9e3779b1 + d);
  body.bytes(0x7e, 0x21, 0x04, 0x20, 0x04, 0x42, 0x20, 0x88, 0xa7);
  if (callee >= 0) body.bytes(0x20, 0x02, 0x20, 0x01, 0x10).u32(callee);
  else body.bytes(0x20, 0x02);
  body.bytes(0x73, 0x23, 0x00, 0x6a);
}

/** i64 → i64: multiply-rotate hashing, an if/else that stores or bumps, a load and a call. */
function wideArithmetic(
  body: WasmWriter,
  d: number,
  callee: number,
  address: number,
  repeats: number,
): void {
  body.u32(2).u32(1).bytes(I64).u32(1).bytes(I32);
  body.bytes(0x20, 0x00, 0x21, 0x01);
  for (let r = 0; r < repeats; r++) {
    body.bytes(0x20, 0x01, 0x42).sleb(-(d % 100_000) - 7 - r);
    body.bytes(0x7e, 0x42, 0x0d, 0x89, 0x21, 0x01);
    body.bytes(0x20, 0x01, 0xa7, 0x45, 0x04, EMPTY_BLOCK);
    body.bytes(0x20, 0x01, 0x42, 0x01, 0x7c, 0x21, 0x01);
    body.bytes(0x05, 0x41).sleb(address).bytes(0x20, 0x01, 0x37, 0x03, 0x10, 0x0b);
  }
  body.bytes(0x41).sleb(address).bytes(0x29, 0x03, 0x18, 0x20, 0x01, 0x85);
  if (callee >= 0) body.bytes(0x10).u32(callee);
}

/** (f64, f64) → f64: arithmetic, sqrt, a store, an if with a result and a call. */
function floatingPoint(
  body: WasmWriter,
  d: number,
  callee: number,
  address: number,
  repeats: number,
): void {
  body.u32(1).u32(1).bytes(F64);
  body.bytes(0x20, 0x00, 0x21, 0x02);
  for (let r = 0; r < repeats; r++) {
    body.bytes(0x20, 0x02, 0x20, 0x01, 0xa2, 0x44).f64(d / 3 + r);
    body.bytes(0xa0, 0x99, 0x9f, 0x21, 0x02);
    body
      .bytes(0x41)
      .sleb(address)
      .bytes(0x20, 0x02, 0x39, 0x03)
      .u32(r * 8);
  }
  body.bytes(0x20, 0x02, 0x20, 0x00, 0x63, 0x04, F64, 0x20, 0x02);
  body.bytes(0x05, 0x41).sleb(address).bytes(0x2b, 0x03, 0x08, 0x20, 0x01, 0xa0, 0x0b);
  if (callee >= 0) body.bytes(0x20, 0x00, 0x20, 0x01, 0x10).u32(callee).bytes(0xa0);
}

/** i32 → i32 with SIMD: load a vector, add a splat, multiply, store, extract a lane. */
function vectorLanes(body: WasmWriter, address: number): void {
  body.u32(1).u32(1).bytes(V128);
  body.bytes(0x20, 0x00, 0xfd, 0x00, 0x04).u32(address);
  body.bytes(0x20, 0x00, 0xfd, 0x11, 0xfd, 0xae, 0x01, 0x22, 0x01);
  body.bytes(0x20, 0x01, 0xfd, 0xb5, 0x01, 0x21, 0x01);
  body.bytes(0x20, 0x00, 0x20, 0x01, 0xfd, 0x0b, 0x04, 0x10);
  body.bytes(0x20, 0x01, 0xfd, 0x1b, 0x02);
}

/** i32 → i32 without SIMD: log, then call through the table (a few times), summing results. */
function indirectAndLog(body: WasmWriter, d: number, tableEntries: number, repeats: number): void {
  body.u32(0);
  body.bytes(0x20, 0x00, 0x10).u32(LOGGER_FUNC);
  body.bytes(0x20, 0x00);
  for (let r = 0; r < repeats; r++) {
    body.bytes(0x20, 0x00, 0x41).sleb((d + r) % tableEntries);
    body.bytes(0x11, 0x03, 0x00, 0x6a);
  }
}

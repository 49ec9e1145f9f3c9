import { readFileSync, readdirSync } from 'node:fs';
import { SUITE_ABSENT, SUITE_DIR, suiteAvailable } from '../../support/testsuite.ts';
import { describe, expect, it } from 'vitest';
import { WasmDecodeError } from '../../../src/wasm/binary/errors.ts';
import { decodeExports, exportCount } from '../../../src/wasm/module/exports.ts';
import { definedFunctionCount, definedFunctions } from '../../../src/wasm/code/function-table.ts';
import { decodeElemItems, decodeModule } from '../../../src/wasm/module/decode-module.ts';
import type { ConstExpr, ModuleInfo } from '../../../src/wasm/types.ts';
import { module, name, section, sleb, uleb, vec } from '../../support/binary-writer.ts';
import { MODULE_FIXTURES, assembleFixture } from '../../support/module-fixtures.ts';
import { listModules } from '../../support/wast.ts';
import { watToWasm } from '../../support/wat.ts';

const FUNCREF = { heap: 'func', nullable: true };
const EXTERNREF = { heap: 'extern', nullable: true };

async function decodeFixture(fixture: string): Promise<ModuleInfo> {
  return decodeModule(await assembleFixture(fixture));
}

function exprBytes(info: ModuleInfo, expr: ConstExpr | undefined): number[] {
  if (!expr) throw new Error('expected a constant expression');
  return [...info.bytes.subarray(expr.offset, expr.end)];
}

function decodeError(bytes: Uint8Array): WasmDecodeError {
  try {
    decodeModule(bytes);
  } catch (error) {
    if (error instanceof WasmDecodeError) return error;
    throw error;
  }
  throw new Error('expected decodeModule to reject the module');
}

const TYPE_VOID = section(1, vec([[0x60, 0x00, 0x00]]));

describe('decodeModule on the MVP fixture', () => {
  it('lists the sections in file order with their offsets', async () => {
    const info = await decodeFixture('basic');
    expect(info.version).toBe(1);
    expect(info.sections.map((s) => s.kind)).toEqual([
      'type',
      'import',
      'function',
      'global',
      'export',
      'start',
      'elem',
      'code',
      'data',
      'custom',
    ]);
    for (const s of info.sections) expect(s.payloadOffset).toBeGreaterThan(s.offset);
    const last = info.sections[info.sections.length - 1];
    expect(last.payloadOffset + last.size).toBe(info.bytes.length);
    expect(last.name).toBe('name');
  });

  it('reads function types and imports of every kind', async () => {
    const info = await decodeFixture('basic');
    expect(info.types.map((t) => t.composite)).toEqual([
      { kind: 'func', params: ['i32', 'i32'], results: ['i32'] },
      { kind: 'func', params: [], results: [] },
    ]);
    expect(info.imports.map((i) => [i.module, i.name, i.desc])).toEqual([
      ['env', 'add', { kind: 'func', typeIndex: 0 }],
      [
        'env',
        'table',
        { kind: 'table', type: { element: FUNCREF, min: 2, max: 10, is64: false, shared: false } },
      ],
      ['env', 'memory', { kind: 'memory', type: { min: 1, max: 2, is64: false, shared: false } }],
      ['env', 'counter', { kind: 'global', type: { type: 'i32', mutable: true, shared: false } }],
      ['env', 'pi', { kind: 'global', type: { type: 'f64', mutable: false, shared: false } }],
    ]);
    expect([info.importedFuncs, info.importedTables, info.importedMemories]).toEqual([1, 1, 1]);
    expect([info.importedGlobals, info.importedTags]).toEqual([2, 0]);
  });

  it('locates function bodies without decoding them', async () => {
    const info = await decodeFixture('basic');
    const code = info.sections.find((s) => s.kind === 'code')!;
    expect(definedFunctions(info).map((f) => f.typeIndex)).toEqual([1, 0]);
    const [init, sub] = definedFunctions(info);
    expect(init.codeOffset).toBe(init.bodyOffset + 1);
    expect(sub.bodyOffset).toBe(init.codeEnd);
    expect(sub.codeEnd).toBe(code.payloadOffset + code.size);
    // The body of $sub ends with local.get 0, local.get 1, i32.sub, end.
    expect([...info.bytes.subarray(sub.codeEnd - 6, sub.codeEnd)]).toEqual([
      0x20, 0x00, 0x20, 0x01, 0x6b, 0x0b,
    ]);
  });

  it('records global types and the byte ranges of their initialisers', async () => {
    const info = await decodeFixture('basic');
    expect(info.globals.map((g) => g.type)).toEqual([
      { type: 'i32', mutable: false, shared: false },
      { type: 'i64', mutable: true, shared: false },
      { type: 'f32', mutable: false, shared: false },
      { type: 'f64', mutable: false, shared: false },
    ]);
    expect(exprBytes(info, info.globals[0].init)).toEqual([0x41, 42, 0x0b]);
    expect(exprBytes(info, info.globals[1].init)).toEqual([0x42, 0x79, 0x0b]);
    expect(exprBytes(info, info.globals[2].init)).toEqual([0x43, 0, 0, 0xc0, 0x3f, 0x0b]);
    expect(exprBytes(info, info.globals[3].init)).toEqual([0x23, 1, 0x0b]);
  });

  it('reads exports, the start function and the segments', async () => {
    const info = await decodeFixture('basic');
    expect(decodeExports(info).map((e) => [e.name, e.kind, e.index])).toEqual([
      ['sub', 'func', 2],
      ['answer', 'global', 2],
      ['table', 'table', 0],
      ['memory', 'memory', 0],
    ]);
    expect(info.start).toBe(1);
    expect(info.elems).toHaveLength(1);
    expect(info.elems[0]).toMatchObject({ mode: 'active', flags: 0, tableIndex: 0, count: 2 });
    expect(decodeElemItems(info, 0)).toEqual([2, 1]);
    const text = new TextDecoder().decode(
      info.bytes.subarray(info.datas[0].dataOffset, info.datas[0].dataOffset + info.datas[0].size),
    );
    expect(text).toBe('hello\x00\x01\ufffd"quoted" \\ tab\t');
    expect(exprBytes(info, info.datas[0].offsetExpr)).toEqual([0x41, 16, 0x0b]);
    expect(info.datas[1]).toMatchObject({ mode: 'active', size: 0 });
  });

  it('reads the names wabt writes', async () => {
    const info = await decodeFixture('basic');
    expect(info.names.error).toBeUndefined();
    expect(info.names.module).toBe('basic');
    expect(info.names.functions.get(2)).toBe('sub');
    expect(info.names.locals.get(2)).toEqual(
      new Map([
        [0, 'a'],
        [1, 'b'],
        [2, 'tmp'],
      ]),
    );
    expect(info.names.types.get(0)).toBe('binop');
    expect(info.names.globals.get(5)).toBe('copy');
  });
});

describe('decodeModule on segments', () => {
  it('reads the element segment forms wabt writes', async () => {
    const info = await decodeFixture('segments');
    expect(info.elems.map((e) => [e.mode, e.flags, e.tableIndex, e.itemKind, e.count])).toEqual([
      ['active', 0, 0, 'funcs', 2],
      ['passive', 1, 0, 'funcs', 2],
      ['active', 0, 0, 'funcs', 1],
      ['declarative', 3, 0, 'funcs', 1],
      ['active', 4, 0, 'exprs', 2],
      ['passive', 5, 0, 'exprs', 2],
      ['active', 6, 1, 'exprs', 1],
      ['declarative', 3, 0, 'funcs', 1],
    ]);
    expect(info.elems[6].elementType).toEqual(EXTERNREF);
    const exprs = decodeElemItems(info, 4) as ConstExpr[];
    expect(exprBytes(info, exprs[0])).toEqual([0xd2, 0x00, 0x0b]);
    expect(exprBytes(info, exprs[1])).toEqual([0xd0, 0x70, 0x0b]);
    expect(info.elems.every((e) => e.itemsEnd > e.itemsOffset)).toBe(true);
  });

  it('reads passive data and the data count section', async () => {
    const info = await decodeFixture('segments');
    expect(info.dataCount).toBe(2);
    expect(info.datas.map((d) => [d.mode, d.flags, d.size])).toEqual([
      ['active', 0, 3],
      ['passive', 1, 7],
    ]);
    expect(info.datas[1].offsetExpr).toBeUndefined();
    expect(info.names.elems.get(1)).toBe('passive_funcs');
    expect(info.names.datas.get(1)).toBe('passive_data');
  });

  it('reads the encodings wabt does not write: flags 2 and 7, and data flag 2', () => {
    const offset = [0x41, 0x00, 0x0b];
    const bytes = module(
      TYPE_VOID,
      section(3, vec([[0]])),
      section(4, vec([[0x70, 0x00, 1]])),
      section(5, vec([[0x00, 1]])),
      section(
        9,
        vec([
          [0x02, 0x00, ...offset, 0x00, ...vec([[0]])],
          [0x07, 0x70, ...vec([[0xd2, 0x00, 0x0b]])],
        ]),
      ),
      section(10, vec([[2, 0x00, 0x0b]])),
      section(11, vec([[0x02, 0x00, ...offset, ...vec([[0xab], [0xcd]])]])),
    );
    const info = decodeModule(bytes);
    expect(info.elems[0]).toMatchObject({ mode: 'active', flags: 2, tableIndex: 0, count: 1 });
    expect(info.elems[0].elementType).toEqual(FUNCREF);
    expect(info.elems[1]).toMatchObject({ mode: 'declarative', flags: 7, itemKind: 'exprs' });
    expect(info.datas[0]).toMatchObject({ mode: 'active', flags: 2, memoryIndex: 0, size: 2 });
  });

  it('locates a 700,000-item element segment and decodes its items on demand', () => {
    const itemCount = 700_000;
    const items: number[] = [];
    for (let i = 0; i < itemCount; i++) items.push(...uleb(i % 3));
    const bytes = module(
      TYPE_VOID,
      section(3, vec([[0], [0], [0]])),
      section(4, vec([[0x70, 0x00, ...uleb(itemCount)]])),
      section(9, vec([[0x00, 0x41, 0x00, 0x0b, ...uleb(itemCount), ...items]])),
      section(
        10,
        vec([
          [2, 0x00, 0x0b],
          [2, 0x00, 0x0b],
          [2, 0x00, 0x0b],
        ]),
      ),
    );
    const info = decodeModule(bytes);
    expect(info.elems[0].count).toBe(itemCount);
    expect(info.elems[0].itemsEnd - info.elems[0].itemsOffset).toBe(itemCount);
    const decoded = decodeElemItems(info, 0) as number[];
    expect(decoded).toHaveLength(itemCount);
    expect(decoded.slice(-4)).toEqual([0, 1, 2, 0].map((_, i) => (itemCount - 4 + i) % 3));
    expect(() => decodeElemItems(info, 1)).toThrow(RangeError);
  });
});

describe('decodeModule on proposals', () => {
  it('reads 64-bit, shared and bounded memories and 64-bit tables', async () => {
    const info = await decodeFixture('memory64');
    expect(info.memories).toEqual([
      { min: 1, is64: false, shared: false },
      { min: 2, max: 3, is64: false, shared: false },
      { min: 1, max: 65536, is64: true, shared: false },
      { min: 1, max: 4, is64: false, shared: true },
    ]);
    expect(info.tables[0].type).toEqual({
      element: FUNCREF,
      min: 10,
      max: 20,
      is64: true,
      shared: false,
    });
  });

  it('reads imported, defined and exported tags', async () => {
    const info = await decodeFixture('tags');
    expect(info.imports[0].desc).toEqual({
      kind: 'tag',
      type: { attribute: 0, typeIndex: 1 },
    });
    expect(info.importedTags).toBe(1);
    expect(info.tags).toEqual([
      { attribute: 0, typeIndex: 2 },
      { attribute: 0, typeIndex: 0 },
    ]);
    expect(decodeExports(info)[0]).toMatchObject({ name: 'tag', kind: 'tag', index: 2 });
    expect(info.sections.map((s) => s.kind)).toContain('tag');
  });

  it('finds the end of extended-const, v128 and reference constant expressions', async () => {
    const info = await decodeFixture('const-exprs');
    expect(exprBytes(info, info.globals[0].init)).toEqual([0x23, 0, 0x41, 8, 0x6a, 0x0b]);
    expect(exprBytes(info, info.globals[2].init)).toEqual([
      0x23, 1, 0x42, 3, 0x42, 0x7b, 0x7e, 0x7c, 0x0b,
    ]);
    expect(exprBytes(info, info.globals[3].init)).toHaveLength(19);
    expect(exprBytes(info, info.globals[4].init)).toEqual([0xd2, 0, 0x0b]);
    expect(exprBytes(info, info.globals[5].init)).toEqual([0xd0, 0x6f, 0x0b]);
    expect(exprBytes(info, info.elems[0].offsetExpr)).toEqual([0x23, 0, 0x41, 1, 0x6a, 0x0b]);
    expect(info.datas[0].size).toBe(1);
  });

  it('describes GC recursion groups, sub types, structs and arrays', async () => {
    const info = await decodeFixture('gc');
    expect(info.recGroups[0]).toEqual({ firstType: 0, count: 2, explicit: true });
    expect(info.types[0]).toMatchObject({ final: false, explicitSub: true, recGroup: 0 });
    expect(info.types[1]).toMatchObject({ final: true, supertypes: [0], recGroup: 0 });
    expect(info.types[1].composite).toEqual({
      kind: 'struct',
      fields: [
        { type: 'i32', mutable: false },
        { type: { heap: 0, nullable: true }, mutable: true },
        { type: 'i8', mutable: false },
      ],
    });
    expect(info.types[2].composite).toEqual({
      kind: 'array',
      element: { type: 'i8', mutable: true },
    });
    expect(info.types[3].composite).toEqual({
      kind: 'array',
      element: { type: 'i16', mutable: false },
    });
    const refs = info.types[6].composite;
    expect(refs.kind === 'func' && refs.params).toEqual([
      FUNCREF,
      EXTERNREF,
      { heap: 'any', nullable: true },
      { heap: 'i31', nullable: true },
      { heap: 'struct', nullable: true },
      { heap: 'array', nullable: true },
      { heap: 2, nullable: true },
      { heap: 'extern', nullable: false },
      { heap: 1, nullable: true },
      'v128',
    ]);
    expect(info.names.fields.get(4)).toEqual(
      new Map([
        [0, 'x'],
        [1, 'y'],
      ]),
    );
  });

  it('reads a table with an initialiser expression (the 0x40 0x00 form)', async () => {
    const info = await decodeFixture('gc');
    expect(info.tables[0].type.element).toEqual({ heap: 'func', nullable: false });
    expect(exprBytes(info, info.tables[0].init)).toEqual([0xd2, 0x00, 0x0b]);
  });

  it('reads the GC instructions allowed in constant expressions', async () => {
    const info = await decodeFixture('gc');
    const last = (i: number) => exprBytes(info, info.globals[i].init).slice(-4);
    expect(last(0)).toEqual([0xfb, 0x00, 0x04, 0x0b]); // struct.new $point
    expect(last(1)).toEqual([0xfb, 0x07, 0x02, 0x0b]); // array.new_default $bytes
    expect(last(2)).toEqual([0xfb, 0x08, 0x03, 0x02, 0x0b].slice(-4)); // array.new_fixed
    expect(last(3)).toEqual([0x41, 0x07, 0xfb, 0x1c, 0x0b].slice(-4)); // ref.i31
  });

  it('describes stack-switching continuation types and the newer abstract heap types', () => {
    const types = vec([
      [0x60, ...vec([[0x69], [0x74], [0x63, 0x71], [0x64, 0x73]]), ...vec([[0x72]])],
      [0x5d, 0x00],
    ]);
    const info = decodeModule(module(section(1, types)));
    expect(info.types[0].composite).toEqual({
      kind: 'func',
      params: [
        { heap: 'exn', nullable: true },
        { heap: 'noexn', nullable: true },
        { heap: 'none', nullable: true },
        { heap: 'nofunc', nullable: false },
      ],
      results: [{ heap: 'noextern', nullable: true }],
    });
    expect(info.types[1].composite).toEqual({ kind: 'cont', funcTypeIndex: 0 });
  });

  it('reads custom page sizes, shared globals and 64-bit table limits', () => {
    const bytes = module(
      section(4, vec([[0x6f, 0x05, ...uleb(1), ...uleb(2 ** 40)]])),
      section(
        5,
        vec([
          [0x08, 1, 0],
          [0x0b, 1, 2, 16],
        ]),
      ),
      section(6, vec([[0x7f, 0x03, 0x41, ...sleb(-1), 0x0b]])),
    );
    const info = decodeModule(bytes);
    expect(info.tables[0].type).toEqual({
      element: EXTERNREF,
      min: 1,
      max: 2 ** 40,
      is64: true,
      shared: false,
    });
    expect(info.memories).toEqual([
      { min: 1, is64: false, shared: false, pageSizeLog2: 0 },
      { min: 1, max: 2, is64: false, shared: true, pageSizeLog2: 16 },
    ]);
    expect(info.globals[0].type).toEqual({ type: 'i32', mutable: true, shared: true });
  });
});

it('reads the limits of 32-bit tables and memories as u64, as WebAssembly 3.0 does', () => {
  // memory64 made every bound a u64: a 6-byte 1 and a 5-byte 2^32 are well formed now
  const wideOne = [0x81, 0x80, 0x80, 0x80, 0x80, 0x00];
  const bytes = module(
    section(2, vec([[...name('m'), ...name('t'), 0x01, 0x70, 0x00, ...wideOne]])),
    section(5, vec([[0x01, ...wideOne, 0x80, 0x80, 0x80, 0x80, 0x10]])),
  );
  const info = decodeModule(bytes);
  expect(info.imports[0].desc).toEqual({
    kind: 'table',
    type: { element: FUNCREF, min: 1, is64: false, shared: false },
  });
  expect(info.memories).toEqual([{ min: 1, max: 2 ** 32, is64: false, shared: false }]);
  // eleven bytes are too long even for a u64
  const tooLong = module(
    section(5, vec([[0x00, ...wideOne.slice(0, 5), 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]])),
  );
  expect(decodeError(tooLong).message).toMatch(/integer representation too long/);
});

describe('decodeModule rejects malformed structure', () => {
  it('names the problem with a component or another layer', () => {
    const component = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
    expect(decodeError(component).reason).toMatch(/component/);
    const version2 = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]);
    expect(decodeError(version2).reason).toMatch(/unknown binary version/);
    expect(decodeError(Uint8Array.from([0x00, 0x61, 0x73])).reason).toMatch(/magic/);
  });

  it('rejects duplicate and out-of-order sections', () => {
    expect(decodeError(module(TYPE_VOID, TYPE_VOID)).reason).toMatch(/duplicate type/);
    const memory = section(5, vec([[0x00, 1]]));
    const table = section(4, vec([[0x70, 0x00, 1]]));
    expect(decodeError(module(memory, table)).reason).toMatch(/out-of-order table/);
  });

  it('places the data count section between element and code, and tags before globals', () => {
    const dataCount = section(12, [0]);
    const code = section(10, vec([]));
    const elem = section(9, vec([]));
    expect(decodeModule(module(elem, dataCount, code)).dataCount).toBe(0);
    expect(() => decodeModule(module(code, dataCount))).toThrow(WasmDecodeError);
    const tag = section(13, vec([]));
    const memory = section(5, vec([]));
    const global = section(6, vec([]));
    expect(decodeModule(module(memory, tag, global)).tags).toEqual([]);
    expect(() => decodeModule(module(global, tag))).toThrow(WasmDecodeError);
  });

  it('requires every section to end exactly where its size says', () => {
    const padded = section(1, [...vec([[0x60, 0x00, 0x00]]), 0x00]);
    expect(decodeError(module(padded)).reason).toMatch(/section size mismatch/);
    const truncated = [1, 10, ...vec([[0x60, 0x00, 0x00]])];
    expect(decodeError(module(truncated)).reason).toMatch(/unexpected end/);
  });

  it('requires as many bodies as declared functions and as many data segments as counted', () => {
    const functions = section(3, vec([[0]]));
    expect(decodeError(module(TYPE_VOID, functions)).reason).toMatch(/inconsistent lengths/);
    const twoBodies = section(
      10,
      vec([
        [2, 0x00, 0x0b],
        [2, 0x00, 0x0b],
      ]),
    );
    expect(decodeError(module(TYPE_VOID, functions, twoBodies)).reason).toMatch(/inconsistent/);
    const dataCount = section(12, [1]);
    expect(decodeError(module(dataCount)).reason).toMatch(/data count/);
  });

  it('checks counts against the bytes left before allocating', () => {
    const hugeTypeCount = section(1, [...uleb(0xffff_ffff), 0x60, 0x00, 0x00]);
    expect(decodeError(module(hugeTypeCount)).reason).toMatch(/type count 4294967295/);
    const hugeParams = section(1, vec([[0x60, ...uleb(0x1000_0000)]]));
    expect(decodeError(module(hugeParams)).reason).toMatch(/parameter count/);
    const hugeData = section(11, vec([[0x01, ...uleb(0x7fff_ffff)]]));
    expect(decodeError(module(hugeData)).reason).toMatch(/data segment size/);
  });

  it('rejects unknown forms with the spec wording', () => {
    const badImport = section(2, vec([[...name('m'), ...name('f'), 0x05, 0]]));
    expect(decodeError(module(badImport)).reason).toMatch(/malformed import kind/);
    const badLimits = section(5, vec([[0x10, 0]]));
    expect(decodeError(module(badLimits)).reason).toMatch(/malformed limits flags/);
    const badMut = section(6, vec([[0x7f, 0x04, 0x41, 0, 0x0b]]));
    expect(decodeError(module(badMut)).reason).toMatch(/malformed mutability/);
    const badId = [0x0e, 0x00];
    expect(decodeError(module(badId)).reason).toMatch(/malformed section id/);
  });
});

/** Imports and exports as `WebAssembly.Module` reports them, for comparison with V8. */
function v8Interface(compiled: WebAssembly.Module): string[] {
  return [
    ...WebAssembly.Module.imports(compiled).map((i) => `import ${i.module} ${i.name} ${i.kind}`),
    ...WebAssembly.Module.exports(compiled).map((e) => `export ${e.name} ${e.kind}`),
  ];
}

const JS_KIND = {
  func: 'function',
  table: 'table',
  memory: 'memory',
  global: 'global',
  tag: 'tag',
};

function decodedInterface(info: ModuleInfo): string[] {
  return [
    ...info.imports.map((i) => `import ${i.module} ${i.name} ${JS_KIND[i.desc.kind]}`),
    ...decodeExports(info).map((e) => `export ${e.name} ${JS_KIND[e.kind]}`),
  ];
}

function compileWithV8(bytes: Uint8Array): WebAssembly.Module | undefined {
  try {
    // The DOM typings want an ArrayBuffer-backed view; wabt's and the suite's bytes are.
    return new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return undefined;
  }
}

const SUITE = SUITE_DIR + '/';
if (!suiteAvailable()) console.warn(SUITE_ABSENT);

function suiteScripts(): string[] {
  const top = readdirSync(SUITE).filter((f) => f.endsWith('.wast'));
  const legacy = readdirSync(SUITE + 'legacy').filter((f) => f.endsWith('.wast'));
  return [...top, ...legacy.map((f) => 'legacy/' + f)].sort();
}

describe('imports and exports agree with V8', () => {
  // Node 20's V8 (11.3) ships none of these proposals: GC is behind a flag, extended-const
  // arrived in V8 11.4, and memory64 / multi-memory later still.
  const V8_UNSUPPORTED_FIXTURES = new Set(['gc', 'const-exprs', 'memory64']);

  it('on every fixture V8 compiles', async () => {
    const compiled: string[] = [];
    for (const fixture of MODULE_FIXTURES) {
      const bytes = await assembleFixture(fixture);
      const v8 = compileWithV8(bytes);
      expect(v8 === undefined, fixture).toBe(V8_UNSUPPORTED_FIXTURES.has(fixture));
      if (!v8) continue;
      expect(decodedInterface(decodeModule(bytes)), fixture).toEqual(v8Interface(v8));
      compiled.push(fixture);
    }
    expect(compiled.length).toBe(MODULE_FIXTURES.length - V8_UNSUPPORTED_FIXTURES.size);
  });

  it.skipIf(!suiteAvailable())(
    'on every spec-suite module V8 compiles, and never fails another way on the rest',
    async () => {
      let agreed = 0;
      let notCompiled = 0;
      let notAssembled = 0;
      for (const script of suiteScripts()) {
        const source = readFileSync(SUITE + script, 'utf8');
        for (const { command, module: form, line } of listModules(source)) {
          if (command !== 'module' || form.form === 'quote') continue;
          let bytes: Uint8Array;
          if (form.form === 'binary') bytes = form.bytes;
          else {
            try {
              bytes = await watToWasm(form.text, { validate: false });
            } catch {
              notAssembled++;
              continue;
            }
          }
          const v8 = compileWithV8(bytes);
          if (!v8) {
            notCompiled++;
            try {
              decodeModule(bytes);
            } catch (error) {
              expect(error, `${script}:${line}`).toBeInstanceOf(WasmDecodeError);
            }
            continue;
          }
          expect(decodedInterface(decodeModule(bytes)), `${script}:${line}`).toEqual(
            v8Interface(v8),
          );
          agreed++;
        }
      }
      console.log(
        `spec suite: ${agreed} modules agree with V8; ${notCompiled} not compiled by Node ${process.versions.node}'s V8; ${notAssembled} not assembled by wabt.js`,
      );
      expect(agreed).toBeGreaterThan(1500);
    },
  );
});

describe('the compactly recorded lists', () => {
  it('is plain data: no accessor anywhere, so a clone copies what is there and reads alike', async () => {
    const info = await decodeFixture('basic');
    const accessors = Object.entries(Object.getOwnPropertyDescriptors(info)).filter(
      ([, descriptor]) => descriptor.get !== undefined || descriptor.set !== undefined,
    );
    expect(accessors).toEqual([]);
    const clone = structuredClone(info);
    expect(definedFunctions(clone)).toEqual(definedFunctions(info));
    expect(decodeExports(clone)).toEqual(decodeExports(info));
    expect(decodeExports(clone).map((e) => e.name)).toEqual(['sub', 'answer', 'table', 'memory']);
  });

  it('reads windows of the functions and exports, locating bodies only as far as asked', () => {
    const body = [0x02, 0x00, 0x0b];
    const bytes = module(
      TYPE_VOID,
      section(3, vec([[0], [0], [0], [0]])),
      section(7, vec([0, 1, 2, 3].map((i) => [...name(`f${i}`), 0x00, i]))),
      section(10, vec([body, body, body, body])),
    );
    const info = decodeModule(bytes);
    expect([definedFunctionCount(info), exportCount(info)]).toEqual([4, 4]);
    expect(definedFunctions(info, 1, 2).map((f) => f.bodyOffset)).toEqual(
      definedFunctions(info)
        .slice(1, 3)
        .map((f) => f.bodyOffset),
    );
    const fresh = decodeModule(bytes);
    definedFunctions(fresh, 0, 2);
    expect(fresh.functionLayout.located).toBe(2);
    expect(decodeExports(info, 2).map((e) => e.name)).toEqual(['f2', 'f3']);
    expect(decodeExports(info, 3, 10).map((e) => e.name)).toEqual(['f3']);
    expect(decodeExports(info, 4)).toEqual([]);
    expect(definedFunctions(info, 9, 1)).toEqual([]);
    expect(() => decodeExports(info, -1)).toThrow(RangeError);
    expect(() => definedFunctions(info, 0, 1.5)).toThrow(RangeError);
  });

  it('checks export names while decoding although it builds them later', () => {
    const exportOf = (nameBytes: number[]) =>
      module(section(7, vec([[...uleb(nameBytes.length), ...nameBytes, 0x00, 0]])));
    expect(() => decodeModule(exportOf([0x61, 0xff]))).toThrow(WasmDecodeError);
    expect(() => decodeModule(exportOf([0x61, 0x80]))).toThrow(/UTF-8/);
    expect(decodeExports(decodeModule(exportOf([0xc3, 0xa9])))[0].name).toBe('\u00e9');
    const badKind = module(section(7, vec([[...name('x'), 0x05, 0]])));
    expect(decodeError(badKind).reason).toMatch(/malformed export kind/);
  });

  it('reads overlong and multi-byte LEBs in type indices, body sizes and element items', () => {
    const fourByteZero = [0x80, 0x80, 0x80, 0x00];
    const bytes = module(
      TYPE_VOID,
      section(3, vec([[0x80, 0x00], fourByteZero, [0x80, 0x80, 0x80, 0x80, 0x00]])),
      section(4, vec([[0x70, 0x00, 3]])),
      section(9, vec([[0x00, 0x41, 0x00, 0x0b, 3, 0x82, 0x00, ...fourByteZero, 0x81, 0x80, 0x00]])),
      section(
        10,
        vec([
          [0x82, 0x00, 0x00, 0x0b],
          [...[0x82, 0x80, 0x80, 0x80, 0x00], 0x00, 0x0b],
          [0x82, 0x80, 0x00, 0x00, 0x0b],
        ]),
      ),
    );
    const info = decodeModule(bytes);
    const functions = definedFunctions(info);
    expect(functions.map((f) => f.typeIndex)).toEqual([0, 0, 0]);
    expect(functions.map((f) => f.codeOffset - f.bodyOffset)).toEqual([2, 5, 3]);
    expect(functions.map((f) => f.codeEnd - f.codeOffset)).toEqual([2, 2, 2]);
    expect(decodeElemItems(info, 0)).toEqual([2, 0, 1]);
    const badFifthByte = section(3, vec([[0x80, 0x80, 0x80, 0x80, 0x10]]));
    expect(decodeError(module(TYPE_VOID, badFifthByte)).reason).toMatch(/integer too large/);
    const badItem = [0x00, 0x41, 0x00, 0x0b, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
    expect(decodeError(module(section(9, vec([badItem])))).reason).toMatch(/too long/);
  });
});

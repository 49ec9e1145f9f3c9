import { describe, expect, it } from 'vitest';
import { WasmDecodeError } from '../../../src/wasm/binary/errors.ts';
import { definedFunctionCount } from '../../../src/wasm/code/function-table.ts';
import { decodeModule } from '../../../src/wasm/module/decode-module.ts';
import { customSection, module, name, section, uleb, vec } from '../../support/binary-writer.ts';
import { watToWasm } from '../../support/wat.ts';

/** A name map: `vec(index name)`. */
function nameMap(entries: [number, string][]): number[] {
  return vec(entries.map(([index, text]) => [...uleb(index), ...name(text)]));
}

/** An indirect name map: `vec(index namemap)`. */
function indirectNameMap(entries: [number, [number, string][]][]): number[] {
  return vec(entries.map(([index, inner]) => [...uleb(index), ...nameMap(inner)]));
}

const TYPE_VOID = section(1, vec([[0x60, 0x00, 0x00]]));

describe('the name section', () => {
  it('reads the module, function and local names wabt writes', async () => {
    const bytes = await watToWasm(`(module $m
      (func $first (param $x i32) (local $y i64))
      (func $second))`);
    const { names } = decodeModule(bytes);
    expect(names.module).toBe('m');
    expect(names.functions).toEqual(
      new Map([
        [0, 'first'],
        [1, 'second'],
      ]),
    );
    expect(names.locals.get(0)).toEqual(
      new Map([
        [0, 'x'],
        [1, 'y'],
      ]),
    );
    expect(names.error).toBeUndefined();
  });

  it('reads every subsection of the extended name section', () => {
    const payload = [
      ...section(0, name('everything')),
      ...section(1, nameMap([[0, 'f']])),
      ...section(2, indirectNameMap([[0, [[0, 'local0']]]])),
      ...section(
        3,
        indirectNameMap([
          [
            0,
            [
              [1, 'loop'],
              [2, 'block'],
            ],
          ],
        ]),
      ),
      ...section(4, nameMap([[0, 'sig']])),
      ...section(5, nameMap([[0, 'tbl']])),
      ...section(6, nameMap([[0, 'mem']])),
      ...section(7, nameMap([[3, 'glob']])),
      ...section(8, nameMap([[1, 'seg']])),
      ...section(9, nameMap([[2, 'bytes']])),
      ...section(
        10,
        indirectNameMap([
          [
            4,
            [
              [0, 'x'],
              [1, 'y'],
            ],
          ],
        ]),
      ),
      ...section(11, nameMap([[0, 'oops']])),
      // Unknown subsections from future proposals are skipped.
      ...section(42, [1, 2, 3]),
    ];
    const { names } = decodeModule(module(customSection('name', payload)));
    expect(names.error).toBeUndefined();
    expect(names.module).toBe('everything');
    expect(names.functions.get(0)).toBe('f');
    expect(names.locals.get(0)?.get(0)).toBe('local0');
    expect(names.labels.get(0)).toEqual(
      new Map([
        [1, 'loop'],
        [2, 'block'],
      ]),
    );
    expect(names.types.get(0)).toBe('sig');
    expect(names.tables.get(0)).toBe('tbl');
    expect(names.memories.get(0)).toBe('mem');
    expect(names.globals.get(3)).toBe('glob');
    expect(names.elems.get(1)).toBe('seg');
    expect(names.datas.get(2)).toBe('bytes');
    expect(names.fields.get(4)?.get(1)).toBe('y');
    expect(names.tags.get(0)).toBe('oops');
  });

  it('keeps the module and what was read when the name section is malformed', () => {
    const payload = [
      ...section(0, name('kept')),
      ...section(1, nameMap([[0, 'alsoKept']])),
      // A local subsection whose size runs past the section.
      2,
      ...uleb(200),
      1,
    ];
    const info = decodeModule(
      module(
        TYPE_VOID,
        section(3, vec([[0]])),
        section(10, vec([[2, 0, 0x0b]])),
        customSection('name', payload),
      ),
    );
    expect(definedFunctionCount(info)).toBe(1);
    expect(info.names.module).toBe('kept');
    expect(info.names.functions.get(0)).toBe('alsoKept');
    expect(info.names.error).toMatch(/name subsection size 200/);
  });

  it('records malformed UTF-8, overlong subsections and out-of-order subsections as errors', () => {
    const badUtf8 = [...section(0, [2, 0xc3, 0x28])];
    expect(decodeModule(module(customSection('name', badUtf8))).names.error).toMatch(/UTF-8/);
    const trailing = [...section(0, [...name('m'), 0x00])];
    expect(decodeModule(module(customSection('name', trailing))).names.error).toMatch(/unread/);
    const reversed = [...section(1, nameMap([])), ...section(0, name('m'))];
    const names = decodeModule(module(customSection('name', reversed))).names;
    expect(names.error).toMatch(/out of order/);
    expect(names.module).toBeUndefined();
  });
});

describe('tool-convention custom sections', () => {
  it('reads producers, target_features, sourceMappingURL and build_id', () => {
    const producers = vec([
      [...name('language'), ...vec([[...name('Rust'), ...name('1.80')]])],
      [
        ...name('processed-by'),
        ...vec([
          [...name('rustc'), ...name('1.80.0')],
          [...name('wasm-bindgen'), ...name('0.2.92')],
        ]),
      ],
    ]);
    const features = vec([
      [0x2b, ...name('mutable-globals')],
      [0x2d, ...name('simd128')],
      [0x3d, ...name('atomics')],
    ]);
    const info = decodeModule(
      module(
        customSection('producers', producers),
        customSection('target_features', features),
        customSection('sourceMappingURL', name('http://example.com/app.wasm.map')),
        customSection('build_id', [4, 0xde, 0xad, 0x0b, 0xef]),
      ),
    );
    expect(info.producers?.fields).toEqual(
      new Map([
        ['language', [{ name: 'Rust', version: '1.80' }]],
        [
          'processed-by',
          [
            { name: 'rustc', version: '1.80.0' },
            { name: 'wasm-bindgen', version: '0.2.92' },
          ],
        ],
      ]),
    );
    expect(info.targetFeatures).toEqual([
      { prefix: '+', name: 'mutable-globals' },
      { prefix: '-', name: 'simd128' },
      { prefix: '=', name: 'atomics' },
    ]);
    expect(info.sourceMappingURL).toBe('http://example.com/app.wasm.map');
    expect(info.buildId).toBe('dead0bef');
  });

  it('reads every dylink.0 subsection', () => {
    const payload = [
      ...section(1, [...uleb(1024), 4, ...uleb(3), 0]),
      ...section(2, vec([name('libc.so'), name('libm.so')])),
      ...section(3, vec([[...name('main'), 0x01]])),
      ...section(4, vec([[...name('env'), ...name('memory'), 0x02]])),
    ];
    const info = decodeModule(module(customSection('dylink.0', payload)));
    expect(info.dylink).toEqual({
      memorySize: 1024,
      memoryAlignment: 4,
      tableSize: 3,
      tableAlignment: 0,
      neededDynlibs: ['libc.so', 'libm.so'],
      exportInfo: [{ name: 'main', flags: 1 }],
      importInfo: [{ module: 'env', field: 'memory', flags: 2 }],
    });
  });

  it('reads the legacy dylink section', () => {
    const payload = [...uleb(16), 2, 1, 0, ...vec([name('libfoo.so')])];
    const info = decodeModule(module(customSection('dylink', payload)));
    expect(info.dylink).toMatchObject({
      memorySize: 16,
      memoryAlignment: 2,
      tableSize: 1,
      neededDynlibs: ['libfoo.so'],
    });
  });

  it('lists DWARF sections with their content ranges and every custom section in order', () => {
    const info = decodeModule(
      module(
        customSection('.debug_info', new Array<number>(100).fill(7)),
        TYPE_VOID,
        customSection('.debug_line', [1, 2, 3]),
        customSection('vendor-specific', [9]),
      ),
    );
    expect(info.debugSections.map((s) => [s.name, s.size])).toEqual([
      ['.debug_info', 100],
      ['.debug_line', 3],
    ]);
    const debugInfo = info.debugSections[0];
    expect(info.bytes[debugInfo.payloadOffset]).toBe(7);
    expect(debugInfo.payloadOffset + debugInfo.size).toBe(info.sections[1].offset);
    expect(info.customSections.map((s) => s.name)).toEqual([
      '.debug_info',
      '.debug_line',
      'vendor-specific',
    ]);
    expect(info.sections.map((s) => s.name)).toEqual([
      '.debug_info',
      'type',
      '.debug_line',
      'vendor-specific',
    ]);
  });

  it('leaves out a malformed tool section but keeps the module', () => {
    const info = decodeModule(
      module(customSection('producers', [5, 1]), customSection('build_id', [9, 1]), TYPE_VOID),
    );
    expect(info.producers).toBeUndefined();
    expect(info.buildId).toBeUndefined();
    expect(info.customSections).toHaveLength(2);
    expect(info.types).toHaveLength(1);
  });

  it('rejects a custom section whose name is not valid UTF-8 or overruns the section', () => {
    expect(() => decodeModule(module(section(0, [2, 0xff, 0xfe])))).toThrow(WasmDecodeError);
    expect(() => decodeModule(module(section(0, [5, 0x61])))).toThrow(WasmDecodeError);
  });
});

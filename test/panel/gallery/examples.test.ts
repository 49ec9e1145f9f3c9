import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GALLERY_EXAMPLES, GALLERY_GROUPS } from '../../../src/panel/gallery/index.ts';
import { createAssembleHandlers } from '../../../src/panel/workers/assemble/index.ts';
import type { AssembleResult } from '../../../src/protocol/assemble/index.ts';
import { decodeExports, decodeModule, exportCount } from '../../../src/wasm/index.ts';

const EXAMPLES_DIR = path.resolve(import.meta.dirname, '../../../src/panel/gallery/examples');
const handlers = createAssembleHandlers();
const noCall = {
  signal: new AbortController().signal,
  progress: () => undefined,
  checkpoint: async () => undefined,
};

/** Assembles through the same service the editor uses. */
async function assemble(text: string, fileName: string): Promise<Uint8Array<ArrayBuffer>> {
  const answer = await handlers.assemble({ text, fileName }, noCall);
  const result = (answer as { value?: AssembleResult }).value ?? (answer as AssembleResult);
  if (!result.ok) {
    const [d] = result.diagnostics;
    throw new Error(`${fileName}:${d.line}:${d.column}: ${d.message}`);
  }
  return new Uint8Array(result.bytes);
}

describe('the gallery', () => {
  it('has at least twelve examples, each a .wat file of the repository, listed once', () => {
    expect(GALLERY_EXAMPLES.length).toBeGreaterThanOrEqual(12);
    const files = fs.readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.wat'));
    expect(GALLERY_EXAMPLES.map((example) => example.fileName).sort()).toEqual(files.sort());
    expect(new Set(GALLERY_EXAMPLES.map((example) => example.id)).size).toBe(
      GALLERY_EXAMPLES.length,
    );
    for (const example of GALLERY_EXAMPLES) {
      expect(example.text).toBe(fs.readFileSync(path.join(EXAMPLES_DIR, example.fileName), 'utf8'));
      expect(GALLERY_GROUPS).toContain(example.group);
      expect(example.summary.length).toBeGreaterThan(10);
      expect(example.look.length).toBeGreaterThan(0);
      expect(example.try.length).toBeGreaterThan(0);
    }
  });

  it('covers the topics a learner needs', () => {
    const texts = GALLERY_EXAMPLES.map((example) => example.text).join('\n');
    for (const construct of [
      'call $fac',
      '(memory',
      'call_indirect',
      '(mut i32)',
      '(import "env"',
      'externref',
      '(result i32 i32)',
      'unreachable',
      'v128',
      'try_table',
      '"wasi_snapshot_preview1" "fd_write"',
      '"wasi_snapshot_preview1" "proc_exit"',
    ])
      expect(texts).toContain(construct);
  });

  for (const example of GALLERY_EXAMPLES) {
    it(`assembles ${example.fileName}, and the module decodes${example.needs ? '' : ' and validates in Node'}`, async () => {
      const bytes = await assemble(example.text, example.fileName);
      const info = decodeModule(bytes);
      expect(exportCount(info)).toBeGreaterThan(0);
      // Node 20 lacks some proposals the examples teach (`needs`); the e2e run validates
      // every example in Chromium.
      if (!example.needs) expect(WebAssembly.validate(bytes)).toBe(true);
    });
  }

  it('the WASI example imports exactly fd_write and proc_exit, and exports memory and _start', async () => {
    const example = GALLERY_EXAMPLES.find((candidate) => candidate.id === 'wasi-hello')!;
    const info = decodeModule(await assemble(example.text, example.fileName));
    expect(info.imports.map((i) => `${i.module}.${i.name}`)).toEqual([
      'wasi_snapshot_preview1.fd_write',
      'wasi_snapshot_preview1.proc_exit',
    ]);
    expect(
      decodeExports(info)
        .map((e) => e.name)
        .sort(),
    ).toEqual(['_start', 'memory']);
  });

  describe('does what its explanation says', () => {
    async function instantiate(
      id: string,
      imports: WebAssembly.Imports = {},
    ): Promise<Record<string, unknown>> {
      const example = GALLERY_EXAMPLES.find((candidate) => candidate.id === id)!;
      const bytes = await assemble(example.text, example.fileName);
      const { instance } = await WebAssembly.instantiate(bytes, imports);
      return instance.exports as Record<string, unknown>;
    }
    type Fn = (...args: unknown[]) => unknown;
    const fn = (exports: Record<string, unknown>, name: string) => exports[name] as Fn;

    it('add, factorial, globals, multi-value, tail calls', async () => {
      const add = await instantiate('add');
      expect(fn(add, 'add')(2, 3)).toBe(5);
      expect(fn(add, 'add_folded')(2, 3)).toBe(5);
      const fac = await instantiate('factorial');
      expect(fn(fac, 'fac')(20n)).toBe(2432902008176640000n);
      expect(fn(fac, 'fac')(21n)).not.toBe(51090942171709440000n);
      expect(fn(fac, 'fac_loop')(20n)).toBe(2432902008176640000n);
      const globals = await instantiate('globals');
      fn(globals, 'bump')();
      expect(fn(globals, 'bump')()).toBe(2);
      expect((globals.counter as WebAssembly.Global).value).toBe(2);
      expect(fn(globals, 'calls')()).toBe(2n);
      const multi = await instantiate('multi-value');
      expect(fn(multi, 'divmod')(17, 5)).toEqual([3, 2]);
      expect(fn(multi, 'sum_diff')(7, 2)).toEqual([9, 5]);
      const tail = await instantiate('tail-calls');
      expect(fn(tail, 'even')(1_000_000)).toBe(1);
      expect(fn(tail, 'odd')(7)).toBe(1);
      expect(() => fn(tail, 'even_plain')(1_000_000)).toThrow(RangeError);
    });

    it('memory and strings, bulk memory, tables', async () => {
      const strings = await instantiate('memory-strings');
      expect(fn(strings, 'strlen')(16)).toBe(19);
      fn(strings, 'upper')(16);
      const memory = new Uint8Array((strings.memory as WebAssembly.Memory).buffer);
      expect(new TextDecoder().decode(memory.subarray(16, 35))).toBe('HELLO, WEBASSEMBLY!');
      const bulk = await instantiate('bulk-memory');
      fn(bulk, 'banner')(0);
      expect(() => fn(bulk, 'banner')(0)).toThrow(WebAssembly.RuntimeError);
      fn(bulk, 'fill')(100, 65, 8);
      const bulkMemory = new Uint8Array((bulk.memory as WebAssembly.Memory).buffer);
      expect(new TextDecoder().decode(bulkMemory.subarray(0, 10))).toBe('== WASM ==');
      expect(new TextDecoder().decode(bulkMemory.subarray(100, 108))).toBe('AAAAAAAA');
      expect(fn(bulk, 'grow')(1)).toBe(1);
      expect(fn(bulk, 'pages')()).toBe(2);
      const table = await instantiate('table-call-indirect');
      expect(fn(table, 'apply')(2, 6, 7)).toBe(42);
      expect(() => fn(table, 'apply')(3, 1, 1)).toThrow(/signature|type/i);
      expect(() => fn(table, 'apply')(4, 1, 1)).toThrow(WebAssembly.RuntimeError);
    });

    it('host imports, externref, WASI hello', async () => {
      const logged: number[] = [];
      let clock = 0;
      const host = await instantiate('host-imports', {
        env: {
          log_i32: (value: number) => void logged.push(value),
          now_ms: () => (clock += 5),
          limit: 3,
        },
      });
      expect(fn(host, 'count')()).toBe(5);
      expect(logged).toEqual([0, 1, 2]);
      const refs = await instantiate('externref');
      const value = { any: 'host value' };
      expect(fn(refs, 'empty')(0)).toBe(1);
      fn(refs, 'keep')(0, value);
      expect(fn(refs, 'take')(0)).toBe(value);
      expect(fn(refs, 'empty')(0)).toBe(0);
      const out: string[] = [];
      let exitCode: number | null = null;
      let memory: WebAssembly.Memory | null = null;
      const wasi = await instantiate('wasi-hello', {
        wasi_snapshot_preview1: {
          fd_write(fd: number, iovs: number, count: number, written: number) {
            const view = new DataView(memory!.buffer);
            let total = 0;
            for (let i = 0; i < count; i++) {
              const at = view.getUint32(iovs + i * 8, true);
              const length = view.getUint32(iovs + i * 8 + 4, true);
              out.push(
                `${fd}:${new TextDecoder().decode(new Uint8Array(memory!.buffer, at, length))}`,
              );
              total += length;
            }
            view.setUint32(written, total, true);
            return 0;
          },
          proc_exit(code: number) {
            exitCode = code;
          },
        },
      });
      memory = wasi.memory as WebAssembly.Memory;
      fn(wasi, '_start')();
      expect(out).toEqual(['1:hello\n']);
      expect(exitCode).toBe(0);
    });

    it('traps and SIMD', async () => {
      const traps = await instantiate('traps');
      const trap = WebAssembly.RuntimeError;
      expect(() => fn(traps, 'unreachable')()).toThrow(trap);
      expect(() => fn(traps, 'divide')(1, 0)).toThrow(trap);
      expect(() => fn(traps, 'divide')(-2147483648, -1)).toThrow(trap);
      expect(() => fn(traps, 'load')(65533)).toThrow(trap);
      expect(() => fn(traps, 'truncate')(1e10)).toThrow(trap);
      expect(fn(traps, 'truncate_sat')(1e10)).toBe(2147483647);
      expect(() => fn(traps, 'call_empty')()).toThrow(trap);
      expect(() => fn(traps, 'recurse')(0)).toThrow(RangeError);
      const simd = await instantiate('simd');
      expect(fn(simd, 'dot')(0, 16)).toBe(70);
      expect(fn(simd, 'max_lane')()).toBe(30);
      const ints = new Int32Array((simd.memory as WebAssembly.Memory).buffer, 64, 4);
      ints.set([1, 2, 3, 4]);
      fn(simd, 'add_all')(64, 10);
      expect([...ints]).toEqual([11, 12, 13, 14]);
    });
  });
});

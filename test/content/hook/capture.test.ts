import { beforeAll, describe, expect, it } from 'vitest';
import { wrapWebAssembly, type CaptureSink } from '../../../src/content/hook/capture.ts';
import type { EntryPoint } from '../../../src/protocol/index.ts';
import { watToWasm } from '../../support/wat.ts';

interface Seen {
  modules: { module: WebAssembly.Module; size: number; entry: EntryPoint; sourceUrl: string }[];
  instances: { instance: WebAssembly.Instance; module: WebAssembly.Module }[];
}

const native = {
  compile: WebAssembly.compile,
  instantiate: WebAssembly.instantiate,
  Module: WebAssembly.Module,
  Instance: WebAssembly.Instance,
};
const seen: Seen = { modules: [], instances: [] };
let bytes: Uint8Array<ArrayBuffer>;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(async () => {
  bytes = (await watToWasm(
    '(module (memory (export "mem") 1) (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))',
  )) as Uint8Array<ArrayBuffer>;
  const sink: CaptureSink = {
    module: (module, copy, entry, sourceUrl) =>
      seen.modules.push({ module, size: copy.length, entry, sourceUrl }),
    instance: (instance, module) => seen.instances.push({ instance, module }),
  };
  // This file's worker process owns its WebAssembly namespace; wrapping it affects no other test.
  wrapWebAssembly(WebAssembly, sink);
});

describe('wrapWebAssembly', () => {
  it('keeps names, lengths, prototypes and instanceof', () => {
    expect(WebAssembly.compile).not.toBe(native.compile);
    expect(WebAssembly.compile.name).toBe('compile');
    expect(WebAssembly.instantiate.length).toBe(native.instantiate.length);
    expect(WebAssembly.Module.prototype).toBe(native.Module.prototype);
    expect(WebAssembly.Module.prototype.constructor).toBe(WebAssembly.Module);
    const module = new WebAssembly.Module(bytes);
    expect(module).toBeInstanceOf(WebAssembly.Module);
    expect(module).toBeInstanceOf(native.Module);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual(['mem', 'add']);
    expect(new WebAssembly.Instance(module)).toBeInstanceOf(WebAssembly.Instance);
  });

  it('reports each entry point with a private copy of the bytes', async () => {
    seen.modules.length = 0;
    seen.instances.length = 0;
    const buffer = bytes.slice();
    const compiled = await WebAssembly.compile(buffer);
    buffer.fill(0); // the page mutating its buffer afterwards must not change what was captured
    const { instance } = await WebAssembly.instantiate(bytes);
    await WebAssembly.instantiate(compiled);
    const response = new Response(bytes.slice(), {
      headers: { 'content-type': 'application/wasm' },
    });
    const streamed = await WebAssembly.compileStreaming(response);
    await tick();
    // Node implements compileStreaming on top of the (wrapped) global compile, so it may add a
    // 'compile' report for the same module; browsers stream natively.
    expect(seen.modules.slice(0, 3).map((m) => m.entry)).toEqual([
      'compile',
      'instantiate',
      'compileStreaming',
    ]);
    expect(seen.modules.slice(0, 3).map((m) => m.size)).toEqual([
      bytes.length,
      bytes.length,
      bytes.length,
    ]);
    expect(seen.modules[2].module).toBe(streamed);
    expect(seen.instances.map((i) => i.module)).toContain(compiled);
    expect(seen.instances.map((i) => i.instance)).toContain(instance);
  });

  it('passes the same errors through and reports nothing for them', async () => {
    seen.modules.length = 0;
    const garbage = new Uint8Array([1, 2, 3]);
    await expect(WebAssembly.compile(garbage)).rejects.toBeInstanceOf(WebAssembly.CompileError);
    expect(() => new WebAssembly.Module(garbage)).toThrow(WebAssembly.CompileError);
    await expect(WebAssembly.instantiate(garbage)).rejects.toBeInstanceOf(WebAssembly.CompileError);
    const other = await watToWasm('(module (func (export "g")))');
    const used = new Response(other.slice());
    await used.arrayBuffer();
    await expect(WebAssembly.compileStreaming(used)).rejects.toBeInstanceOf(TypeError);
    expect(() => (WebAssembly.Module as unknown as () => void)()).toThrow(TypeError);
    await tick();
    // Sizes identify the failed calls' bytes (an earlier test's late report may still land).
    const sizes = seen.modules.map((m) => m.size);
    expect(sizes).not.toContain(garbage.length);
    expect(sizes).not.toContain(other.length);
  });
});

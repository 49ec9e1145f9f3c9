import { describe, expect, it, vi } from 'vitest';
import { answerLive } from '../../../src/content/hook/live.ts';
import { CaptureRegistry } from '../../../src/content/hook/registry.ts';
import type { HookReport, LiveRequest } from '../../../src/protocol/index.ts';
import { base64ToBytes, bytesToBase64 } from '../../../src/protocol/index.ts';
import { watToWasm } from '../../support/wat.ts';

const WAT = `(module
  (memory (export "mem") 1)
  (global (export "counter") (mut i32) (i32.const 42))
  (global (export "limit") i64 (i64.const 9007199254740993))
  (table (export "tab") 2 funcref)
  (func $f (export "f"))
  (elem (i32.const 1) $f)
  (data (i32.const 0) "hello"))`;

async function captured() {
  const bytes = (await watToWasm(WAT)) as Uint8Array<ArrayBuffer>;
  const reports: HookReport[] = [];
  const registry = new CaptureRegistry(
    'realm1',
    () => 'https://example.test/',
    (r) => reports.push(r),
  );
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module);
  registry.addModule(module, bytes, 'Module', '');
  registry.addInstance(instance, module, undefined);
  // Hashing is asynchronous; the instance is registered once its module's hash is known.
  await vi.waitFor(() => expect(reports.some((r) => r.kind === 'instance')).toBe(true));
  const hash = reports.find((r) => r.kind === 'module')?.hash ?? '';
  return { registry, reports, instance, hash };
}

describe('answerLive', () => {
  it('reads and (explicitly) writes memory of the newest instance of a module', async () => {
    const { registry, hash, instance } = await captured();
    const read: LiveRequest = {
      op: 'read-memory',
      target: { hash },
      memory: 0,
      offset: 0,
      length: 5,
    };
    const result = answerLive(registry, read);
    expect(
      result.ok &&
        result.value.op === 'read-memory' &&
        new TextDecoder().decode(base64ToBytes(result.value.data)),
    ).toBe('hello');
    const write: LiveRequest = {
      op: 'write-memory',
      target: { hash },
      memory: 0,
      offset: 0,
      data: bytesToBase64(new Uint8Array([74])),
    };
    expect(answerLive(registry, write)).toMatchObject({ ok: true, value: { written: 1 } });
    const memory = instance.exports.mem as WebAssembly.Memory;
    expect(new Uint8Array(memory.buffer, 0, 5)).toEqual(new TextEncoder().encode('Jello'));
  });

  it('answers out-of-bounds, not-found and immutable with named errors', async () => {
    const { registry, hash } = await captured();
    const target = { hash };
    expect(
      answerLive(registry, { op: 'read-memory', target, memory: 0, offset: 65534, length: 4 }),
    ).toMatchObject({ ok: false, error: 'out-of-bounds' });
    expect(
      answerLive(registry, { op: 'read-memory', target, memory: 3, offset: 0, length: 4 }),
    ).toMatchObject({ ok: false, error: 'not-found' });
    expect(
      answerLive(registry, { op: 'read-globals', target: { instanceId: 'other.0' } }),
    ).toMatchObject({ ok: false, error: 'not-found' });
    expect(
      answerLive(registry, { op: 'write-global', target, global: 1, value: '1' }),
    ).toMatchObject({ ok: false, error: 'immutable' });
  });

  it('reads globals (i64 as exact text) and table entries, and sets a mutable global', async () => {
    const { registry, hash, instance } = await captured();
    const globals = answerLive(registry, { op: 'read-globals', target: { hash } });
    expect(globals).toMatchObject({
      ok: true,
      value: {
        globals: [
          { index: 0, name: 'counter', valueType: 'number', value: '42' },
          { index: 1, name: 'limit', valueType: 'bigint', value: '9007199254740993' },
        ],
      },
    });
    const table = answerLive(registry, {
      op: 'read-table',
      target: { hash },
      table: 0,
      start: 0,
      count: 10,
    });
    expect(table).toMatchObject({
      ok: true,
      value: { length: 2, entries: [{ index: 0, description: 'null' }, { index: 1 }] },
    });
    expect(
      answerLive(registry, { op: 'write-global', target: { hash }, global: 0, value: '7' }),
    ).toMatchObject({ ok: true, value: { value: '7' } });
    expect((instance.exports.counter as WebAssembly.Global).value).toBe(7);
  });

  it('reports the module once per hash and each instance with its externs', async () => {
    const { reports } = await captured();
    expect(reports.filter((r) => r.kind === 'module')).toHaveLength(1);
    const instance = reports.find((r) => r.kind === 'instance');
    expect(instance).toMatchObject({
      memories: [{ name: 'mem', origin: 'export', size: 65536 }],
      tables: [{ name: 'tab', size: 2 }],
    });
  });
});

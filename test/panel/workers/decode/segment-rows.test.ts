import { describe, expect, it } from 'vitest';
import type { ListRow } from '../../../../src/protocol/decode/index.ts';
import type { CallContext, Transferring } from '../../../../src/protocol/rpc/index.ts';
import { unwrapTransfer } from '../../../../src/protocol/rpc/service.ts';
import { createDecodeHandlers } from '../../../../src/panel/workers/decode/decode-service.ts';
import { watToWasm } from '../../../support/wat.ts';

const MODULE = `(module
  (import "env" "g" (global $imported i32))
  (memory $mem 1)
  (table $tab 8 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 42))
  (global $sum i32 (i32.add (i32.const 1) (i32.const 2)))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $other (export "other_name") (result i32) (i32.const 7))
  (elem (i32.const 3) $add $other)
  (elem $exprs funcref (ref.func $other) (ref.null func))
  (elem declare func $add)
  (data $greeting (i32.const 0x100) "hello")
  (data $dynamic (global.get $imported) "at a global")
  (data $blob "passive"))`;

const call: CallContext = {
  signal: new AbortController().signal,
  progress: () => undefined,
  checkpoint: async () => undefined,
};

/** A handler's result without its transfer list. */
async function value<T>(result: T | Transferring<T> | Promise<T | Transferring<T>>): Promise<T> {
  return unwrapTransfer(await result).value as T;
}

async function open() {
  const handlers = createDecodeHandlers();
  const bytes = await watToWasm(MODULE);
  const overview = await value(
    handlers.open({ bytes: bytes.slice().buffer, name: 'm.wasm' }, call),
  );
  const rows = async (list: 'datas' | 'elems' | 'globals' | 'exports'): Promise<ListRow[]> =>
    (
      await value(
        handlers.rows({ docId: overview.docId, list, start: 0, count: 50, query: '' }, call),
      )
    ).rows;
  return { handlers, bytes, docId: overview.docId, rows };
}

describe('segment rows of the decode worker', () => {
  it('give each data segment its mode, memory, offset expression, constant address and payload', async () => {
    const { rows, bytes } = await open();
    const [greeting, dynamic, blob] = await rows('datas');
    expect(greeting).toMatchObject({
      name: 'greeting',
      mode: 'active',
      target: 0,
      init: '(i32.const 256)',
      address: 0x100,
      size: 5,
    });
    const payload = greeting.payloadOffset!;
    expect(new TextDecoder().decode(bytes.subarray(payload, payload + 5))).toBe('hello');
    // An offset read from a global has no address before instantiation.
    expect(dynamic).toMatchObject({ mode: 'active', init: '(global.get $imported)' });
    expect(dynamic.address).toBeUndefined();
    expect(blob).toMatchObject({ mode: 'passive', size: 7 });
    expect(blob.target).toBeUndefined();
    expect(blob.init).toBeUndefined();
  });

  it('give each element segment its mode, table, offset, first slot and element type', async () => {
    const { rows } = await open();
    const [active, exprs, declared] = await rows('elems');
    expect(active).toMatchObject({
      mode: 'active',
      target: 0,
      init: '(i32.const 3)',
      address: 3,
      type: 'funcref',
      size: 2,
    });
    expect(exprs).toMatchObject({ mode: 'passive', type: 'funcref', size: 2 });
    expect(declared).toMatchObject({ mode: 'declarative', size: 1 });
  });

  it('give defined globals their initializer, extended-const included', async () => {
    const { rows } = await open();
    const globals = await rows('globals');
    expect(globals.map((row) => row.init)).toEqual([
      undefined,
      '(i32.const 42)',
      '(i32.const 1 i32.const 2 i32.add)',
    ]);
    expect(globals[0]).toMatchObject({ imported: true, note: 'imported from env.g' });
  });

  it('note an export internal name only when it differs from the export name', async () => {
    const { rows } = await open();
    const exports = await rows('exports');
    expect(exports.map((row) => [row.name, row.note])).toEqual([
      ['counter', undefined],
      ['add', undefined],
      ['other_name', 'other'],
    ]);
  });

  it('resolve element items to functions, for ref.func expressions too', async () => {
    const { handlers, docId } = await open();
    const active = await value(
      handlers.elemItems({ docId, segment: 0, start: 0, count: 10 }, call),
    );
    expect(active).toEqual({
      total: 2,
      items: [
        { ordinal: 0, func: 0, text: 'add' },
        { ordinal: 1, func: 1, text: 'other' },
      ],
    });
    const exprs = await value(handlers.elemItems({ docId, segment: 1, start: 1, count: 10 }, call));
    expect(exprs.total).toBe(2);
    expect(exprs.items).toEqual([{ ordinal: 1, func: null, text: '(ref.null func)' }]);
    const first = await value(handlers.elemItems({ docId, segment: 1, start: 0, count: 1 }, call));
    expect(first.items[0]).toMatchObject({ func: 1, text: expect.stringContaining('ref.func') });
  });
});

/**
 * The decode worker's code, size and download methods, called as the panel calls them: through
 * the validated RPC envelope, with progress and cancellation.
 */
import { describe, expect, it } from 'vitest';
import { type DecodeApi, type Referrer } from '../../../../src/protocol/decode/index.ts';
import { RpcClient, RpcError, type RpcProgress } from '../../../../src/protocol/rpc/index.ts';
import { decodeModule, printModule } from '../../../../src/wasm/index.ts';
import { generateModule, scaledModule } from '../../../../bench/generate.ts';
import { customSection } from '../../../support/binary-writer.ts';
import { watToWasm } from '../../../support/wat.ts';
import { decodeServicesClosedAfterEach } from '../../support/decode-service.ts';

const MODULE = `(module
  (type $t (func (result i32)))
  (import "env" "ext" (func $ext (result i32)))
  (table 3 funcref)
  (global $g funcref (ref.func $leaf))
  (func $leaf (export "leaf") (export "also") (result i32) (i32.const 1))
  (func $mid (result i32) (call $leaf) (call $leaf) (i32.add))
  (func $top (result i32) (call $mid) (drop (ref.func $leaf)) (call $leaf) (i32.add))
  (func $boot (drop (call $ext)))
  (start $boot)
  (elem (i32.const 0) $leaf $mid $leaf)
  (data "0123456789"))`;

/** A client of a fresh decode service, over a MessageChannel as in the panel. */
const connect = decodeServicesClosedAfterEach();

async function open(client: RpcClient<DecodeApi>, bytes: Uint8Array): Promise<string> {
  const buffer = bytes.slice().buffer;
  const overview = await client.call(
    'open',
    { bytes: buffer, name: 'm.wasm' },
    { transfer: [buffer] },
  );
  return overview.docId;
}

describe('the code methods of the decode worker', () => {
  it('build the code index once, with progress, and then serve lines and locations', async () => {
    const client = connect();
    const docId = await open(client, generateModule(scaledModule(0.004)));
    await expect(client.call('codeLines', { docId, start: 0, count: 10 })).rejects.toMatchObject({
      code: 'code-index-missing',
    });
    const progress: RpcProgress[] = [];
    const summary = await client.call(
      'codeIndex',
      { docId },
      { onProgress: (p) => progress.push(p) },
    );
    expect(summary.functions).toBe(1041);
    expect(summary.calls).toBeGreaterThan(900);
    expect(summary.malformedCount).toBe(0);
    expect(progress.at(-1)).toMatchObject({ label: 'Numbering lines' });
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    // a second call answers from the index
    expect((await client.call('codeIndex', { docId })).totalLines).toBe(summary.totalLines);

    const window = await client.call('codeLines', { docId, start: 0, count: 3 });
    expect(window.total).toBe(summary.totalLines);
    expect(window.lines.map((line) => line.text)).toEqual([
      '(module',
      '  (type (;0;) (func (param i32 i32) (result i32)))',
      '  (type (;1;) (func (param i64) (result i64)))',
    ]);
    const at = await client.call('locate', { docId, target: { kind: 'func', index: 500 } });
    expect(at).toMatchObject({ owner: { kind: 'func', index: 500 } });
    const [header] = (await client.call('codeLines', { docId, start: at!.line, count: 1 })).lines;
    expect(header.text).toMatch(/^ {2}\(func \(;500;\) \(type \d\)/);
  });

  it('cancel an index build, and build it again on the next call', async () => {
    const client = connect();
    const docId = await open(client, generateModule(scaledModule(0.02)));
    const controller = new AbortController();
    const first = client.call(
      'codeIndex',
      { docId },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    const summary = await client.call('codeIndex', { docId });
    expect(summary.functions).toBe(5201);
  });

  it('name who calls and refers to a function', async () => {
    const client = connect();
    const docId = await open(client, await watToWasm(MODULE));
    await client.call('codeIndex', { docId });
    const leaf = await client.call('referrers', { docId, func: 1 });
    const kinds = (referrers: Referrer[]) =>
      referrers.map((r) => {
        switch (r.kind) {
          case 'call':
            return `call ${r.name} ×${r.sites}`;
          case 'ref-func':
            return `ref.func in ${r.name}`;
          case 'elem':
            return `elem ${r.segment} ×${r.items} from ${r.firstItem}`;
          case 'export':
            return `export ${r.name}`;
          case 'global':
            return `global ${r.name}`;
          default:
            return r.kind;
        }
      });
    expect(kinds(leaf.referrers)).toEqual([
      'call mid ×2',
      'call top ×1',
      'ref.func in top',
      'elem 0 ×2 from 0',
      'export leaf',
      'export also',
      'global g',
    ]);
    expect(leaf).toMatchObject({ name: 'leaf', callers: 2, callSites: 3, callees: 0 });
    const boot = await client.call('referrers', { docId, func: 4 });
    expect(kinds(boot.referrers)).toEqual(['start']);
    expect(boot.callees).toBe(1);
    await expect(client.call('referrers', { docId, func: 40 })).rejects.toBeInstanceOf(RpcError);
  });

  it('refuse windows and targets that are not well formed', async () => {
    const client = connect();
    const docId = await open(client, await watToWasm(MODULE));
    await expect(
      client.call('codeLines', { docId, start: 0, count: 1_000_000 }),
    ).rejects.toMatchObject({ code: 'invalid-params' });
    await expect(
      client.call('locate', {
        docId,
        target: { kind: 'definition', entity: { kind: 'x', index: 1 } },
      } as never),
    ).rejects.toMatchObject({ code: 'invalid-params' });
  });
});

describe('the size profile and downloads', () => {
  it('list functions, segments and custom sections largest first, with the module size', async () => {
    const client = connect();
    const base = await watToWasm(MODULE);
    const bytes = new Uint8Array([...base, ...customSection('notes', new Array(300).fill(7))]);
    const docId = await open(client, bytes);
    const profile = await client.call('sizeRows', { docId, start: 0, count: 100, query: '' });
    expect(profile.moduleSize).toBe(bytes.length);
    expect(profile.rows[0]).toMatchObject({ kind: 'custom', name: 'notes' });
    const sizes = profile.rows.map((row) => row.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(profile.rows.map((row) => row.kind).sort()).toEqual(
      ['custom', 'custom', 'data', 'elem', 'func', 'func', 'func', 'func'].sort(),
    );
    const sum = (kind: string) =>
      profile.rows.filter((row) => row.kind === kind).reduce((s, row) => s + row.size, 0);
    expect(profile.totals.func).toBe(sum('func'));
    const filtered = await client.call('sizeRows', { docId, start: 0, count: 10, query: 'mid' });
    expect(filtered.rows.map((row) => row.name)).toEqual(['mid']);
    expect(filtered.total).toBe(1);
    expect(filtered.rows[0].ordinal).toBe(profile.rows.findIndex((row) => row.name === 'mid'));
  });

  it('give the module as .wasm and as .wat text equal to printModule', async () => {
    const client = connect();
    const bytes = generateModule(scaledModule(0.002));
    const docId = await open(client, bytes);
    const wasm = await client.call('wasmBlob', { docId });
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(bytes);
    const progress: RpcProgress[] = [];
    const wat = await client.call('watBlob', { docId }, { onProgress: (p) => progress.push(p) });
    expect(await wat.text()).toBe(printModule(decodeModule(bytes)));
    expect(progress.at(-1)).toMatchObject({ label: 'Writing the text' });
  });

  it('stop writing the .wat when cancelled', async () => {
    const client = connect();
    const docId = await open(client, generateModule(scaledModule(0.02)));
    const controller = new AbortController();
    const wat = client.call(
      'watBlob',
      { docId },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(wat).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/**
 * The decode worker's `sha256` method: the panel verifies a captured module's bytes there, the
 * buffer moved to the worker and back rather than copied.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  arrivalMethodValidators,
  type ModuleOverview,
} from '../../../../src/protocol/decode/index.ts';
import { RpcError, type CallContext } from '../../../../src/protocol/rpc/index.ts';
// How the RPC server reads a handler's transfer list (not part of the rpc folder's face).
import { unwrapTransfer } from '../../../../src/protocol/rpc/service.ts';
import { createArrivalHandlers } from '../../../../src/panel/workers/decode/arrival.ts';
import { ModuleDocuments } from '../../../../src/panel/workers/decode/documents.ts';
import { decodeServicesClosedAfterEach } from '../../support/decode-service.ts';

const nodeSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Fresh bytes in a buffer of their own. */
function moduleBuffer(length: number): ArrayBuffer {
  return new Uint8Array(length).map((_, i) => (i * 13) % 256).buffer;
}

const context: CallContext = {
  signal: new AbortController().signal,
  progress: () => undefined,
  checkpoint: async () => undefined,
};

/** A client of a fresh decode service, over a MessageChannel as in the panel. */
const connect = decodeServicesClosedAfterEach();

describe('the decode worker sha256 method', () => {
  it('answers the digest and hands the very buffer it got back, marked to be moved', async () => {
    const bytes = moduleBuffer(1000);
    const expected = nodeSha256(new Uint8Array(bytes));
    const answer = await createArrivalHandlers(new ModuleDocuments()).sha256({ bytes }, context);
    const { value, transfer } = unwrapTransfer(answer);
    expect(value).toEqual({ sha256: expected, bytes });
    expect((value as { bytes: ArrayBuffer }).bytes).toBe(bytes);
    expect(transfer).toEqual([bytes]);
  });

  it('moves the bytes to the worker and back over the panel channel', async () => {
    const client = connect();
    const bytes = moduleBuffer(300_000);
    const expected = nodeSha256(new Uint8Array(bytes));
    const answer = await client.call('sha256', { bytes }, { transfer: [bytes] });
    expect(bytes.byteLength).toBe(0); // moved to the worker, not copied
    expect(answer.sha256).toBe(expected);
    expect(answer.bytes).toBeInstanceOf(ArrayBuffer);
    expect(nodeSha256(new Uint8Array(answer.bytes))).toBe(expected);
  });

  it('hashes empty bytes', async () => {
    const answer = await connect().call('sha256', { bytes: new ArrayBuffer(0) });
    expect(answer.sha256).toBe(nodeSha256(new Uint8Array(0)));
  });

  // A view, shared memory or anything else is refused before the handler sees it.
  it.each([
    ['a Uint8Array', { bytes: new Uint8Array(4) }],
    ['shared memory', { bytes: new SharedArrayBuffer(4) }],
    ['a string', { bytes: 'AQID' }],
    ['no bytes', {}],
    ['null', null],
  ])('refuses %s as its bytes', async (_label, params) => {
    expect(arrivalMethodValidators.sha256(params)).toBe(false);
    const call = connect().call('sha256', params as { bytes: ArrayBuffer });
    await expect(call).rejects.toBeInstanceOf(RpcError);
    await expect(call).rejects.toMatchObject({ code: 'invalid-params' });
  });

  it('takes an ArrayBuffer as its bytes', () => {
    expect(arrivalMethodValidators.sha256({ bytes: new ArrayBuffer(4) })).toBe(true);
  });
});

describe('the decode worker completing a stand-in', () => {
  /** A minimal module: its magic and version only. */
  const emptyModule = (): ArrayBuffer => Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0).buffer;

  it('takes the hash the bytes were verified against, and hashes them itself without one', async () => {
    const documents = new ModuleDocuments();
    const handlers = createArrivalHandlers(documents);
    const known = 'ab'.repeat(32);
    const first = documents.open(new Uint8Array(emptyModule()), 'a.wasm', true);
    const given = await handlers.complete(
      { docId: first.docId, bytes: emptyModule(), sha256: known },
      context,
    );
    expect((unwrapTransfer(given).value as ModuleOverview).sha256).toBe(known);
    const second = documents.open(new Uint8Array(emptyModule()), 'b.wasm', true);
    const computed = await handlers.complete(
      { docId: second.docId, bytes: emptyModule() },
      context,
    );
    expect((unwrapTransfer(computed).value as ModuleOverview).sha256).toBe(
      nodeSha256(new Uint8Array(emptyModule())),
    );
  });

  it('refuses a hash that is not 64 hex digits', () => {
    const params = { docId: 'd1', bytes: new ArrayBuffer(8) };
    expect(arrivalMethodValidators.complete(params)).toBe(true);
    expect(arrivalMethodValidators.complete({ ...params, sha256: 'xyz' })).toBe(false);
  });
});

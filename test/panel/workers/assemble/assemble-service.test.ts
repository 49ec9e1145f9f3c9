import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  assembleApiValidators,
  assembleResultValidators,
  isAssembleResult,
  type AssembleApi,
  type AssembleResult,
  type WatDiagnostic,
} from '../../../../src/protocol/assemble/index.ts';
import { RpcClient, serveRpc, type MessageEndpoint } from '../../../../src/protocol/rpc/index.ts';
import {
  charColumn,
  createAssembleHandlers,
  loadWabt,
  parseWabtErrors,
  type Wabt,
} from '../../../../src/panel/workers/assemble/index.ts';
import { decodeExports, decodeModule } from '../../../../src/wasm/index.ts';

const handlers = createAssembleHandlers();
const noCall = {
  signal: new AbortController().signal,
  progress: () => undefined,
  checkpoint: async () => undefined,
};

async function assemble(text: string, fileName = 'editor.wat'): Promise<AssembleResult> {
  const answer = await handlers.assemble({ text, fileName }, noCall);
  // Successful answers carry their buffer for transfer; unwrap the marked value.
  const value = (answer as { value?: AssembleResult }).value ?? (answer as AssembleResult);
  expect(isAssembleResult(value)).toBe(true);
  return value;
}

async function diagnosticsOf(text: string): Promise<WatDiagnostic[]> {
  const result = await assemble(text);
  if (result.ok) throw new Error('expected the text to fail');
  return result.diagnostics;
}

/** The text a diagnostic underlines. */
function spanOf(text: string, d: WatDiagnostic): string {
  return text.split('\n')[d.line - 1].slice(d.column - 1, d.column - 1 + d.length);
}

describe('the assemble service', () => {
  it('assembles valid text into a module with its names, every feature on', async () => {
    const result = await assemble(`(module $demo
      (memory 1 1 shared)
      (func $sum (export "sum") (param $v v128) (result i32)
        (i32x4.extract_lane 0 (local.get $v)))
      (func $tail (export "tail") (result i32) (return_call $one))
      (func $one (result i32) (i32.const 1)))`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const info = decodeModule(new Uint8Array(result.bytes));
    expect(decodeExports(info).map((e) => e.name)).toEqual(['sum', 'tail']);
    expect(info.names.module).toBe('demo');
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('places a syntax error at its line and column, underlining the bad token', async () => {
    const text = '(module\n  (func (result i32)\n    i32.const 1\n    i32.addd))';
    const [d] = await diagnosticsOf(text);
    expect(d).toMatchObject({ severity: 'error', stage: 'parse', line: 4, column: 5 });
    expect(d.message).toMatch(/unexpected token i32\.addd/);
    expect(spanOf(text, d)).toBe('i32.addd');
  });

  it('places an undefined name where it is used', async () => {
    const text = '(module\n  (func $f\n    call $nope))';
    const [d] = await diagnosticsOf(text);
    expect(d).toMatchObject({ stage: 'parse', line: 3, column: 10 });
    expect(d.message).toContain('$nope');
    expect(spanOf(text, d)).toBe('$nope');
  });

  it('reports every type error validation finds, each at its own line', async () => {
    const text = [
      '(module',
      '  (func (result i32) (i32.add (i32.const 1) (f32.const 2)))',
      '  (func (result i64) (i32.const 1)))',
    ].join('\n');
    const diagnostics = await diagnosticsOf(text);
    expect(diagnostics.map((d) => [d.stage, d.line, d.column])).toEqual([
      ['validate', 2, 23],
      ['validate', 3, 23],
    ]);
    expect(diagnostics[0].message).toMatch(/type mismatch in i32\.add/);
    expect(spanOf(text, diagnostics[0])).toBe('i32.add');
    expect(diagnostics[1].message).toMatch(/implicit return/);
  });

  it('points at the end of the text when a parenthesis is missing', async () => {
    const text = '(module\n  (func\n';
    const [d] = await diagnosticsOf(text);
    expect(d.line).toBe(3);
    expect(d.column).toBe(1);
    expect(d.message).toMatch(/EOF/);
  });

  it('counts columns in characters, not UTF-8 bytes, after non-ASCII text', async () => {
    const text = '(module\n  (data "héllo → wörld") (func i32.bogus))';
    const [d] = await diagnosticsOf(text);
    expect(d.line).toBe(2);
    expect(spanOf(text, d)).toBe('i32.bogus');
  });

  it('writes a string with non-ASCII characters as UTF-8 bytes', async () => {
    const result = await assemble('(module (memory 1) (data (i32.const 0) "héllo → wörld"))');
    if (!result.ok) throw new Error(result.diagnostics[0].message);
    const bytes = new Uint8Array(result.bytes);
    const [segment] = decodeModule(bytes).datas;
    const payload = bytes.subarray(segment.dataOffset, segment.dataOffset + segment.size);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(payload)).toBe('héllo → wörld');
  });

  it('reports a failure of wabt itself at 1:1 and loads a fresh wabt next time', async () => {
    const real = await loadWabt();
    let broken = true;
    const reset = vi.fn(() => (broken = false));
    const flaky = createAssembleHandlers({
      load: async () =>
        broken
          ? ({
              ...real,
              parseWat: () => {
                throw new Error('RuntimeError: memory access out of bounds');
              },
            } as Wabt)
          : real,
      reset,
    });
    const first = await flaky.assemble({ text: '(module)', fileName: 'a.wat' }, noCall);
    expect(first).toMatchObject({
      ok: false,
      diagnostics: [{ line: 1, column: 1, message: expect.stringContaining('out of bounds') }],
    });
    expect(reset).toHaveBeenCalledOnce();
    const second = await flaky.assemble({ text: '(module)', fileName: 'a.wat' }, noCall);
    expect((second as { value: AssembleResult }).value.ok).toBe(true);
  });
});

describe('wabt error text', () => {
  it('converts byte columns to character columns', () => {
    expect(charColumn('abc', 2)).toBe(2);
    expect(charColumn('é x', 4)).toBe(3); // é is two bytes
    expect(charColumn('😀x', 5)).toBe(3); // one code point, four bytes, two UTF-16 units
    expect(charColumn('ab', 9)).toBe(9); // past the end stays past the end
  });

  it('keeps a located-less failure as one diagnostic with its text', () => {
    expect(parseWabtErrors('toBinary failed.', '(module)')).toEqual([
      {
        severity: 'error',
        stage: 'write',
        line: 1,
        column: 1,
        length: 1,
        message: 'toBinary failed.',
      },
    ]);
  });

  it('clamps a line past the end of the text to the last line', () => {
    const [d] = parseWabtErrors('parseWat failed:\nx.wat:9:1: error: unexpected EOF\n', 'a\nb');
    expect(d).toMatchObject({ line: 2, column: 1, message: 'unexpected EOF' });
  });
});

describe('the assemble worker protocol', () => {
  let channel: MessageChannel | null = null;
  afterEach(() => {
    channel?.port1.close();
    channel?.port2.close();
    channel = null;
  });

  function client(): RpcClient<AssembleApi> {
    channel = new MessageChannel();
    serveRpc<AssembleApi>(
      channel.port1 as unknown as MessageEndpoint,
      createAssembleHandlers(),
      assembleApiValidators,
    );
    channel.port1.start();
    channel.port2.start();
    return new RpcClient<AssembleApi>(
      channel.port2 as unknown as MessageEndpoint,
      assembleResultValidators,
    );
  }

  it('moves the module bytes to the panel and checks the answer', async () => {
    const result = await client().call('assemble', {
      text: '(module (func (export "f")))',
      fileName: 'f.wat',
    });
    expect(result.ok && new Uint8Array(result.bytes).subarray(0, 4)).toEqual(
      new Uint8Array([0, 0x61, 0x73, 0x6d]),
    );
  });

  it('refuses malformed parameters before wabt sees them', async () => {
    const rpc = client();
    await expect(
      rpc.call('assemble', { text: 42, fileName: 'x' } as unknown as {
        text: string;
        fileName: string;
      }),
    ).rejects.toMatchObject({ code: 'invalid-params' });
  });

  it('rejects malformed results: a diagnostic without a line, or an empty failure', () => {
    const d = { severity: 'error', stage: 'parse', line: 1, column: 1, length: 1, message: 'x' };
    expect(isAssembleResult({ ok: false, elapsedMs: 1, diagnostics: [d] })).toBe(true);
    expect(isAssembleResult({ ok: false, elapsedMs: 1, diagnostics: [] })).toBe(false);
    expect(isAssembleResult({ ok: false, elapsedMs: 1, diagnostics: [{ ...d, line: 0 }] })).toBe(
      false,
    );
    expect(isAssembleResult({ ok: true, elapsedMs: 1, bytes: new Uint8Array(1) })).toBe(false);
  });
});

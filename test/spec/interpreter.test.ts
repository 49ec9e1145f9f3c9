import { describe, expect, it } from 'vitest';
import { compileScript } from './compile-script.ts';
import { runScript } from './interpreter.ts';
import { ENGINE_PROPOSALS, engineHasProposal, supportedFeatures } from '../../src/runtime/index.ts';

/** Compiles and runs a small script, returning `line → status` (or `status:reason`). */
async function outcomes(source: string): Promise<Record<number, string>> {
  const { results } = runScript(await compileScript('inline.wast', source));
  return Object.fromEntries(
    results.map((r) => [r.line, r.reason ? `${r.status}:${r.reason}` : r.status]),
  );
}

describe('spec interpreter', () => {
  it('passes true assertions and fails false ones', async () => {
    const result = await outcomes(`(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "neg") (param f64) (result f64) (f64.neg (local.get 0)))
  (global (export "g") i64 (i64.const -1)))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 4))
(assert_return (invoke "neg" (f64.const nan)) (f64.const nan:arithmetic))
(assert_return (invoke "neg" (f64.const 1)) (either (f64.const 2) (f64.const -1)))
(assert_return (get "g") (i64.const 0xffff_ffff_ffff_ffff))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 4) (i32.const 2)) "integer divide by zero")
(assert_invalid (module (func (result i32) (i64.const 0))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_malformed (module quote "(func (i32.const))") "unexpected token")
(assert_malformed (module binary "\\00asm\\02\\00\\00\\00") "unknown binary version")
`);
    expect(result).toEqual({
      1: 'passed',
      6: 'passed',
      7: 'failed',
      8: 'passed',
      9: 'passed',
      10: 'passed',
      11: 'passed',
      12: 'failed',
      13: 'passed',
      14: 'failed',
      15: 'skipped:malformed text: no binary to run',
      16: 'passed',
    });
  });

  it('links registered modules and the spectest host, and reports unlinkable ones', async () => {
    const result = await outcomes(`(module $A
  (import "spectest" "global_i32" (global $g i32))
  (func (export "get") (result i32) (global.get $g)))
(register "A" $A)
(module (import "A" "get" (func $get (result i32)))
  (func (export "twice") (result i32) (i32.add (call $get) (call $get))))
(assert_return (invoke "twice") (i32.const 1332))
(assert_return (invoke $A "get") (i32.const 666))
(assert_unlinkable (module (import "A" "missing" (func))) "unknown import")
(assert_unlinkable (module (import "A" "get" (func (param i32)))) "incompatible import type")
(assert_uninstantiable (module (func $boom unreachable) (start $boom)) "unreachable")
`);
    expect(result).toEqual({
      1: 'passed',
      4: 'passed',
      5: 'passed',
      7: 'passed',
      8: 'passed',
      9: 'passed',
      10: 'passed',
      11: 'passed',
    });
  });

  it('carries signalling NaNs bit-exactly through the adapter module', async () => {
    const result = await outcomes(`(module
  (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "id") (param f64) (result f64) (local.get 0)))
(assert_return (invoke "neg" (f32.const nan:0x200000)) (f32.const -nan:0x200000))
(assert_return (invoke "neg" (f32.const nan:0x200000)) (f32.const -nan:0x200001))
(assert_return (invoke "id" (f64.const -nan:0x4000000000000)) (f64.const -nan:0x4000000000000))
`);
    expect(result).toEqual({ 1: 'passed', 4: 'passed', 5: 'failed', 6: 'passed' });
  });

  it('skips everything that depends on a module no assembler accepts', () => {
    const { results } = runScript({
      file: 'inline.wast',
      commands: [
        { line: 1, kind: 'module', definitionOnly: false, module: { ok: false, reason: 'x' } },
        { line: 2, kind: 'register', as: 'M' },
        { line: 3, kind: 'action', action: { type: 'invoke', field: 'f', args: [] } },
      ],
    });
    expect(results.map((r) => `${r.status}:${r.reason}`)).toEqual([
      'skipped:text neither assembler accepts',
      'skipped:text neither assembler accepts',
      'skipped:text neither assembler accepts',
    ]);
  });

  it('runs a proposal folder the engine has, and skips one it lacks as "engine lacks"', async () => {
    const source = `(module (memory (export "m") 1 1 shared)
  (func (export "add") (param i32 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1))))
(assert_return (invoke "add" (i32.const 0) (i32.const 5)) (i32.const 0))
(assert_return (invoke "add" (i32.const 0) (i32.const 5)) (i32.const 5))
`;
    const threads = runScript(await compileScript('proposals/threads/inline.wast', source));
    expect(threads.results.map((r) => r.status)).toEqual(
      supportedFeatures().has('threads')
        ? ['passed', 'passed', 'passed']
        : ['skipped', 'skipped', 'skipped'],
    );
    const lacked = ENGINE_PROPOSALS.find((p) => !engineHasProposal(p));
    if (lacked === undefined) return; // an engine with every probed proposal cannot skip here
    const { results } = runScript(await compileScript(`proposals/${lacked}/inline.wast`, source));
    expect(results.map((r) => `${r.status}:${r.reason}`)).toEqual(
      new Array(3).fill(`skipped:engine lacks ${lacked}`),
    );
    // A folder no detection knows runs as it is.
    const unknown = runScript(await compileScript('proposals/unknown-thing/inline.wast', source));
    expect(unknown.results.every((r) => r.status !== 'skipped')).toBe(true);
  });
});

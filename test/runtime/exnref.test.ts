/**
 * exnref values at the boundary, in an engine without exnref (Node 20's V8): every use that
 * would need the store's exnref box is `unsupported`, naming `exceptions`, and values are still
 * checked like every other reference. Where the engine has exnref, the same behaviours are
 * checked with real exceptions in Chromium (`test/spec/api-checks.ts`).
 */
import { describe, expect, it } from 'vitest';
import {
  ExternRef,
  Func,
  FuncType,
  Global,
  Module,
  Table,
  TableType,
  Val,
  isRef,
  supportedFeatures,
  valEquals,
  type Val as ValT,
} from '../../src/runtime/index.ts';
import { watToWasm } from '../support/wat.ts';
import { freshStore, layerError } from './helpers.ts';

describe('exnref values', () => {
  it('Val.exnref tags a handle or null as a reference that equals nothing', () => {
    const none = Val.exnref(null);
    expect(none).toEqual({ type: 'exnref', value: null });
    expect(isRef(none)).toBe(true);
    expect(valEquals(none, Val.exnref(null))).toBe(false);
  });

  it('are checked for hierarchy and kind before anything reaches the engine', () => {
    const { store } = freshStore();
    const notAHandle = { type: 'exnref', value: ExternRef.new(store, 1) } as unknown as ValT;
    expect(layerError(() => Global.new(store, notAHandle, true), 'type').message).toBe(
      'Global.new: expected exnref but found exnref ExternRef',
    );
    const wrongFamily = layerError(
      () => Table.new(store, new TableType('exnref', 1), Val.externref(null)),
      'type',
    );
    expect(wrongFamily.message).toContain('expected exnref but found externref null');
  });
});

describe.runIf(!supportedFeatures().has('exceptions'))('in an engine without exnref', () => {
  const lacks = (message: string) => {
    expect(message).toContain('exception references (exnref) need');
    expect(message).toContain('\n - exceptions\n');
  };

  it('a host function of an exnref signature is unsupported, naming exceptions', () => {
    const { store } = freshStore();
    for (const ty of [
      new FuncType(['exnref'], []),
      new FuncType([], ['(ref exn)']),
      new FuncType(['i32', 'nullexnref'], ['i32']),
    ]) {
      lacks(layerError(() => Func.new(store, ty, () => []), 'unsupported').message);
    }
    // Other signatures are unaffected.
    expect(Func.new(store, new FuncType(['externref'], []), () => []).isHost).toBe(true);
  });

  it('an exnref global or table is unsupported, even a null one', () => {
    const { store } = freshStore();
    lacks(layerError(() => Global.new(store, Val.exnref(null), true), 'unsupported').message);
    lacks(
      layerError(
        () => Table.new(store, new TableType('exnref', 2), Val.exnref(null)),
        'unsupported',
      ).message,
    );
  });

  it('a module with exnref at its boundary is unsupported, naming exceptions', async () => {
    const { engine } = freshStore();
    const bytes = await watToWasm('(module (func (export "f") (param exnref)))');
    const error = layerError(() => Module.new(engine, bytes), 'unsupported');
    expect(error.message).toContain('\n - exceptions\n');
  });
});

/**
 * Shared fixtures of the runtime tests: an engine with a `Store<number>` (data 0) per test,
 * WAT assembly into runtime modules, and small accessors that fail loudly when an export is
 * missing or of the wrong kind.
 */
import { expect } from 'vitest';
import { watToWasm, type AssembleOptions } from '../support/wat.ts';
import {
  Engine,
  Func,
  Global,
  Imports,
  Instance,
  LayerError,
  Memory,
  Module,
  Store,
  Table,
  type LayerErrorCode,
} from '../../src/runtime/index.ts';

/** The reference scenarios' "AO" module. */
export const ADD_ONE_WAT = `(module
  (func (export "add_one") (param i32) (result i32) local.get 0 i32.const 1 i32.add))`;

/** A fresh engine and a `Store<number>` holding 0. */
export function freshStore(): { engine: Engine; store: Store<number> } {
  const engine = new Engine();
  return { engine, store: new Store(engine, 0) };
}

/**
 * Assembles and compiles `wat` on `engine`. `validate: false` skips wabt.js's validator (the
 * engine still validates): with function references on, wabt types `ref.func` as a typed
 * reference and wrongly rejects it where a `funcref` is expected.
 */
export async function compileWat(
  engine: Engine,
  wat: string,
  options: AssembleOptions = {},
): Promise<Module> {
  return Module.new(engine, await watToWasm(wat, options));
}

/** Assembles, compiles and instantiates `wat` in `store`. */
export async function instantiateWat(
  store: Store<number>,
  wat: string,
  imports: Imports = new Imports(),
  options: AssembleOptions = {},
): Promise<Instance> {
  return Instance.new(store, await compileWat(store.engine, wat, options), imports);
}

function exported<T>(
  instance: Instance,
  store: Store<number>,
  name: string,
  kind: { prototype: T; name: string },
): T {
  const value = instance.getExport(store, name);
  if (!(value instanceof (kind as unknown as new () => T)))
    throw new Error(`export ${name} is not a ${kind.name}`);
  return value;
}

/** Export `name` as a Func. */
export const funcOf = (i: Instance, s: Store<number>, name: string): Func =>
  exported(i, s, name, Func);
/** Export `name` as a Global. */
export const globalOf = (i: Instance, s: Store<number>, name: string): Global =>
  exported(i, s, name, Global);
/** Export `name` as a Memory. */
export const memoryOf = (i: Instance, s: Store<number>, name: string): Memory =>
  exported(i, s, name, Memory);
/** Export `name` as a Table. */
export const tableOf = (i: Instance, s: Store<number>, name: string): Table =>
  exported(i, s, name, Table);

/** Runs `action` and returns the `LayerError` it throws, asserting its code. */
export function layerError(action: () => unknown, code: LayerErrorCode): LayerError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LayerError);
  const error = caught as LayerError;
  expect(error.code, error.message).toBe(code);
  return error;
}

/** Like {@link layerError} for a promise. */
export async function layerErrorAsync(
  action: () => Promise<unknown>,
  code: LayerErrorCode,
): Promise<LayerError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LayerError);
  const error = caught as LayerError;
  expect(error.code, error.message).toBe(code);
  return error;
}

/** Runs a full collection and lets FinalizationRegistry callbacks run. */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run Node with --expose-gc');
  for (let round = 0; round < 3; round++) {
    gc();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Mutation fuzzing of the runtime's byte-parsing entry point: `Module.new` decodes, checks
 * features and compiles, then `imports()`/`exports()` convert the boundary types and
 * `Instance.new` links. Whatever the bytes, only a `LayerError` may escape. Functions are never
 * called and modules with a start function are not instantiated: a mutated body may loop.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine, Imports, Instance, LayerError, Module, Store } from '../../src/runtime/index.ts';
import { MODULE_FIXTURES, assembleFixture } from '../support/module-fixtures.ts';
import { Random, mutate, type MutationName } from '../support/fuzz.ts';
import { watToWasm } from '../support/wat.ts';

/** Cases per run; a longer local run sets RUNTIME_FUZZ_CASES. */
const CASES = Number(process.env.RUNTIME_FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** Seeds with every kind of import and export the layer converts, tags included. */
const BOUNDARY_SEED = `(module
  (import "env" "f" (func (param i32 i64) (result f32)))
  (import "env" "g" (global (mut f64)))
  (import "env" "t" (table 1 funcref))
  (import "env" "m" (memory 1 2))
  (import "env" "e" (tag (param i32)))
  (tag $x (export "x") (param f64))
  (table (export "tab") 2 externref)
  (global (export "glob") i32 (i32.const 7))
  (func (export "run") (param v128) (result funcref) ref.null func))`;

interface Failure {
  caseIndex: number;
  mutations: MutationName[];
  error: string;
}

/** Runs one case; true when the module compiled (so its boundary types were converted). */
function runCase(engine: Engine, store: Store<null>, bytes: Uint8Array): boolean {
  let module: Module;
  try {
    module = Module.new(engine, bytes);
  } catch (error) {
    if (error instanceof LayerError) return false;
    throw error;
  }
  try {
    module.imports();
    module.exports();
    if (module.info.start === undefined && module.info.imports.length === 0) {
      Instance.new(store, module, new Imports());
    }
  } catch (error) {
    if (!(error instanceof LayerError)) throw error;
  }
  return true;
}

describe('mutation fuzzing of Module.new and instantiation', () => {
  const seeds: Uint8Array[] = [];

  let boundary: Uint8Array;

  beforeAll(async () => {
    // Fixtures this engine cannot compile (a feature it lacks) would only fuzz the refusal.
    for (const fixture of MODULE_FIXTURES) {
      const bytes = await assembleFixture(fixture);
      if (WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) seeds.push(bytes);
    }
    boundary = await watToWasm(BOUNDARY_SEED);
    seeds.push(boundary);
  });

  it('the seeds compile, and the boundary seed converts every kind of extern', () => {
    expect(seeds.length).toBeGreaterThan(MODULE_FIXTURES.length / 2);
    const engine = new Engine();
    for (const seed of seeds) Module.new(engine, seed);
    const module = Module.new(engine, boundary);
    expect(module.imports().map((i) => String(i.type))).toEqual([
      'func(i32, i64) -> f32',
      'global(mut f64)',
      'table(funcref, 1)',
      'memory(1, 2)',
      'tag(i32)',
    ]);
    expect(module.exports().map((e) => String(e.type))).toEqual([
      'tag(f64)',
      'table(externref, 2)',
      'global(i32)',
      'func(v128) -> funcref',
    ]);
  });

  it(`${CASES} mutated modules raise nothing but LayerError`, () => {
    const engine = new Engine();
    const store = new Store(engine, null);
    const failures: Failure[] = [];
    let compiled = 0;
    for (let i = 0; i < CASES; i++) {
      const random = new Random(SEED + i);
      const { bytes, mutations } = mutate(random.pick(seeds), random);
      try {
        if (runCase(engine, store, bytes)) compiled++;
      } catch (error) {
        failures.push({ caseIndex: i, mutations, error: String(error) });
      }
    }
    store.dispose();
    expect(failures.slice(0, 5)).toEqual([]);
    // Mutants the engine accepts are what reach the boundary conversions and linking.
    expect(compiled).toBeGreaterThan(CASES / 20);
  });
});

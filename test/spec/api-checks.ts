/**
 * Host-side runtime API checks for what Node 20's V8 cannot run (memory64, GC references and
 * exnref values at the host boundary) and for shared memories in a cross-origin-isolated page,
 * executed in Chromium after the spec scripts. The spec suite drives these features from wasm;
 * these drive them from the host API: 64-bit memories and tables made and grown by the layer,
 * GC references passed through a host function and typed on the way, exceptions caught in wasm
 * held as `ExnRef`s and rethrown (`exnref-checks.ts`). Environment-neutral: a check whose
 * feature the engine lacks is reported as skipped.
 */
import {
  AnyRef,
  Engine,
  Func,
  FuncType,
  Imports,
  Instance,
  Memory,
  MemoryType,
  Module,
  Store,
  Table,
  TableType,
  Val,
  supportedFeatures,
} from '../../src/runtime/index.ts';
import type { Feature } from '../../src/wasm/index.ts';
import { KIND, SECTION, body, module, name, vec } from '../../src/runtime/adapters/wasm-writer.ts';
import { EXNREF_CHECKS } from './exnref-checks.ts';

/** The outcome of one check. */
export interface ApiCheckResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  message?: string;
}

/** One check: what it needs of the engine, and its body (which throws to fail). */
export interface ApiCheck {
  name: string;
  needs: Feature[];
  run: (store: Store<null>) => void | Promise<void>;
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) {
    throw new Error(`${what}: expected ${String(expected)} but found ${String(actual)}`);
  }
}

/**
 * A module importing `h.id: (anyref) -> anyref` whose export `run` passes `h.id` a new struct
 * (one i32 field, 7) and returns what it gets back; `array` returns a new 3-element i32 array.
 */
function gcModuleBytes(): Uint8Array<ArrayBuffer> {
  const types = vec([
    [0x5f, 1, 0x7f, 0x00], // 0: struct (field i32)
    [0x60, 1, 0x6e, 1, 0x6e], // 1: func (anyref) -> anyref
    [0x60, 0, 1, 0x6e], // 2: func () -> anyref
    [0x5e, 0x7f, 0x00], // 3: array i32
  ]);
  return module([
    [SECTION.type, types],
    [SECTION.import, vec([[...name('h'), ...name('id'), KIND.func, 1]])],
    [SECTION.function, vec([[2], [2]])],
    [
      SECTION.export,
      vec([
        [...name('run'), KIND.func, 1],
        [...name('array'), KIND.func, 2],
      ]),
    ],
    [
      SECTION.code,
      vec([
        // i32.const 7; struct.new 0; call 0
        body([], [0x41, 7, 0xfb, 0x00, 0x00, 0x10, 0x00]),
        // i32.const 1; i32.const 3; array.new 3
        body([], [0x41, 1, 0x41, 3, 0xfb, 0x06, 0x03]),
      ]),
    ],
  ]);
}

/**
 * A module importing `env.mem` as (memory 1 2 shared) whose export `add` is
 * `i32.atomic.rmw.add` at an address: it returns the old value.
 */
function atomicAddBytes(): Uint8Array<ArrayBuffer> {
  return module([
    [SECTION.type, vec([[0x60, 2, 0x7f, 0x7f, 1, 0x7f]])],
    [SECTION.import, vec([[...name('env'), ...name('mem'), KIND.memory, 0x03, 1, 2]])],
    [SECTION.function, vec([[0]])],
    [SECTION.export, vec([[...name('add'), KIND.func, 0]])],
    // local.get 0; local.get 1; i32.atomic.rmw.add align=2 offset=0
    [SECTION.code, vec([body([], [0x20, 0, 0x20, 1, 0xfe, 0x1e, 2, 0])])],
  ]);
}

const CHECKS: ApiCheck[] = [
  {
    name: 'a shared memory is made by the layer, written by the host and added to atomically',
    needs: ['threads'],
    run(store) {
      const memory = Memory.new(store, new MemoryType(1, 2, { shared: true }));
      memory.write(store, 4, Uint8Array.of(40, 0, 0, 0));
      const imports = new Imports();
      imports.define('env', 'mem', memory);
      const instance = Instance.new(store, Module.new(store.engine, atomicAddBytes()), imports);
      const add = instance.getExport(store, 'add') as Func;
      expectEqual(add.call(store, [Val.i32(4), Val.i32(2)])[0].value, 40, 'the old value');
      expectEqual(memory.grow(store, 1), 1, 'grow returns the old size');
      const out = new Uint8Array(4);
      memory.read(store, 4, out);
      expectEqual(out.join(), '42,0,0,0', 'bytes read back');
      expectEqual(globalThis.crossOriginIsolated, true, 'the page is cross-origin isolated');
    },
  },
  {
    name: 'a 64-bit memory is made, grown, written and read through the layer',
    needs: ['memory64'],
    run(store) {
      const memory = Memory.new(store, new MemoryType(1, 3, { address: 'i64' }));
      expectEqual(memory.grow(store, 1), 1, 'grow returns the old size');
      expectEqual(memory.currentPages(store), 2, 'pages after grow');
      memory.write(store, 65_536 + 10, Uint8Array.of(1, 2, 3));
      const out = new Uint8Array(3);
      memory.read(store, 65_536 + 10, out);
      expectEqual(out.join(), '1,2,3', 'bytes read back');
    },
  },
  {
    name: 'a 64-bit table is made, grown, set and read through the layer',
    needs: ['memory64'],
    run(store) {
      const table = Table.new(
        store,
        new TableType('funcref', 2, 5, { address: 'i64' }),
        Val.funcref(null),
      );
      const host = Func.new(store, new FuncType([], []), () => []);
      expectEqual(table.grow(store, 1, Val.funcref(null)), 2, 'grow returns the old size');
      table.set(store, 2, Val.funcref(host));
      expectEqual(table.get(store, 2)?.value, host, 'the host function reads back');
      expectEqual(table.size(store), 3, 'size after grow');
    },
  },
  {
    name: 'GC references cross a host function and are typed by kind',
    needs: ['gc'],
    run(store) {
      let seen: AnyRef | null = null;
      const id = Func.new(store, new FuncType(['anyref'], ['anyref']), (_caller, args) => {
        seen = args[0].value as AnyRef;
        return [args[0]];
      });
      const imports = new Imports();
      imports.define('h', 'id', id);
      const instance = Instance.new(store, Module.new(store.engine, gcModuleBytes()), imports);
      const [result] = (instance.getExport(store, 'run') as Func).call(store, []);
      const ref = result.value as AnyRef;
      expectEqual(ref, seen, 'the struct keeps its identity through the host function');
      expectEqual(ref.kind(store), 'struct', 'kind of the struct');
      const [array] = (instance.getExport(store, 'array') as Func).call(store, []);
      expectEqual((array.value as AnyRef).kind(store), 'array', 'kind of the array');
      const struct = Val.anyref(ref);
      const asI31 = Func.new(store, new FuncType(['(ref i31)'], []), () => []);
      let refused = false;
      try {
        asI31.call(store, [struct]);
      } catch {
        refused = true;
      }
      expectEqual(refused, true, 'a struct is refused where an i31 is declared');
      expectEqual(AnyRef.i31(store, -3).i31Value(store), -3, 'an i31 made by the host');
    },
  },
];

/** Runs every check in a fresh store, one after the other. */
export async function runApiChecks(): Promise<ApiCheckResult[]> {
  const supported = supportedFeatures();
  const results: ApiCheckResult[] = [];
  for (const { name: checkName, needs, run } of [...CHECKS, ...EXNREF_CHECKS]) {
    const missing = needs.filter((feature) => !supported.has(feature));
    if (missing.length) {
      results.push({
        name: checkName,
        status: 'skipped',
        message: `engine lacks ${missing.join(', ')}`,
      });
      continue;
    }
    const store = new Store(new Engine(), null);
    try {
      await run(store);
      results.push({ name: checkName, status: 'passed' });
    } catch (error) {
      results.push({
        name: checkName,
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      store.dispose();
    }
  }
  return results;
}

/**
 * Host-side checks of exnref values (exception handling), run in Chromium among the API checks
 * because Node 20's V8 has no exnref: an exception caught in wasm leaves as a typed `ExnRef`,
 * and `throw_ref` on it, from wherever it went (a host function, a global, a table), rethrows
 * the very same exception. Handles are checked like every other reference, and a dropped
 * handle lets its exception be collected.
 */
import {
  ExnRef,
  Func,
  FuncType,
  Global,
  Imports,
  Instance,
  LayerError,
  Module,
  Store,
  Table,
  TableType,
  Tag,
  Val,
  type LayerErrorCode,
} from '../../src/runtime/index.ts';
import {
  KIND,
  SECTION,
  body,
  funcType,
  module,
  name,
  vec,
} from '../../src/runtime/adapters/wasm-writer.ts';
import type { ApiCheck } from './api-checks.ts';

const EXNREF = 0x69;
const CATCH_ALL_REF = 0x03;
const CATCH = 0x00;

/**
 * The guest side. Imports `h.boom: [] -> []` (a host function that throws), `h.id: exnref ->
 * exnref`, `h.g` (a mutable exnref global) and `h.tbl` (an exnref table); defines tag 0 (i32)
 * and exports:
 * - `catch_throw: [] -> exnref`: catches (`catch_all_ref`) what `throw $tag 7` throws;
 * - `catch_host: [] -> exnref`: catches what `h.boom` throws;
 * - `rethrow: exnref -> []`: `throw_ref`;
 * - `payload: exnref -> i32`: rethrows inside `try_table (catch $tag)`, returns the payload;
 * - `via_host: exnref -> []`: `throw_ref` of what `h.id` returns for it;
 * - `rethrow_global: [] -> []` and `rethrow_entry: i32 -> []`: `throw_ref` of `h.g` / `h.tbl[i]`;
 * - `nonnull: (ref exn) -> []` and `is_null: nullexnref -> i32`, for the type checks;
 * - `tag`.
 */
function exnModuleBytes(): Uint8Array<ArrayBuffer> {
  const types = vec([
    funcType([], []), // 0
    funcType(['i32'], []), // 1: the tag, rethrow_entry
    funcType([], ['exnref']), // 2
    funcType(['exnref'], []), // 3
    funcType(['exnref'], ['exnref']), // 4
    funcType(['exnref'], ['i32']), // 5
    funcType(['(ref exn)'], []), // 6
    funcType(['nullexnref'], ['i32']), // 7
  ]);
  const imports = vec([
    [...name('h'), ...name('boom'), KIND.func, 0],
    [...name('h'), ...name('id'), KIND.func, 4],
    [...name('h'), ...name('g'), KIND.global, EXNREF, 1],
    [...name('h'), ...name('tbl'), KIND.table, EXNREF, 0x00, 1],
  ]);
  const catching = (handler: number[], code: number[]) => [
    0x02, EXNREF, 0x1f, 0x40, 1, ...handler, ...code, 0x0b, 0x00, 0x0b,
  ]; // prettier-ignore
  const bodies = [
    catching([CATCH_ALL_REF, 0], [0x41, 7, 0x08, 0]), // catch_throw
    catching([CATCH_ALL_REF, 0], [0x10, 0]), // catch_host
    [0x20, 0, 0x0a], // rethrow
    [0x02, 0x7f, 0x1f, 0x40, 1, CATCH, 0, 0, 0x20, 0, 0x0a, 0x0b, 0x00, 0x0b], // payload
    [0x20, 0, 0x10, 1, 0x0a], // via_host
    [0x23, 0, 0x0a], // rethrow_global
    [0x20, 0, 0x25, 0, 0x0a], // rethrow_entry
    [0x20, 0, 0x0a], // nonnull
    [0x20, 0, 0xd1], // is_null
  ];
  const names = [
    'catch_throw',
    'catch_host',
    'rethrow',
    'payload',
    'via_host',
    'rethrow_global',
    'rethrow_entry',
    'nonnull',
    'is_null',
  ];
  return module([
    [SECTION.type, types],
    [SECTION.import, imports],
    [SECTION.function, vec([[2], [2], [3], [5], [3], [0], [1], [6], [7]])],
    [SECTION.tag, vec([[0x00, 1]])],
    [
      SECTION.export,
      vec([...names.map((n, i) => [...name(n), KIND.func, 2 + i]), [...name('tag'), KIND.tag, 0]]),
    ],
    [SECTION.code, vec(bodies.map((code) => body([], code)))],
  ]);
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) {
    throw new Error(`${what}: expected ${String(expected)} but found ${String(actual)}`);
  }
}

/** The `LayerError` of `code` that `action` throws (an Error saying otherwise if not). */
function caught(action: () => unknown, code: LayerErrorCode, what: string): LayerError {
  try {
    action();
  } catch (error) {
    if (error instanceof LayerError && error.code === code) return error;
    throw new Error(`${what}: expected LayerError(${code}) but got ${String(error)}`, {
      cause: error,
    });
  }
  throw new Error(`${what}: expected LayerError(${code}) but nothing was thrown`);
}

interface Guest {
  call(name: string, args: Val[]): Val[];
  func(name: string): Func;
  tag: Tag;
  global: Global;
  table: Table;
  /** What `h.boom` throws. */
  boom: Error;
}

function instantiate(store: Store<null>): Guest {
  const boom = new Error('boom');
  const imports = new Imports();
  imports.define(
    'h',
    'boom',
    Func.new(store, new FuncType([], []), () => {
      throw boom;
    }),
  );
  imports.define(
    'h',
    'id',
    Func.new(store, new FuncType(['exnref'], ['exnref']), (_caller, [x]) => [x]),
  );
  const global = Global.new(store, Val.exnref(null), true);
  const table = Table.new(store, new TableType('exnref', 1), Val.exnref(null));
  imports.define('h', 'g', global);
  imports.define('h', 'tbl', table);
  const instance = Instance.new(store, Module.new(store.engine, exnModuleBytes()), imports);
  return {
    call: (field, args) => (instance.getExport(store, field) as Func).call(store, args),
    func: (field) => instance.getExport(store, field) as Func,
    tag: instance.getExport(store, 'tag') as Tag,
    global,
    table,
    boom,
  };
}

/** Runs a call that must rethrow; returns the engine's exception it surfaced with. */
function rethrown(action: () => unknown, what: string): unknown {
  return caught(action, 'trap', what).cause;
}

/** The exnref checks, each needing exception handling with exnref. */
export const EXNREF_CHECKS: ApiCheck[] = [
  {
    name: 'a TypedFunc takes and returns ExnRef handles as plain values',
    needs: ['exceptions'],
    run(store) {
      const guest = instantiate(store);
      const [exn] = guest.call('catch_throw', []);
      const catchThrow = guest.func('catch_throw').typed(store, [], ['exnref']);
      const handle = catchThrow.call(store);
      expectEqual(handle instanceof ExnRef, true, 'a typed call returns the ExnRef itself');
      const viaHost = guest.func('via_host').typed(store, ['exnref'], []);
      const first = rethrown(() => viaHost.call(store, handle), 'a typed rethrow of the handle');
      const again = rethrown(() => guest.call('rethrow', [Val.exnref(handle)]), 'a tagged rethrow');
      expectEqual(again, first, 'typed and tagged calls rethrow the same exception');
      caught(() => viaHost.call(store, exn as never), 'type', 'a tagged Val is not a plain value');
      caught(() => viaHost.call(store, 7 as never), 'type', 'a number is not an exnref');
    },
  },
  {
    name: 'an exnref leaves wasm as a typed ExnRef; throw_ref rethrows the same exception',
    needs: ['exceptions'],
    run(store) {
      const guest = instantiate(store);
      const [exn] = guest.call('catch_throw', []);
      expectEqual(exn.type, 'exnref', 'the tag of the value');
      expectEqual(exn.value instanceof ExnRef, true, 'the value is an ExnRef');
      const first = rethrown(() => guest.call('rethrow', [exn]), 'first rethrow');
      const second = rethrown(() => guest.call('rethrow', [exn]), 'second rethrow');
      const { Exception } = WebAssembly as unknown as { Exception: abstract new () => object };
      expectEqual(first instanceof Exception, true, 'a WebAssembly.Exception');
      expectEqual(second, first, 'both rethrows surface the same exception');
      expectEqual(guest.tag.payload(store, first)?.[0].value, 7, 'its payload');
      expectEqual(guest.call('payload', [exn])[0].value, 7, 'caught again by its tag in wasm');
      caught(() => guest.call('rethrow', [Val.exnref(null)]), 'trap', 'throw_ref of null traps');
    },
  },
  {
    name: 'a host error caught in wasm and rethrown with throw_ref surfaces unchanged',
    needs: ['exceptions'],
    run(store) {
      const guest = instantiate(store);
      const [exn] = guest.call('catch_host', []);
      const error = caught(() => guest.call('rethrow', [exn]), 'host', 'the rethrow');
      expectEqual(error.cause, guest.boom, 'the host threw this');
    },
  },
  {
    name: 'an ExnRef passes through a host function, a global and a table, still the same exception',
    needs: ['exceptions'],
    run(store) {
      const guest = instantiate(store);
      const [exn] = guest.call('catch_throw', []);
      const original = rethrown(() => guest.call('rethrow', [exn]), 'direct');
      const viaHost = rethrown(() => guest.call('via_host', [exn]), 'via a host function');
      expectEqual(viaHost, original, 'through a host function');
      guest.global.set(store, exn);
      expectEqual(
        rethrown(() => guest.call('rethrow_global', []), 'global'),
        original,
        'global',
      );
      const read = guest.global.get(store);
      expectEqual(read.value instanceof ExnRef, true, 'Global.get gives an ExnRef');
      expectEqual(
        rethrown(() => guest.call('rethrow', [read]), 'read'),
        original,
        'read back',
      );
      guest.table.set(store, 0, Val.exnref(exn.value as ExnRef));
      expectEqual(
        rethrown(() => guest.call('rethrow_entry', [Val.i32(0)]), 'entry'),
        original,
        'table',
      );
      expectEqual(guest.table.grow(store, 2, Val.exnref(exn.value as ExnRef)), 1, 'old size');
      const grown = guest.table.get(store, 2);
      expectEqual(
        rethrown(() => guest.call('rethrow', [grown as Val]), 'grown'),
        original,
        'grown',
      );
      const made = Table.new(store, new TableType('exnref', 2), Val.exnref(exn.value as ExnRef));
      expectEqual(
        rethrown(() => guest.call('rethrow', [made.get(store, 1) as Val]), 'new'),
        original,
        'Table.new',
      );
      guest.table.set(store, 0, Val.exnref(null));
      expectEqual(guest.table.get(store, 0)?.value, null, 'a null entry reads back null');
      const held = Global.new(store, exn, true);
      expectEqual(
        rethrown(() => guest.call('rethrow', [held.get(store)]), 'held'),
        original,
        'Global.new',
      );
      expectEqual(
        Global.new(store, Val.exnref(null), false).get(store).value,
        null,
        'immutable null',
      );
    },
  },
  {
    name: 'exnrefs are checked like other references: null, kind, store, disposal',
    needs: ['exceptions'],
    run(store) {
      const guest = instantiate(store);
      const [exn] = guest.call('catch_throw', []);
      caught(() => guest.call('nonnull', [Val.exnref(null)]), 'type', 'null where (ref exn)');
      caught(() => guest.call('is_null', [exn]), 'type', 'a handle where nullexnref');
      expectEqual(guest.call('is_null', [Val.exnref(null)])[0].value, 1, 'null where nullexnref');
      caught(() => guest.call('rethrow', [Val.externref(null)]), 'type', 'an externref');
      caught(() => Global.new(store, exn, false), 'unsupported', 'an immutable non-null global');
      caught(
        () => Table.new(store, new TableType('(ref exn)', 1), Val.exnref(exn.value as ExnRef)),
        'unsupported',
        'a table of (ref exn)',
      );
      const other = new Store(store.engine, null);
      const [foreign] = instantiate(other).call('catch_throw', []);
      caught(() => guest.call('rethrow', [foreign]), 'store', "another store's handle");
      other.dispose();
      caught(() => guest.call('rethrow', [foreign]), 'freed', "a disposed store's handle");
    },
  },
  {
    name: 'a dropped ExnRef lets its exception be collected; a held one keeps it',
    needs: ['exceptions'],
    async run(store) {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc === undefined) throw new Error('run Chromium with --js-flags=--expose-gc');
      const guest = instantiate(store);
      const weakly = (keep: Val[]) => {
        const [exn] = guest.call('catch_throw', []);
        keep.push(exn);
        return new WeakRef(rethrown(() => guest.call('rethrow', [exn]), 'rethrow') as object);
      };
      const kept: Val[] = [];
      const held = weakly(kept);
      const dropped = weakly([]);
      // A WeakRef's target stays alive until the job that read it ends: every collection
      // starts in a job of its own. Collecting the handle queues its finalizer, which empties
      // the slot; the next collection can then take the exception.
      const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
      for (let round = 0; round < 10; round++) {
        await tick();
        gc();
        await tick();
        if (dropped.deref() === undefined) break;
      }
      expectEqual(dropped.deref(), undefined, 'the dropped handle’s exception is collected');
      expectEqual(held.deref() !== undefined, true, 'the held handle’s exception is alive');
      expectEqual(kept.length, 1, 'the handle is still held');
    },
  },
];

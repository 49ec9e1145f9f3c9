/**
 * The `spectest` module every spec script may import, built from runtime-layer host objects
 * (not a wasm module) so linking host externs is exercised too. Its contents follow the spec
 * interpreter's harness: print functions that do nothing observable, four globals holding
 * 666 / 666.6, a funcref table of 10..20 elements (and a 64-bit one where the engine has
 * memory64), a memory of 1..2 pages and, where the engine has threads, a shared one.
 */
import {
  Func,
  FuncType,
  Global,
  Memory,
  MemoryType,
  Table,
  TableType,
  Val,
  supportedFeatures,
  type Extern,
  type Store,
  type ValType,
} from '../../src/runtime/index.ts';

const PRINT_SIGNATURES: [string, ValType[]][] = [
  ['print', []],
  ['print_i32', ['i32']],
  ['print_i64', ['i64']],
  ['print_f32', ['f32']],
  ['print_f64', ['f64']],
  ['print_i32_f32', ['i32', 'f32']],
  ['print_f64_f64', ['f64', 'f64']],
];

/**
 * Creates the `spectest` exports in `store`. Printing is discarded: scripts only need the
 * imports to link, and thousands of lines of output would drown the report.
 */
export function createSpectest<T>(store: Store<T>): [string, Extern][] {
  const entries: [string, Extern][] = PRINT_SIGNATURES.map(([name, params]) => [
    name,
    Func.new(store, new FuncType(params, []), () => []),
  ]);
  entries.push(
    ['global_i32', Global.new(store, Val.i32(666), false)],
    ['global_i64', Global.new(store, Val.i64(666n), false)],
    ['global_f32', Global.new(store, Val.f32(666.6), false)],
    ['global_f64', Global.new(store, Val.f64(666.6), false)],
    ['table', Table.new(store, new TableType('funcref', 10, 20), Val.funcref(null))],
    ['memory', Memory.new(store, new MemoryType(1, 2))],
  );
  const table64 = new TableType('funcref', 10, 20, { address: 'i64' });
  // An engine without memory64 refuses the table; importers then fail as lacking the feature.
  if (supportedFeatures().has('memory64'))
    entries.push(['table64', Table.new(store, table64, Val.funcref(null))]);
  // Likewise for a shared memory without threads.
  if (supportedFeatures().has('threads'))
    entries.push(['shared_memory', Memory.new(store, new MemoryType(1, 2, { shared: true }))]);
  return entries;
}

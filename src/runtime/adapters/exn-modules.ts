/**
 * The generated modules and code that carry exnref values, which the JS API cannot: each store
 * keeps its exnref values in a box (a table of exnref that only wasm reads and writes), and JS
 * holds slot indices of it. Here are the box itself, accessors of exnref globals and tables,
 * modules that define such globals and tables for the host, and the code snippets the function
 * adapters use to move a value between a slot and the wasm stack. Builds bytes only; the
 * callers instantiate them.
 */
import { refTypeParts, type AddressType, type RefType, type ValType } from '../types.ts';
import {
  KIND,
  OP,
  SECTION,
  body,
  funcType,
  module,
  name,
  uleb,
  valtype,
  vec,
  type Bytes,
} from './wasm-writer.ts';

/**
 * What an adapter that moves exnref values imports: the store's exnref box (a table of
 * exnref) and the function that hands out a free slot of it.
 */
export interface ExnImports {
  table: WebAssembly.Table;
  alloc: () => number;
}

/** True for a type of the exception hierarchy (`exnref`, `(ref exn)`, `nullexnref`, …). */
export function isExnType(t: ValType): boolean {
  return refTypeParts(t)?.family === 'exnref';
}

const EXN_HEAP = 0x69;
const NOEXN_HEAP = 0x74;
const TABLE_GROW = 15;
const TABLE_FILL = 17;

/**
 * Code that pushes the slot of the exnref in `local`: -1 for null, else a slot from function
 * `alloc` into which the value is stored (in table `box`). `scratch` is an i32 local.
 */
export function exnToSlot(local: number, scratch: number, alloc: number, box: number): Bytes {
  return [
    OP.localGet, ...uleb(local), OP.refIsNull,
    OP.if, 0x7f,
    OP.i32Const, 0x7f,
    OP.else,
    OP.call, ...uleb(alloc), OP.localTee, ...uleb(scratch),
    OP.localGet, ...uleb(local), OP.tableSet, ...uleb(box),
    OP.localGet, ...uleb(scratch),
    OP.end,
  ]; // prettier-ignore
}

/**
 * Code that pushes the exnref of type `t` whose slot of table `box` is in `local` (-1 for
 * null). A bottom type holds only null; a non-nullable type traps on null (the layer refuses
 * null for it before any call).
 */
export function slotToExn(local: number, t: ValType, box: number): Bytes {
  const parts = refTypeParts(t);
  const asNonNull = parts?.nullable === false ? [OP.refAsNonNull] : [];
  if (parts?.heap === 'noexn') return [OP.refNull, NOEXN_HEAP, ...asNonNull];
  return [
    OP.localGet, ...uleb(local), OP.i32Const, 0x7f, OP.i32Eq,
    OP.if, EXN_HEAP,
    OP.refNull, EXN_HEAP,
    OP.else,
    OP.localGet, ...uleb(local), OP.tableGet, ...uleb(box),
    OP.end,
    ...asNonNull,
  ]; // prettier-ignore
}

/** The imports of an adapter that moves exnrefs: the box table `a.t`, then `a.alloc`. */
export function exnImportEntries(allocType: number): Bytes[] {
  return [
    [...name('a'), ...name('t'), KIND.table, EXN_HEAP, 0x00, 0],
    [...name('a'), ...name('alloc'), KIND.func, ...uleb(allocType)],
  ];
}

/**
 * The box: exports its table `t` (exnref, empty at first), `grow(n) -> old size or -1` (new
 * entries null) and `clear(slot)` (sets it to null, letting the exception go).
 */
export function exnBoxModule(): Uint8Array<ArrayBuffer> {
  return module([
    [SECTION.type, vec([funcType(['i32'], ['i32']), funcType(['i32'], [])])],
    [SECTION.function, vec([[0], [1]])],
    [SECTION.table, vec([[EXN_HEAP, 0x00, 0]])],
    [
      SECTION.export,
      vec([
        [...name('t'), KIND.table, 0],
        [...name('grow'), KIND.func, 0],
        [...name('clear'), KIND.func, 1],
      ]),
    ],
    [
      SECTION.code,
      vec([
        body([], [OP.refNull, EXN_HEAP, OP.localGet, 0, OP.misc, TABLE_GROW, 0]),
        body([], [OP.localGet, 0, OP.refNull, EXN_HEAP, OP.tableSet, 0]),
      ]),
    ],
  ]);
}

/** Limits of a table or memory type: flags (max 0x01, 64-bit 0x04), minimum, maximum. */
function limits(address: AddressType, minimum: number, maximum: number | undefined): Bytes {
  const flags = (maximum === undefined ? 0 : 0x01) | (address === 'i64' ? 0x04 : 0);
  return [flags, ...uleb(minimum), ...(maximum === undefined ? [] : uleb(maximum))];
}

/**
 * Accessors of an exnref global of content type `t`, imported as `a.g`: `get() -> slot` and,
 * when `mutable`, `set(slot)`. Imports the box and its `alloc` as the function adapters do.
 */
export function exnGlobalAccessModule(t: ValType, mutable: boolean): Uint8Array<ArrayBuffer> {
  // Types: 0 alloc and get ([] -> [i32]), 1 set ([i32] -> []). Function 0 is alloc.
  const imports: Bytes[] = [
    ...exnImportEntries(0),
    [...name('a'), ...name('g'), KIND.global, ...valtype(t), mutable ? 1 : 0],
  ];
  // get: locals 0 (exnref) and 1 (scratch i32).
  const get = body(['exnref', 'i32'], [
    OP.globalGet, 0, OP.localSet, 0, ...exnToSlot(0, 1, 0, 0),
  ]); // prettier-ignore
  const set = body([], [...slotToExn(0, t, 0), OP.globalSet, 0]);
  const exports: Bytes[] = [[...name('get'), KIND.func, 1]];
  if (mutable) exports.push([...name('set'), KIND.func, 2]);
  return module([
    [SECTION.type, vec([funcType([], ['i32']), funcType(['i32'], [])])],
    [SECTION.import, vec(imports)],
    [SECTION.function, vec(mutable ? [[0], [1]] : [[0]])],
    [SECTION.export, vec(exports)],
    [SECTION.code, vec(mutable ? [get, set] : [get])],
  ]);
}

/**
 * A module exporting `g`, a new global of type `t` (a nullable exnref type) holding null; an
 * immutable one stays null (no constant expression makes a non-null exnref).
 */
export function exnGlobalModule(t: ValType, mutable: boolean): Uint8Array<ArrayBuffer> {
  const heap = refTypeParts(t)?.heap === 'noexn' ? NOEXN_HEAP : EXN_HEAP;
  return module([
    [SECTION.global, vec([[...valtype(t), mutable ? 1 : 0, OP.refNull, heap, OP.end]])],
    [SECTION.export, vec([[...name('g'), KIND.global, 0]])],
  ]);
}

/**
 * Accessors of an exnref table of element type `element` and address type `address`, imported
 * as `a.tbl` (table 1; the box is table 0): `get(i) -> slot`, `set(i, slot)`,
 * `grow(n, slot) -> old size or -1` and `fill(i, slot, n)`. Indices and sizes are i64 for a
 * 64-bit table.
 */
export function exnTableAccessModule(
  element: RefType,
  address: AddressType,
): Uint8Array<ArrayBuffer> {
  const a: ValType = address;
  const imports: Bytes[] = [
    ...exnImportEntries(0),
    [
      ...name('a'),
      ...name('tbl'),
      KIND.table,
      ...valtype(element),
      ...limits(address, 0, undefined),
    ],
  ];
  const types = vec([
    funcType([], ['i32']), // 0: alloc
    funcType([a], ['i32']), // 1: get
    funcType([a, 'i32'], []), // 2: set
    funcType([a, 'i32'], [a]), // 3: grow
    funcType([a, 'i32', a], []), // 4: fill
  ]);
  // get: param 0 (index), locals 1 (exnref) and 2 (scratch i32).
  const get = body(['exnref', 'i32'], [
    OP.localGet, 0, OP.tableGet, 1, OP.localSet, 1, ...exnToSlot(1, 2, 0, 0),
  ]); // prettier-ignore
  const set = body([], [OP.localGet, 0, ...slotToExn(1, element, 0), OP.tableSet, 1]);
  const grow = body([], [...slotToExn(1, element, 0), OP.localGet, 0, OP.misc, TABLE_GROW, 1]);
  const fill = body([], [
    OP.localGet, 0, ...slotToExn(1, element, 0), OP.localGet, 2, OP.misc, TABLE_FILL, 1,
  ]); // prettier-ignore
  return module([
    [SECTION.type, types],
    [SECTION.import, vec(imports)],
    [SECTION.function, vec([[1], [2], [3], [4]])],
    [
      SECTION.export,
      vec([
        [...name('get'), KIND.func, 1],
        [...name('set'), KIND.func, 2],
        [...name('grow'), KIND.func, 3],
        [...name('fill'), KIND.func, 4],
      ]),
    ],
    [SECTION.code, vec([get, set, grow, fill])],
  ]);
}

/**
 * A module exporting `tbl`, a new table of a nullable exnref element type and the given limits,
 * every entry null.
 */
export function exnTableModule(
  element: RefType,
  address: AddressType,
  minimum: number,
  maximum: number | undefined,
): Uint8Array<ArrayBuffer> {
  return module([
    [SECTION.table, vec([[...valtype(element), ...limits(address, minimum, maximum)]])],
    [SECTION.export, vec([[...name('tbl'), KIND.table, 0]])],
  ]);
}

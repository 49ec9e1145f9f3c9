/**
 * Adapter modules: small generated wasm modules that let values the JS API refuses (v128,
 * exnref) or functions it cannot type (host closures) cross the boundary. A v128 crosses as four
 * i32 lanes; an exnref as an i32 slot of its store's exnref box (a table the adapter imports,
 * -1 for null), the adapter storing a value it hands to JS into a slot it asks JS for. Compiled
 * modules are cached per signature for the life of the process; instances are made per use by
 * the callers. Wraps `WebAssembly.Module` (compiled adapters) and `WebAssembly.Instance` (one
 * per adapted object).
 */
import type { FuncType, ValType } from '../types.ts';
import {
  KIND,
  OP,
  SECTION,
  SIMD,
  body,
  funcType,
  module,
  name,
  uleb,
  valtype,
  vec,
  type Bytes,
} from './wasm-writer.ts';
import {
  exnImportEntries,
  exnToSlot,
  isExnType,
  slotToExn,
  type ExnImports,
} from './exn-modules.ts';

export { isExnType, type ExnImports } from './exn-modules.ts';

/** Replaces every v128 with four i32 lanes and every exnref with an i32 slot: what JS can pass. */
export function lowerTypes(types: readonly ValType[]): ValType[] {
  return types.flatMap((t): ValType[] =>
    t === 'v128' ? ['i32', 'i32', 'i32', 'i32'] : isExnType(t) ? ['i32'] : [t],
  );
}

/** True when a signature needs an adapter to be called from or into JS (a v128 or an exnref). */
export function needsAdapter(ty: FuncType): boolean {
  return [...ty.params, ...ty.results].some((t) => t === 'v128' || isExnType(t));
}

/** True when a signature has an exnref parameter or result (its adapter needs {@link ExnImports}). */
export function usesExn(types: readonly ValType[]): boolean {
  return types.some(isExnType);
}

const lane = (op: number, index: number): Bytes => [OP.simd, ...uleb(op), index];

/** Code that builds a v128 from four i32 pushed by `pushLane(i)`. */
function buildV128(pushLane: (i: number) => Bytes): Bytes {
  const code: Bytes = [...pushLane(0), OP.simd, ...uleb(SIMD.i32x4Splat)];
  for (let i = 1; i < 4; i++) code.push(...pushLane(i), ...lane(SIMD.i32x4ReplaceLane, i));
  return code;
}

/** Code that pushes the four i32 lanes of the v128 in `local`. */
function splitV128(local: number): Bytes {
  const code: Bytes = [];
  for (let i = 0; i < 4; i++)
    code.push(OP.localGet, ...uleb(local), ...lane(SIMD.i32x4ExtractLane, i));
  return code;
}

/** How many JS values one value of type `t` becomes. */
function width(t: ValType): number {
  return t === 'v128' ? 4 : 1;
}

/**
 * A module importing `inner` of type `innerTypes` and exporting `f` of type `outerTypes`, where
 * one side is the lowered form of the other (see {@link lowerTypes}). `outerIsLowered` says
 * which side JS sees.
 */
function laneAdapter(ty: FuncType, outerIsLowered: boolean): Uint8Array<ArrayBuffer> {
  const lowered = { params: lowerTypes(ty.params), results: lowerTypes(ty.results) };
  const inner = outerIsLowered ? { params: ty.params, results: ty.results } : lowered;
  const outer = outerIsLowered ? lowered : { params: ty.params, results: ty.results };
  const exn = usesExn([...ty.params, ...ty.results]);
  // Function 0 is the target, 1 the box's `alloc` (when exnrefs cross), then the adapter.
  const ALLOC = 1;
  const BOX = 0;
  const resultLocals: ValType[] = [...inner.results];
  const firstResultLocal = outer.params.length;
  const scratch = firstResultLocal + resultLocals.length;
  // Lowered values at `local` (and after) → the value of type `t`.
  const lift = (t: ValType, local: number): Bytes =>
    t === 'v128'
      ? buildV128((i) => [OP.localGet, ...uleb(local + i)])
      : isExnType(t)
        ? slotToExn(local, t, BOX)
        : [OP.localGet, ...uleb(local)];
  // The value of type `t` in `local` → its lowered values.
  const lower = (t: ValType, local: number): Bytes =>
    t === 'v128'
      ? splitV128(local)
      : isExnType(t)
        ? exnToSlot(local, scratch, ALLOC, BOX)
        : [OP.localGet, ...uleb(local)];
  const code: Bytes = [];
  // Arguments: outer params → inner params.
  let local = 0;
  for (const t of ty.params) {
    code.push(...(outerIsLowered ? lift(t, local) : lower(t, local)));
    local += outerIsLowered ? width(t) : 1;
  }
  code.push(OP.call, 0);
  // Results: the inner results sit on the stack; park them in locals (last first), then push
  // them in the outer shape.
  for (let i = resultLocals.length - 1; i >= 0; i--)
    code.push(OP.localSet, ...uleb(firstResultLocal + i));
  let r = firstResultLocal;
  for (const t of ty.results) {
    code.push(...(outerIsLowered ? lower(t, r) : lift(t, r)));
    r += outerIsLowered ? 1 : width(t);
  }
  const types = [funcType(inner.params, inner.results), funcType(outer.params, outer.results)];
  const imports: Bytes[] = [[...name('a'), ...name('f'), KIND.func, 0]];
  if (exn) {
    types.push(funcType([], ['i32']));
    imports.push(...exnImportEntries(2));
  }
  const self = exn ? 2 : 1;
  return module([
    [SECTION.type, vec(types)],
    [SECTION.import, vec(imports)],
    [SECTION.function, vec([[1]])],
    [SECTION.export, vec([[...name('f'), KIND.func, self]])],
    [SECTION.code, vec([body(exn ? [...resultLocals, 'i32'] : resultLocals, code)])],
  ]);
}

/** A module importing a function of type `ty` as `a.f` and re-exporting it as `f`. */
function reexportAdapter(ty: FuncType): Uint8Array<ArrayBuffer> {
  return module([
    [SECTION.type, vec([funcType(ty.params, ty.results)])],
    [SECTION.import, vec([[...name('a'), ...name('f'), KIND.func, 0]])],
    [SECTION.export, vec([[...name('f'), KIND.func, 0]])],
  ]);
}

const compiled = new Map<string, WebAssembly.Module>();

/** The compiled module of `key`, built by `build` and compiled the first time it is asked for. */
export function cachedModule(
  key: string,
  build: () => Uint8Array<ArrayBuffer>,
): WebAssembly.Module {
  let m = compiled.get(key);
  if (m === undefined) {
    m = new WebAssembly.Module(build());
    compiled.set(key, m);
  }
  return m;
}

function instantiateF(
  m: WebAssembly.Module,
  f: unknown,
  exn: ExnImports | undefined,
): CallableFunction {
  const a: Record<string, unknown> = { f };
  if (exn !== undefined) Object.assign(a, { t: exn.table, alloc: exn.alloc });
  const instance = new WebAssembly.Instance(m, { a } as WebAssembly.Imports);
  return instance.exports.f as CallableFunction;
}

/**
 * Turns a JS function of signature `ty` into a real exported wasm function of that type, so it
 * can be stored in tables and funcref globals. For a signature that {@link needsAdapter},
 * `callable` must take and return the lowered values (see {@link lowerTypes}), and `exn` is
 * required when exnrefs cross.
 */
export function wasmFunctionFor(
  ty: FuncType,
  callable: CallableFunction,
  exn?: ExnImports,
): CallableFunction {
  if (!needsAdapter(ty))
    return instantiateF(
      cachedModule(`re:${ty.key}`, () => reexportAdapter(ty)),
      callable,
      undefined,
    );
  return instantiateF(
    cachedModule(`lift:${ty.key}`, () => laneAdapter(ty, false)),
    callable,
    exn,
  );
}

/**
 * Wraps the wasm function `target` of signature `ty` (one that {@link needsAdapter}) into a
 * function JS can call, taking and returning each v128 as four i32 lanes and each exnref as a
 * slot of `exn`'s box (required when exnrefs cross).
 */
export function laneCaller(
  ty: FuncType,
  target: CallableFunction,
  exn?: ExnImports,
): CallableFunction {
  return instantiateF(
    cachedModule(`lower:${ty.key}`, () => laneAdapter(ty, true)),
    target,
    exn,
  );
}

/** Accessors of a v128 global: the global object, a lane getter and (if mutable) a lane setter. */
export interface V128GlobalAccess {
  global: WebAssembly.Global;
  get: () => [number, number, number, number];
  set: ((a: number, b: number, c: number, d: number) => void) | undefined;
}

function v128GlobalModule(mutable: boolean, init: Uint8Array | undefined): Uint8Array<ArrayBuffer> {
  const globalType = [...valtype('v128'), mutable ? 1 : 0];
  const setter = mutable
    ? [body([], [...buildV128((i) => [OP.localGet, i]), OP.globalSet, 0])]
    : [];
  const getter = body(['v128'], [OP.globalGet, 0, OP.localSet, 0, ...splitV128(0)]);
  const types = vec([
    funcType([], ['i32', 'i32', 'i32', 'i32']),
    funcType(['i32', 'i32', 'i32', 'i32'], []),
  ]);
  const sections: [number, Bytes][] = [[SECTION.type, types]];
  if (init === undefined) {
    sections.push([
      SECTION.import,
      vec([[...name('a'), ...name('g'), KIND.global, ...globalType]]),
    ]);
  }
  sections.push([SECTION.function, vec(mutable ? [[0], [1]] : [[0]])]);
  if (init !== undefined) {
    sections.push([
      SECTION.global,
      vec([[...globalType, OP.simd, ...uleb(SIMD.v128Const), ...init, 0x0b]]),
    ]);
  }
  const exports: Bytes[] = [
    [...name('g'), KIND.global, 0],
    [...name('get'), KIND.func, 0],
  ];
  if (mutable) exports.push([...name('set'), KIND.func, 1]);
  sections.push([SECTION.export, vec(exports)]);
  sections.push([SECTION.code, vec([getter, ...setter])]);
  return module(sections);
}

/**
 * Gives lane access to a v128 global: the existing `global` when given, or a new one holding
 * `init` (16 bytes) otherwise.
 */
export function v128GlobalAccess(
  mutable: boolean,
  source: { global: WebAssembly.Global } | { init: Uint8Array },
): V128GlobalAccess {
  const bytes = 'init' in source ? v128GlobalModule(mutable, source.init) : undefined;
  const m =
    bytes !== undefined
      ? new WebAssembly.Module(bytes)
      : cachedModule(`global:${mutable}`, () => v128GlobalModule(mutable, undefined));
  const imports: WebAssembly.Imports = 'global' in source ? { a: { g: source.global } } : {};
  const exports = new WebAssembly.Instance(m, imports).exports;
  return {
    global: exports.g as WebAssembly.Global,
    get: exports.get as () => [number, number, number, number],
    set: exports.set as V128GlobalAccess['set'],
  };
}

/** The four little-endian i32 lanes of 16 bytes. */
export function bytesToLanes(bytes: Uint8Array): [number, number, number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return [
    view.getInt32(0, true),
    view.getInt32(4, true),
    view.getInt32(8, true),
    view.getInt32(12, true),
  ];
}

/** 16 little-endian bytes from four i32 lanes. */
export function lanesToBytes(lanes: ArrayLike<number>, offset = 0): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) view.setInt32(i * 4, lanes[offset + i], true);
  return bytes;
}

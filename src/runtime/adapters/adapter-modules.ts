/**
 * Adapter modules: small generated wasm modules that let values the JS API refuses (v128) or
 * functions it cannot type (host closures) cross the boundary. Compiled modules are cached per
 * signature for the life of the process; instances are made per use by the callers. Wraps
 * `WebAssembly.Module` (compiled adapters) and `WebAssembly.Instance` (one per adapted object).
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

/** Replaces every v128 with four i32 lanes: the shape JS can pass. */
export function lowerTypes(types: readonly ValType[]): ValType[] {
  return types.flatMap((t): ValType[] => (t === 'v128' ? ['i32', 'i32', 'i32', 'i32'] : [t]));
}

/** True when a signature needs an adapter to be called from or into JS. */
export function needsLanes(ty: FuncType): boolean {
  return ty.params.includes('v128') || ty.results.includes('v128');
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

/**
 * A module importing `inner` of type `innerTypes` and exporting `f` of type `outerTypes`, where
 * one side is the lane-lowered form of the other. `outerIsLowered` says which side JS sees.
 */
function laneAdapter(ty: FuncType, outerIsLowered: boolean): Uint8Array<ArrayBuffer> {
  const lowered = { params: lowerTypes(ty.params), results: lowerTypes(ty.results) };
  const inner = outerIsLowered ? { params: ty.params, results: ty.results } : lowered;
  const outer = outerIsLowered ? lowered : { params: ty.params, results: ty.results };
  const code: Bytes = [];
  // Arguments: outer params → inner params.
  let local = 0;
  for (const t of ty.params) {
    if (t !== 'v128') {
      code.push(OP.localGet, ...uleb(local++));
    } else if (outerIsLowered) {
      const first = local;
      code.push(...buildV128((i) => [OP.localGet, ...uleb(first + i)]));
      local += 4;
    } else {
      code.push(...splitV128(local++));
    }
  }
  code.push(OP.call, 0);
  // Results: the inner results sit on the stack; park them in locals (last first), then push
  // them in the outer shape.
  const resultLocals: ValType[] = [...inner.results];
  const firstResultLocal = outer.params.length;
  for (let i = resultLocals.length - 1; i >= 0; i--)
    code.push(OP.localSet, ...uleb(firstResultLocal + i));
  let r = firstResultLocal;
  for (const t of ty.results) {
    if (t !== 'v128') {
      code.push(OP.localGet, ...uleb(r++));
    } else if (outerIsLowered) {
      code.push(...splitV128(r++));
    } else {
      const first = r;
      code.push(...buildV128((i) => [OP.localGet, ...uleb(first + i)]));
      r += 4;
    }
  }
  return module([
    [
      SECTION.type,
      vec([funcType(inner.params, inner.results), funcType(outer.params, outer.results)]),
    ],
    [SECTION.import, vec([[...name('a'), ...name('f'), KIND.func, 0]])],
    [SECTION.function, vec([[1]])],
    [SECTION.export, vec([[...name('f'), KIND.func, 1]])],
    [SECTION.code, vec([body(resultLocals, code)])],
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

function cachedModule(key: string, build: () => Uint8Array<ArrayBuffer>): WebAssembly.Module {
  let m = compiled.get(key);
  if (m === undefined) {
    m = new WebAssembly.Module(build());
    compiled.set(key, m);
  }
  return m;
}

function instantiateF(m: WebAssembly.Module, f: unknown): CallableFunction {
  const instance = new WebAssembly.Instance(m, { a: { f } } as WebAssembly.Imports);
  return instance.exports.f as CallableFunction;
}

/**
 * Turns a JS function of signature `ty` into a real exported wasm function of that type, so it
 * can be stored in tables and funcref globals. For a v128 signature, `callable` must take and
 * return lanes (see {@link lowerTypes}).
 */
export function wasmFunctionFor(ty: FuncType, callable: CallableFunction): CallableFunction {
  if (!needsLanes(ty))
    return instantiateF(
      cachedModule(`re:${ty.key}`, () => reexportAdapter(ty)),
      callable,
    );
  return instantiateF(
    cachedModule(`lift:${ty.key}`, () => laneAdapter(ty, false)),
    callable,
  );
}

/**
 * Wraps the wasm function `target` of v128 signature `ty` into a function JS can call, taking
 * and returning each v128 as four i32 lanes.
 */
export function laneCaller(ty: FuncType, target: CallableFunction): CallableFunction {
  return instantiateF(
    cachedModule(`lower:${ty.key}`, () => laneAdapter(ty, true)),
    target,
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

/**
 * Calling a function with f32/f64 values JS numbers cannot carry. A signalling NaN turns
 * quiet whenever a float crosses into JS, so `Val.f32` cannot hold `nan:0x200000`. As the
 * spec's own JS harness does, such calls go through a small adapter module, built here
 * byte by byte, that imports the function and exchanges every float as its bit pattern
 * (`f32` as `i32`, `f64` as `i64`); the call itself stays wasm-to-wasm and bit-exact. The
 * module is written with the runtime's own binary writer.
 */
import {
  Func,
  Imports,
  Instance,
  Module,
  type Engine,
  type Store,
  type ValType,
} from '../../src/runtime/index.ts';
import {
  KIND,
  SECTION,
  body as wasmBody,
  funcType,
  module,
  name,
  uleb,
  vec,
} from '../../src/runtime/adapters/wasm-writer.ts';

const OP = {
  localGet: 0x20,
  localSet: 0x21,
  call: 0x10,
  f32FromBits: 0xbe,
  f64FromBits: 0xbf,
  f32ToBits: 0xbc,
  f64ToBits: 0xbd,
};

/** The type an adapter exchanges in place of `type`: floats become same-width integers. */
export function bitsType(type: ValType): ValType {
  if (type === 'f32') return 'i32';
  if (type === 'f64') return 'i64';
  return type;
}

/** The adapter module's bytes for a function of the given signature. */
export function adapterBytes(params: readonly ValType[], results: readonly ValType[]): Uint8Array {
  const code: number[] = [];
  params.forEach((type, index) => {
    code.push(OP.localGet, ...uleb(index));
    if (type === 'f32') code.push(OP.f32FromBits);
    if (type === 'f64') code.push(OP.f64FromBits);
  });
  code.push(OP.call, 0);
  // Results arrive on the stack last-on-top: park them in locals, then convert in order.
  for (let i = results.length - 1; i >= 0; i--) code.push(OP.localSet, ...uleb(params.length + i));
  results.forEach((type, i) => {
    code.push(OP.localGet, ...uleb(params.length + i));
    if (type === 'f32') code.push(OP.f32ToBits);
    if (type === 'f64') code.push(OP.f64ToBits);
  });
  return module([
    [
      SECTION.type,
      vec([funcType(params, results), funcType(params.map(bitsType), results.map(bitsType))]),
    ],
    [SECTION.import, vec([[...name('target'), ...name('f'), KIND.func, 0x00]])],
    [SECTION.function, vec([[1]])],
    [SECTION.export, vec([[...name('f'), KIND.func, 1]])],
    [SECTION.code, vec([wasmBody(results, code)])],
  ]);
}

/** Builds (in `store`) the bit-exchanging adapter of `func`. */
export function bitExactAdapter<T>(engine: Engine, store: Store<T>, func: Func): Func {
  const type = func.ty(store);
  const module = Module.new(engine, adapterBytes(type.params, type.results));
  const imports = new Imports();
  imports.define('target', 'f', func);
  const adapter = Instance.new(store, module, imports).getExport(store, 'f');
  if (!(adapter instanceof Func)) throw new Error('the adapter module exports no function');
  return adapter;
}

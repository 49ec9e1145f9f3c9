/**
 * Calling a function with f32/f64 values JS numbers cannot carry. A signalling NaN turns
 * quiet whenever a float crosses into JS, so `Val.f32` cannot hold `nan:0x200000`. As the
 * spec's own JS harness does, such calls go through a small adapter module, built here
 * byte by byte, that imports the function and exchanges every float as its bit pattern
 * (`f32` as `i32`, `f64` as `i64`); the call itself stays wasm-to-wasm and bit-exact.
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

const VALTYPE_BYTE: Record<ValType, number> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
};

const OP = {
  localGet: 0x20,
  localSet: 0x21,
  call: 0x10,
  end: 0x0b,
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

function leb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    bytes.push(byte);
  } while (value);
  return bytes;
}

function vector(items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...leb(bytes.length), ...bytes];
}

function funcType(params: readonly ValType[], results: readonly ValType[]): number[] {
  return [
    0x60,
    ...vector(params.map((t) => [VALTYPE_BYTE[t]])),
    ...vector(results.map((t) => [VALTYPE_BYTE[t]])),
  ];
}

/** The adapter module's bytes for a function of the given signature. */
export function adapterBytes(params: readonly ValType[], results: readonly ValType[]): Uint8Array {
  const body: number[] = [];
  params.forEach((type, index) => {
    body.push(OP.localGet, ...leb(index));
    if (type === 'f32') body.push(OP.f32FromBits);
    if (type === 'f64') body.push(OP.f64FromBits);
  });
  body.push(OP.call, 0);
  // Results arrive on the stack last-on-top: park them in locals, then convert in order.
  for (let i = results.length - 1; i >= 0; i--) body.push(OP.localSet, ...leb(params.length + i));
  results.forEach((type, i) => {
    body.push(OP.localGet, ...leb(params.length + i));
    if (type === 'f32') body.push(OP.f32ToBits);
    if (type === 'f64') body.push(OP.f64ToBits);
  });
  body.push(OP.end);
  const locals = vector(results.map((type) => [1, VALTYPE_BYTE[type]]));
  const code = [...locals, ...body];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vector([funcType(params, results), funcType(params.map(bitsType), results.map(bitsType))]),
    ),
    ...section(2, vector([[...name('target'), ...name('f'), 0x00, 0x00]])),
    ...section(3, vector([[1]])),
    ...section(7, vector([[...name('f'), 0x00, 1]])),
    ...section(10, vector([[...leb(code.length), ...code]])),
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

/**
 * What a page or a Node program does with the two library entries, written against the
 * installed package (`wasm-layer-devtools/runtime`, `wasm-layer-devtools/wasm`) exactly as a
 * user would: a host function called from wasm, and the decoder's view of the same bytes.
 */
import {
  Engine,
  Func,
  FuncType,
  Imports,
  Instance,
  Module,
  Store,
  Val,
  type StoreContextMut,
} from 'wasm-layer-devtools/runtime';
import { decodeExports, decodeModule, printFunction } from 'wasm-layer-devtools/wasm';

/** What one run saw. */
export interface RoundTripReport {
  /** What `quadruple(21)` returned. */
  result: number;
  /** The arguments the host's `double` received, in order (kept in the store's data). */
  hostCalls: number[];
  /** `module.name` of each import, as the decoder read them. */
  imports: string[];
  /** Export names, as the decoder read them. */
  exports: string[];
  /** The first defined function as wasm2wat prints it. */
  text: string;
}

/** Instantiates `bytes` (round-trip.wat) with a host `double` and calls `quadruple(21)`. */
export async function roundTrip(bytes: Uint8Array): Promise<RoundTripReport> {
  const engine = new Engine();
  const store = new Store<number[]>(engine, []);
  try {
    const double = Func.new(
      store,
      new FuncType(['i32'], ['i32']),
      (caller: StoreContextMut<number[]>, [x]) => {
        const value = x.value as number;
        caller.data.push(value);
        return [Val.i32(value * 2)];
      },
    );
    const imports = new Imports();
    imports.define('host', 'double', double);
    const module = await Module.compile(engine, bytes);
    const instance = await Instance.instantiate(store, module, imports);
    const quadruple = instance.getExport(store, 'quadruple');
    if (!(quadruple instanceof Func)) throw new Error('quadruple is not an exported function');
    const [result] = quadruple.call(store, [Val.i32(21)]);

    const info = decodeModule(bytes);
    return {
      result: result.value as number,
      hostCalls: [...store.data],
      imports: info.imports.map((entry) => `${entry.module}.${entry.name}`),
      exports: decodeExports(info).map((entry) => entry.name),
      text: printFunction(info, info.importedFuncs),
    };
  } finally {
    store.dispose();
  }
}

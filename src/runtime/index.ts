/**
 * The runtime layer: the `wasm_runtime_layer` API over the browser's WebAssembly JS API, with
 * type-checked values, store ownership, and a lifetime registry of host functions and leaks.
 * No DOM and no extension API: it runs in a page, a worker, an extension page or Node.
 *
 * @example
 * ```ts
 * const engine = new Engine();
 * using store = new Store(engine, 0);
 * const module = await Module.compile(engine, bytes);
 * const instance = Instance.new(store, module, new Imports());
 * (instance.getExport(store, 'add_one') as Func).call(store, [Val.i32(41)]); // [i32 42]
 * ```
 *
 * @packageDocumentation
 */
export { AnyRef, type AnyRefKind } from './anyref.ts';
export { Engine } from './engine.ts';
export { LayerError, type LayerErrorCode } from './errors.ts';
export { ExnRef } from './exnref.ts';
export { ExternRef } from './externref.ts';
export { Func } from './func.ts';
export { Global } from './global.ts';
export { Imports, isExtern, type Extern } from './imports.ts';
export { Instance } from './instance.ts';
export { Memory } from './memory.ts';
export { Module, type ModuleBytes } from './module.ts';
export {
  LifetimeRegistry,
  type HostFuncSnapshot,
  type HostFuncState,
  type LeakKind,
  type LeakRecord,
  type LifetimeEvent,
  type RegistrySnapshot,
  type ReleasedBy,
  type StoreSnapshot,
} from './registry.ts';
export {
  Store,
  StoreContext,
  StoreContextMut,
  type AsContext,
  type AsContextMut,
} from './store.ts';
export { Table } from './table.ts';
export { Tag } from './tag.ts';
export {
  TypedFunc,
  type TypedCall,
  type TypedParams,
  type TypedResults,
  type TypedValue,
} from './typed-func.ts';
export {
  FuncType,
  GlobalType,
  MemoryType,
  TableType,
  TagType,
  HEAP_TYPES,
  REF_TYPES,
  VAL_TYPES,
  externKindOf,
  externTypesEqual,
  isFuncType,
  isGlobalType,
  isMemoryType,
  isRefType,
  isTableType,
  isTagType,
  isValType,
  refType,
  refTypeParts,
  type AddressType,
  type HeapType,
  type RefFamily,
  type RefTypeParts,
  type ExportType,
  type ExternType,
  type ImportType,
  type GlobalTypeOptions,
  type LimitsOptions,
  type MemoryTypeOptions,
  type RefType,
  type ValType,
} from './types.ts';
export { Val, describeVal, isRef, valEquals, valType, type Ref } from './values.ts';
export { Wobbly, WobblyWeak } from './wobbly.ts';
export {
  ENGINE_PROPOSALS,
  FEATURES_URL,
  engineHasProposal,
  missingFeatures,
  supportedFeatures,
  unsupportedFeaturesMessage,
  type EngineProposal,
} from './features/index.ts';

/**
 * `Instance`: wraps `WebAssembly.Instance`. Linking checks every import against the module's
 * declared type first (so mismatches are `link` errors naming the import and both types), and
 * the instance's exports are typed from the decoded module and owned by the instantiating store.
 */
import { LayerError, describeError } from './errors.ts';
import { Func } from './func.ts';
import type { FuncIndexSpace } from './func-origins.ts';
import { guestError } from './guest-error.ts';
import { Global } from './global.ts';
import { Imports, isExtern, type Extern } from './imports.ts';
import { Memory } from './memory.ts';
import { decodeExports, type ModuleInfo } from '../wasm/index.ts';
import type { Module } from './module.ts';
import { funcTypeOfIndex } from './module-types.ts';
import {
  STATE,
  checkOwner,
  liveState,
  stateFor,
  type AsContext,
  type AsContextMut,
  type Owned,
  type StoreState,
} from './store.ts';
import { Table, rawTableEntries } from './table.ts';
import { Tag } from './tag.ts';
import {
  FuncType,
  GlobalType,
  MemoryType,
  TableType,
  TagType,
  externKindOf,
  type ExternType,
} from './types.ts';

// Tables bigger than this are not scanned for function origins at instantiation.
const ORIGIN_SCAN_LIMIT = 65_536;

function describeExtern(value: Extern): string {
  return `${value.constructor.name.toLowerCase()}`;
}

interface Linked {
  importObject: WebAssembly.Imports;
  /** The extern given for each imported function index. */
  importedFuncs: (Extern | undefined)[];
  tables: Table[];
}

/**
 * Whether a function's identity can leave the instance through a table or a re-export of an
 * imported function, per module: decoding 65,000 exports on every instantiation showed up as
 * tens of milliseconds per `Instance.new`.
 */
const identityEscapes = new WeakMap<ModuleInfo, boolean>();

function identityMayEscape(info: ModuleInfo): boolean {
  let escapes = identityEscapes.get(info);
  if (escapes === undefined) {
    escapes =
      info.elems.length > 0 ||
      decodeExports(info).some((e) => e.kind === 'func' && e.index < info.importedFuncs);
    identityEscapes.set(info, escapes);
  }
  return escapes;
}

function link(state: StoreState, module: Module, imports: Imports): Linked {
  if (!(imports instanceof Imports)) {
    throw new LayerError('type', `Instance.new: expected Imports but found ${String(imports)}`);
  }
  const info = module.info;
  const mayEscape = identityMayEscape(info);
  const declared = new Map(
    module.imports().map((i) => [JSON.stringify([i.module, i.name]), i.type]),
  );
  const importObject: Record<string, Record<string, unknown>> = {};
  const importedFuncs: (Extern | undefined)[] = [];
  const tables: Table[] = [];
  for (const imp of info.imports) {
    const where = `import "${imp.module}" "${imp.name}"`;
    const expected = declared.get(JSON.stringify([imp.module, imp.name])) as ExternType;
    const given = imports.getExport(imp.module, imp.name);
    if (given === undefined || !isExtern(given)) {
      throw new LayerError('link', `${where}: expected ${expected} but found nothing`);
    }
    checkOwner(state, given, () => `${where} (${describeExtern(given)})`);
    const ns = (importObject[imp.module] ??= {});
    // A host function imported with a concrete reference type cannot be its adapter (which
    // has the abstract signature the layer knows); the engine wraps the callable instead.
    const exact = imp.desc.kind === 'func' && usesConcreteRefs(info, imp.desc.typeIndex);
    ns[imp.name] = linkOne(state, where, expected, given, mayEscape && !exact);
    if (imp.desc.kind === 'func') importedFuncs.push(given);
    if (given instanceof Table) tables.push(given);
  }
  return { importObject: importObject as WebAssembly.Imports, importedFuncs, tables };
}

/** Whether function type `typeIndex` has a parameter or result of a concrete reference type. */
function usesConcreteRefs(info: ModuleInfo, typeIndex: number): boolean {
  const composite = info.types[typeIndex]?.composite;
  if (composite?.kind !== 'func') return false;
  return [...composite.params, ...composite.results].some(
    (t) => typeof t === 'object' && typeof t.heap === 'number',
  );
}

function linkOne(
  state: StoreState,
  where: string,
  expected: ExternType,
  given: Extern,
  identityMayEscape: boolean,
): unknown {
  const mismatch = (actual: string) =>
    new LayerError('link', `${where}: expected ${expected} but found ${actual}`);
  if (expected instanceof FuncType) {
    if (!(given instanceof Func)) throw mismatch(describeExtern(given));
    const actual = given.ty(state.caller);
    if (!actual.equals(expected)) throw mismatch(`${given.isHost ? 'host ' : ''}${actual}`);
    return given.importValue(state, identityMayEscape);
  }
  if (expected instanceof GlobalType) {
    if (!(given instanceof Global)) throw mismatch(describeExtern(given));
    const actual = given.ty(state.caller);
    if (
      actual.content !== expected.content ||
      actual.mutable !== expected.mutable ||
      actual.shared !== expected.shared
    )
      throw mismatch(actual.toString());
    return given.toWasm(state);
  }
  if (expected instanceof TagType) {
    if (!(given instanceof Tag)) throw mismatch(describeExtern(given));
    const actual = given.ty(state.caller);
    if (!actual.equals(expected)) throw mismatch(actual.toString());
    return given.toWasm(state);
  }
  if (expected instanceof MemoryType) {
    if (!(given instanceof Memory)) throw mismatch(describeExtern(given));
    const actual = given.ty(state.caller);
    // Limits are the engine's to check (a memory may have grown past the declared minimum);
    // the address type and sharing decide the kind of memory, and only the layer names both.
    if (actual.address !== expected.address || actual.shared !== expected.shared)
      throw mismatch(actual.toString());
    return given.toWasm(state);
  }
  if (!(given instanceof Table)) throw mismatch(describeExtern(given));
  const actual = given.ty(state.caller);
  const table = expected as TableType;
  if (actual.element !== table.element || actual.address !== table.address)
    throw mismatch(actual.toString());
  return given.toWasm(state);
}

function instantiationError(error: unknown, state: StoreState, module: Module): LayerError {
  if (error instanceof LayerError) return error;
  if (
    error instanceof WebAssembly.LinkError ||
    (error instanceof TypeError && /import/i.test(error.message))
  ) {
    return new LayerError(
      'link',
      `Instance.new: the engine refused the imports: ${describeError(error)}`,
      error,
    );
  }
  return guestError(error, state, `Instance.new (module #${module.id}) start function`);
}

/**
 * An instantiated module. Its exports belong to the store it was instantiated in.
 *
 * @example
 * ```ts
 * const instance = Instance.new(store, module, imports);
 * const addOne = instance.getExport(store, 'add_one') as Func;
 * addOne.call(store, [Val.i32(1)]);
 * ```
 */
export class Instance implements Owned, FuncIndexSpace {
  /** @internal */
  readonly [STATE]: StoreState;
  /** Engine-unique id (as in `engine.registry` events). */
  readonly id: number;
  /** For messages: `Instance #3`. */
  readonly label: string;
  readonly #module: Module;
  readonly #exports: WebAssembly.Exports;
  readonly #importedFuncs: (Extern | undefined)[];
  readonly #externs = new Map<string, Extern>();

  private constructor(
    state: StoreState,
    module: Module,
    instance: WebAssembly.Instance,
    linked: Linked,
  ) {
    this[STATE] = state;
    this.#module = module;
    this.#exports = instance.exports;
    this.#importedFuncs = linked.importedFuncs;
    const registry = state.engine.registry;
    this.id = registry.nextId();
    this.label = `Instance #${this.id} of module #${module.id}`;
    registry.track(state.record, this, this.label, registry.stack());
    this.#learnOrigins(state, linked.tables);
    if (registry.listening)
      registry.emit({
        kind: 'instance-created',
        instanceId: this.id,
        storeId: state.id,
        moduleId: module.id,
      });
  }

  /**
   * Instantiates `module` synchronously with `imports`. Fails with `link` for a missing or
   * mismatched import (naming it and both types), `store`/`freed` for an import of another or a
   * disposed store, `trap` when the start function traps, `host` when a host function it calls
   * throws.
   */
  static new(ctx: AsContextMut, module: Module, imports: Imports): Instance {
    const state = liveState(ctx as AsContext<unknown>, 'Instance.new');
    const linked = link(state, module, imports);
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(module.compiled, linked.importObject);
    } catch (error) {
      throw instantiationError(error, state, module);
    }
    return new Instance(state, module, instance, linked);
  }

  /** Instantiates asynchronously; fails like {@link Instance.new}. */
  static async instantiate(ctx: AsContextMut, module: Module, imports: Imports): Promise<Instance> {
    const state = liveState(ctx as AsContext<unknown>, 'Instance.instantiate');
    const linked = link(state, module, imports);
    let instance: WebAssembly.Instance;
    try {
      instance = await WebAssembly.instantiate(module.compiled, linked.importObject);
    } catch (error) {
      throw instantiationError(error, state, module);
    }
    return new Instance(state, module, instance, linked);
  }

  /** The module this instance was made from. */
  get module(): Module {
    return this.#module;
  }

  /**
   * Returns every export as `{ name, value }`, in declaration order. Fails with `store`/`freed`.
   *
   * @example
   * ```ts
   * for (const { name, value } of instance.exports(store)) console.log(name, value);
   * ```
   */
  exports(ctx: AsContext): { name: string; value: Extern }[] {
    const state = stateFor(ctx, this, () => this.label);
    return [...this.#module.exportEntries].map(({ name }) => ({
      name,
      value: this.#extern(state, name) as Extern,
    }));
  }

  /** Returns export `name`, or undefined. Fails with `store`/`freed`. */
  getExport(ctx: AsContext, name: string): Extern | undefined {
    const state = stateFor(ctx, this, () => this.label);
    return this.#extern(state, name);
  }

  /** @internal {@link FuncIndexSpace}: function `index` of this instance, if `fn` can be it. */
  funcAt(state: StoreState, fn: CallableFunction, index: number): Func | undefined {
    const imported = this.#importedFuncs[index];
    if (imported instanceof Func) return imported;
    const ty = funcTypeOfIndex(this.#module.info, index);
    // An exported function's `length` is its parameter count: a cheap guard against a function
    // of another instance that happens to carry an index-like name.
    if (ty === undefined || fn.length !== ty.params.length) return undefined;
    state.engine.origins.set(fn, { kind: 'guest', type: ty, instanceId: this.id });
    return Func.fromGuest(state, fn, ty, this);
  }

  #extern(state: StoreState, name: string): Extern | undefined {
    const cached = this.#externs.get(name);
    if (cached !== undefined) return cached;
    const entry = this.#module.exportEntry(name);
    if (entry === undefined) return undefined;
    const raw = this.#exports[name];
    const where = `${this.label} export "${name}"`;
    let extern: Extern;
    const ty = entry.type;
    const expect = (ok: boolean, what: string) => {
      if (!ok)
        throw new LayerError(
          'type',
          `${where}: expected WebAssembly.${what} but found ${typeof raw}`,
        );
    };
    switch (externKindOf(ty)) {
      case 'func': {
        expect(typeof raw === 'function', 'Function');
        const fn = raw as CallableFunction;
        const origin = state.engine.origins.get(fn);
        extern =
          origin?.kind === 'host' ? origin.func : Func.fromGuest(state, fn, ty as FuncType, this);
        break;
      }
      case 'global':
        expect(raw instanceof WebAssembly.Global, 'Global');
        extern = Global.fromWasm(state, raw as WebAssembly.Global, ty as GlobalType, this, name);
        break;
      case 'memory':
        expect(raw instanceof WebAssembly.Memory, 'Memory');
        extern = Memory.fromWasm(state, raw as WebAssembly.Memory, ty as MemoryType, name);
        break;
      case 'table':
        expect(raw instanceof WebAssembly.Table, 'Table');
        extern = Table.fromWasm(state, raw as WebAssembly.Table, ty as TableType, this, name);
        break;
      case 'tag':
        expect(typeof raw === 'object' && raw !== null, 'Tag');
        extern = Tag.fromWasm(state, raw as object, ty as TagType, name);
        break;
    }
    this.#externs.set(name, extern);
    return extern;
  }

  // Records the type of every function this instance exposes, so funcrefs read later (from any
  // table or global of the engine) can be typed.
  #learnOrigins(state: StoreState, importedTables: Table[]): void {
    const origins = state.engine.origins;
    const info = this.#module.info;
    for (const entry of this.#module.exportEntries) {
      const raw = this.#exports[entry.name];
      if (entry.type instanceof FuncType && typeof raw === 'function' && !origins.has(raw)) {
        origins.set(raw, { kind: 'guest', type: entry.type, instanceId: this.id });
      }
    }
    const tables: WebAssembly.Table[] = importedTables.map((t) => t.toWasm(state));
    for (const entry of this.#module.exportEntries) {
      const raw = this.#exports[entry.name];
      if (raw instanceof WebAssembly.Table) tables.push(raw);
    }
    for (const table of tables) {
      for (const fn of rawTableEntries(table, ORIGIN_SCAN_LIMIT)) {
        if (typeof fn !== 'function' || origins.has(fn) || !/^(0|[1-9][0-9]*)$/.test(fn.name))
          continue;
        const index = Number(fn.name);
        const imported = this.#importedFuncs[index];
        if (imported instanceof Func && imported.isHost) {
          origins.set(fn, { kind: 'host', func: imported });
          continue;
        }
        const ty = funcTypeOfIndex(info, index);
        if (ty !== undefined && fn.length === ty.params.length)
          origins.set(fn, { kind: 'guest', type: ty, instanceId: this.id });
      }
    }
  }
}

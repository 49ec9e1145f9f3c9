/**
 * One sandbox session: the runtime layer (its public API only) with the stores, modules and
 * instances the user made, as a plain service that runs in a dedicated worker of the panel (or
 * in a test's own thread). Imports are provided automatically: a function import becomes a
 * host function that logs each call and returns what the user set (or traps with the user's
 * message), other imports are made from their declared types, WASI imports come from the WASI
 * shim, and any import can be wired to another instance's export instead. Everything it hands
 * the panel is plain data; objects are named by handles (see `handles.ts`).
 */
import {
  AnyRef,
  Engine,
  ExnRef,
  ExternRef,
  Func,
  Global,
  Imports,
  Instance,
  LayerError,
  Memory,
  MemoryType,
  Module,
  Store,
  Table,
  TableType,
  Tag,
  TagType,
  isFuncType,
  refTypeParts,
  supportedFeatures,
  type TypedFunc,
  type Extern,
  type FuncType,
  type ImportType,
  type LimitsOptions,
  type RefType,
  type RegistrySnapshot,
  type Val,
  type ValType,
} from '../../../runtime/index.ts';
import {
  externText,
  zeroOf,
  type CallOutcome,
  type FailureInfo,
  type FuncDetail,
  type GlobalState,
  type HostBehavior,
  type ImportProvider,
  type ImportSource,
  type InstanceSummary,
  type InstantiateOutcome,
  type LiveWindow,
  type MemoryWindow,
  type ModuleSummary,
  type SandboxEnvironment,
  type SandboxVal,
  type TableWindow,
  type WasiConfig,
  type WasiFileSummary,
  type WatchWindow,
} from '../../../protocol/sandbox/index.ts';
import { EventBatcher, type EmitEvent } from './event-batcher.ts';
import { externSummary, moduleSummary } from './extern-summaries.ts';
import { failureOf } from './failures.ts';
import { HandleTable, type HandleTarget } from './handles.ts';
import { WasiFiles, WasiProcess, exitCodeOf } from './wasi-host.ts';
import { toRuntimeVal, toWireVal } from './wire-values.ts';

/** A failure of a sandbox method the panel can act on (an unknown handle, a disposed store). */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

interface LoadedModule {
  module: Module;
  summary: ModuleSummary;
}

interface StoreEntry {
  store: Store<null>;
  disposed: boolean;
}

/** What a host function standing for an import does, with its results already converted. */
interface Binding {
  behavior: HostBehavior;
  results: Val[];
}

interface InstanceEntry {
  instance: Instance;
  storeId: number;
  module: Module;
  summary: InstanceSummary;
  /** Host functions of `auto` function imports, by import index. */
  bindings: Map<number, Binding>;
}

/** Who a host function logs its calls as. */
interface HostMeta {
  /** The instance, once instantiation finished (0 while its start function runs). */
  owner: { instanceId: number };
  importIndex: number;
  name: string;
}

interface Run {
  started: number;
  hostCalls: number;
}

/** A host function made for an import, until its instance is known. */
interface PendingHostFunc {
  funcId: number;
  func: Func;
  importIndex: number;
  name: string;
}

/** Rounds of collection `collectGarbage` runs: the registry's reachability check needs two. */
const COLLECTION_ROUNDS = 3;
/** Scratch memory allocated per round to invite a collection where `gc()` is not exposed. */
const INVITE_BYTES = 128 * 1024 * 1024;

/** Lets queued tasks (finalizers among them) run. */
function yieldTurns(turns: number): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < turns; i++)
    chain = chain.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  return chain;
}

/** The engine's `gc()`, when exposed (`--expose-gc`). */
function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}

/**
 * Allocates and drops scratch memory: engines count external memory (array buffers) towards
 * their next full collection, so this usually brings one about. It cannot force one.
 */
function inviteCollection(): void {
  const chunks: ArrayBuffer[] = [];
  for (let size = 0; size < INVITE_BYTES; size += 8 * 1024 * 1024) {
    const chunk = new ArrayBuffer(8 * 1024 * 1024);
    new Uint8Array(chunk)[0] = 1;
    chunks.push(chunk);
  }
  chunks.length = 0;
}

const isFunc = (t: HandleTarget): t is Func => t instanceof Func;
const isTable = (t: HandleTarget): t is Table => t instanceof Table;
const isGlobal = (t: HandleTarget): t is Global => t instanceof Global;
const isMemory = (t: HandleTarget): t is Memory => t instanceof Memory;

/** A `TypedFunc`'s plain results (none, one bare, or an array) as tagged values of `types`. */
function valsOf(raw: unknown, types: readonly ValType[]): Val[] {
  const list = types.length === 1 ? [raw] : types.length === 0 ? [] : (raw as unknown[]);
  return types.map((type, i) => {
    const family = refTypeParts(type)?.family;
    return { type: family ?? type, value: list[i] } as Val;
  });
}

/** Default WASI process when the panel gives none. */
const DEFAULT_WASI: WasiConfig = { args: ['main.wasm'], env: [] };

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The sandbox's state and methods; see the file comment. */
/** What a run of guest code came to: its value, or its error (a failure or a WASI exit). */
interface GuestRun<T> {
  value?: T;
  error?: unknown;
  failure?: FailureInfo;
  exitCode?: number;
  durationMs: number;
  hostCalls: number;
}

export class SandboxSession {
  readonly engine = new Engine();
  readonly #handles = new HandleTable();
  readonly #modules = new Map<number, LoadedModule>();
  readonly #stores = new Map<number, StoreEntry>();
  readonly #instances = new Map<number, InstanceEntry>();
  readonly #funcModules = new WeakMap<Func, Module>();
  /** Calls go through `TypedFunc`: the signature is checked once per function, not per call. */
  readonly #typed = new WeakMap<Func, TypedFunc>();
  readonly #files = new WasiFiles();
  readonly #batcher: EventBatcher;
  readonly #unsubscribe: () => void;
  #watches: WatchWindow[] = [];
  /** Each memory handle's size when last looked at (to report `memory.grow` as events). */
  readonly #memorySizes = new Map<number, number>();
  #run: Run | null = null;
  /** The import whose host function threw last (for the failure's `hostImport`). */
  #failedImport: string | null = null;
  /**
   * Function types learnt while their store lived: a call after the store was disposed goes to
   * the runtime's own checks (which flag the leak) instead of failing on `ty()` first.
   */
  readonly #funcTypes = new WeakMap<Func, FuncType>();
  /** The import each host function of the sandbox serves (`env.log`). */
  readonly #hostNames = new WeakMap<Func, string>();
  /** The registry id of the host function `Func.new` made last (its event is synchronous). */
  #lastHostFuncId = 0;
  /** Host functions made for the instantiation in progress. */
  #pendingHostFuncs: PendingHostFunc[] = [];

  constructor(emit: EmitEvent) {
    this.#batcher = new EventBatcher(emit, () => this.engine.registry.snapshot());
    this.#unsubscribe = this.engine.registry.subscribe((event) => {
      if (event.kind === 'host-func-created') this.#lastHostFuncId = event.funcId;
      this.#batcher.registryEvent(event);
    });
  }

  /** Marks a method's start: events it queues go out at its end. */
  enterMethod(): void {
    this.#batcher.enterMethod();
  }

  /** Marks a method's end and sends its events, with a registry snapshot when asked. */
  leaveMethod(withSnapshot: boolean): void {
    this.#batcher.leaveMethod(withSnapshot ? this.engine.registry.snapshot() : null);
  }

  /** Stops listening to the registry and drops queued events. */
  close(): void {
    this.#unsubscribe();
    this.#batcher.close();
  }

  /** What this engine can do here. */
  environment(): SandboxEnvironment {
    let sharedMemory = false;
    try {
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
      sharedMemory = true;
    } catch {
      // Refused: not cross-origin isolated, or no threads in this engine.
    }
    return {
      crossOriginIsolated:
        (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
      sharedMemory,
      features: [...supportedFeatures()],
      userAgent: typeof navigator === 'undefined' ? 'unknown' : String(navigator.userAgent),
      canForceGc: exposedGc() !== undefined,
    };
  }

  /** Compiles `bytes`; fails with the runtime's `decode`/`compile`/`unsupported` error. */
  async loadModule(bytes: ArrayBuffer, name: string): Promise<ModuleSummary> {
    const module = await Module.compile(this.engine, new Uint8Array(bytes));
    const summary = moduleSummary(module, name);
    this.#modules.set(module.id, { module, summary });
    return summary;
  }

  /** A new store, named by its registry id. */
  createStore(): number {
    const store = new Store(this.engine, null);
    this.#stores.set(store.id, { store, disposed: false });
    return store.id;
  }

  /**
   * Disposes store `storeId`, freeing its host functions. Its handles are dropped too unless
   * `keepHandles`: then the panel still holds its objects (and can see calls on them fail with
   * `freed`, and the registry flag them as reachable after dispose).
   */
  disposeStore(storeId: number, keepHandles = false): void {
    const entry = this.#storeEntry(storeId);
    entry.store.dispose();
    entry.disposed = true;
    for (const [id, instance] of this.#instances) {
      if (instance.storeId === storeId && !keepHandles) this.#instances.delete(id);
    }
    if (!keepHandles) {
      this.#handles.dropStore(storeId);
      this.#stores.delete(storeId);
    }
  }

  /**
   * Instantiates module `moduleId` in store `storeId` with one provider per import (in the
   * order of the module's imports). A provider that cannot be made, and a link the runtime
   * refuses, fail naming the import; the start function's trap fails with its frames.
   */
  instantiate(
    storeId: number,
    moduleId: number,
    providers: readonly ImportProvider[],
    wasiConfig: WasiConfig | null,
  ): InstantiateOutcome {
    const { store } = this.#liveStore(storeId);
    const loaded = this.#loaded(moduleId);
    const declared = loaded.module.imports();
    if (providers.length !== declared.length) {
      throw new SandboxError(
        'invalid-imports',
        `module #${moduleId} has ${declared.length} import(s) but ${providers.length} provider(s) were given`,
      );
    }
    const owner = { instanceId: 0 };
    this.#pendingHostFuncs = [];
    try {
      return this.#instantiate(storeId, store, moduleId, loaded, providers, wasiConfig, owner);
    } finally {
      this.#announceHostFuncs(storeId, owner.instanceId);
    }
  }

  #instantiate(
    storeId: number,
    store: Store<null>,
    moduleId: number,
    loaded: LoadedModule,
    providers: readonly ImportProvider[],
    wasiConfig: WasiConfig | null,
    owner: { instanceId: number },
  ): InstantiateOutcome {
    const declared = loaded.module.imports();
    let wasi: WasiProcess | null = null;
    if (providers.some((p) => p.kind === 'wasi')) {
      wasi = new WasiProcess(wasiConfig ?? DEFAULT_WASI, this.#files, (stream, text) =>
        this.#batcher.console(owner.instanceId, stream, text),
      );
    }
    const imports = new Imports();
    const given: { index: number; extern: Extern; source: ImportSource }[] = [];
    const bindings = new Map<number, Binding>();
    for (let index = 0; index < declared.length; index++) {
      const decl = declared[index];
      const provider = providers[index];
      let extern: Extern;
      try {
        extern = this.#provide(
          store,
          storeId,
          decl,
          provider,
          { owner, importIndex: index, name: `${decl.module}.${decl.name}` },
          wasi,
          bindings,
        );
      } catch (error) {
        return {
          kind: 'failed',
          failure: {
            code: error instanceof LayerError ? error.code : 'link',
            message: `import "${decl.module}" "${decl.name}" (${externText(externSummary(decl.type))}): ${describeError(error)}`,
            cause: null,
            hostImport: null,
            frames: [],
          },
          durationMs: 0,
          hostCalls: 0,
        };
      }
      imports.define(decl.module, decl.name, extern);
      if (extern instanceof Func) this.#funcTypes.set(extern, extern.ty(store));
      given.push({
        index,
        extern,
        source:
          provider.kind === 'auto' ? (isFuncType(decl.type) ? 'host' : 'created') : provider.kind,
      });
    }
    const run = this.#runGuest(loaded.module, () => Instance.new(store, loaded.module, imports));
    if (run.error !== undefined || run.value === undefined) {
      return {
        kind: 'failed',
        failure: run.failure as FailureInfo,
        durationMs: run.durationMs,
        hostCalls: run.hostCalls,
      };
    }
    const instance = run.value;
    owner.instanceId = instance.id;
    const memory = instance.getExport(store, 'memory');
    if (wasi && memory instanceof Memory) wasi.attach({ memory, ctx: store });
    const summary: InstanceSummary = {
      instanceId: instance.id,
      storeId,
      moduleId,
      exports: loaded.module.exports().map((exp) => {
        const extern = instance.getExport(store, exp.name) as Extern;
        if (extern instanceof Func) {
          this.#funcModules.set(extern, loaded.module);
          this.#funcTypes.set(extern, extern.ty(store));
        }
        return {
          name: exp.name,
          type: externSummary(exp.type),
          handle: this.#handles.intern(extern, storeId, `${exp.name} of instance #${instance.id}`),
        };
      }),
      imports: given.map(({ index, extern, source }) => ({
        index,
        module: declared[index].module,
        name: declared[index].name,
        type: externSummary(declared[index].type),
        source,
        handle: this.#handles.intern(
          extern,
          storeId,
          `import ${declared[index].module}.${declared[index].name} of instance #${instance.id}`,
        ),
      })),
    };
    this.#instances.set(instance.id, {
      instance,
      storeId,
      module: loaded.module,
      summary,
      bindings,
    });
    return {
      kind: 'instantiated',
      instance: summary,
      durationMs: run.durationMs,
      hostCalls: run.hostCalls,
    };
  }

  /** Changes what the host function for import `importIndex` of `instanceId` does from now on. */
  setBehavior(instanceId: number, importIndex: number, behavior: HostBehavior): void {
    const entry = this.#instanceEntry(instanceId);
    const binding = entry.bindings.get(importIndex);
    const decl = entry.module.imports()[importIndex];
    if (!binding || !decl || !isFuncType(decl.type)) {
      throw new SandboxError(
        'unknown-import',
        `import ${importIndex} of instance #${instanceId} is not a host function of the sandbox`,
      );
    }
    binding.results = this.#presetResults(behavior, decl.type.results, decl.name);
    binding.behavior = behavior;
  }

  /** Calls function `handle` with `args`; a trap, a host failure or `proc_exit` is an outcome. */
  call(handle: number, args: readonly SandboxVal[]): CallOutcome {
    const func = this.#target(handle, isFunc, 'a function');
    const storeId = this.#handles.storeOf(handle) as number;
    const { store, disposed } = this.#storeEntry(storeId);
    const module = this.#funcModules.get(func);
    if (disposed) return this.#callAfterDispose(func, store, storeId, module, args);
    let typed: TypedFunc;
    let plain: Val['value'][];
    let results: readonly ValType[];
    try {
      const ty = this.#funcTypes.get(func) ?? func.ty(store);
      if (args.length !== ty.params.length) {
        throw new SandboxError(
          'type',
          `${func}: expected ${ty.params.length} argument(s) but found ${args.length}`,
        );
      }
      plain = args.map(
        (arg, i) =>
          toRuntimeVal(
            arg,
            ty.params[i],
            this.#handles,
            `argument ${i} of ${ty.name ?? 'the function'}`,
          ).value,
      );
      typed = this.#typedOf(func, store);
      results = ty.results;
    } catch (error) {
      return this.#refusedCall(error, module);
    }
    const run = this.#runGuest(module, () => valsOf(typed.call(store, ...plain), results));
    return this.#callOutcome(run, storeId, true);
  }

  /** A call refused before it ran (wrong arguments, a freed function). */
  #refusedCall(error: unknown, module: Module | undefined): CallOutcome {
    return {
      kind: 'failed',
      failure: failureOf(error, this.#moduleList(), module, null),
      durationMs: 0,
      hostCalls: 0,
    };
  }

  /** A call's outcome from its run: how it exited, why it failed, or its results. */
  #callOutcome(run: GuestRun<Val[]>, storeId: number, owned: boolean): CallOutcome {
    const timing = { durationMs: run.durationMs, hostCalls: run.hostCalls };
    if (run.exitCode !== undefined) return { kind: 'exited', code: run.exitCode, ...timing };
    if (run.failure || run.value === undefined)
      return { kind: 'failed', failure: run.failure as FailureInfo, ...timing };
    return {
      kind: 'returned',
      results: run.value.map((v) => this.#wire(v, storeId, owned)),
      ...timing,
    };
  }

  /**
   * A call on a function whose store was disposed (the panel kept its handle): it goes through
   * `Func.call`'s own checks, so the runtime says what went wrong and the registry flags it (a
   * host function's call after free, a guest function's use after dispose).
   */
  #callAfterDispose(
    func: Func,
    store: Store<null>,
    storeId: number,
    module: Module | undefined,
    args: readonly SandboxVal[],
  ): CallOutcome {
    const ty = this.#funcTypes.get(func);
    let vals: Val[];
    try {
      if (!ty)
        throw new SandboxError(
          'freed',
          `${func}: its store was disposed before the sandbox read its type`,
        );
      if (args.length !== ty.params.length) {
        throw new SandboxError(
          'type',
          `${func}: expected ${ty.params.length} argument(s) but found ${args.length}`,
        );
      }
      vals = args.map((arg, i) => toRuntimeVal(arg, ty.params[i], this.#handles, `argument ${i}`));
    } catch (error) {
      return this.#refusedCall(error, module);
    }
    const run = this.#runGuest(module, () => func.call(store, vals));
    // The runtime refuses every call on a disposed store; a result would be its bug, shown as is.
    return this.#callOutcome(run, storeId, false);
  }

  /** A new host reference (`ExternRef.new`) in store `storeId` carrying `label`. */
  createExternRef(storeId: number, label: string): { handle: number; label: string } {
    const { store } = this.#liveStore(storeId);
    const ref = ExternRef.new(store, { label });
    const text = `ExternRef "${label}"`;
    return { handle: this.#handles.intern(ref, storeId, text), label: text };
  }

  /** Drops the panel's handle `handle` (the object may then be collected). */
  dropHandle(handle: number): void {
    if (!this.#handles.drop(handle))
      throw new SandboxError('unknown-handle', `handle ${handle} is not known`);
  }

  /**
   * Forgets instance `instanceId` and drops its handles that no other instance names; returns
   * the handles dropped. Nothing is disposed (see `SandboxApi.dropInstance`).
   */
  dropInstance(instanceId: number): number[] {
    const entry = this.#instanceEntry(instanceId);
    this.#instances.delete(instanceId);
    const stillNamed = new Set<number>();
    for (const other of this.#instances.values()) {
      for (const e of other.summary.exports) stillNamed.add(e.handle);
      for (const i of other.summary.imports) stillNamed.add(i.handle);
    }
    const dropped: number[] = [];
    for (const handle of [
      ...entry.summary.exports.map((e) => e.handle),
      ...entry.summary.imports.map((i) => i.handle),
    ]) {
      if (!stillNamed.has(handle) && this.#handles.drop(handle)) dropped.push(handle);
    }
    return dropped;
  }

  /**
   * Forgets store `storeId` without disposing it: its instances and handles go, so the store
   * can be collected (and flagged as not disposed). Returns the handles dropped.
   */
  forgetStore(storeId: number): number[] {
    this.#storeEntry(storeId);
    this.#stores.delete(storeId);
    for (const [id, instance] of this.#instances) {
      if (instance.storeId === storeId) this.#instances.delete(id);
    }
    return this.#handles.dropStore(storeId);
  }

  /** Lets the collector run (see `SandboxApi.collectGarbage`). */
  async collectGarbage(): Promise<{ forced: boolean }> {
    const gc = exposedGc();
    for (let round = 0; round < COLLECTION_ROUNDS; round++) {
      if (gc) gc();
      else inviteCollection();
      // Finalizers run as tasks of their own: let them, so this round's findings are queued.
      await yieldTurns(5);
    }
    return { forced: gc !== undefined };
  }

  /** The windows to push during long calls. */
  watch(windows: WatchWindow[]): void {
    this.#watches = windows;
  }

  /** Bytes `offset … offset + length - 1` of memory `handle`, clamped to its size. */
  readMemory(handle: number, offset: number, length: number): MemoryWindow {
    const { memory, store } = this.#memory(handle);
    const bytes = memory.data(store);
    const start = Math.min(offset, bytes.length);
    const end = Math.min(bytes.length, start + length);
    return { size: bytes.length, offset: start, bytes: bytes.slice(start, end).buffer };
  }

  /**
   * A view of memory `handle`'s bytes as they are now (no copy), for searches and snapshots
   * in the worker; fails as `readMemory` does when the handle names no memory.
   */
  memoryBytes(handle: number): Uint8Array {
    const { memory, store } = this.#memory(handle);
    return memory.data(store);
  }

  /** The handles that name memories, of store `storeId` or of every store. */
  memoryHandles(storeId?: number): number[] {
    const found: number[] = [];
    for (const entry of this.#handles.entries()) {
      if (isMemory(entry.target) && (storeId === undefined || entry.storeId === storeId))
        found.push(entry.handle);
    }
    return found;
  }

  /** Writes `bytes` at `offset` of memory `handle`; fails with `bounds` outside it. */
  writeMemory(handle: number, offset: number, bytes: ArrayBuffer): { size: number } {
    const { memory, store } = this.#memory(handle);
    memory.write(store, offset, new Uint8Array(bytes));
    return { size: memory.data(store).length };
  }

  /** Entries `start … start + count - 1` of table `handle`, clamped to its size. */
  readTable(handle: number, start: number, count: number): TableWindow {
    const table = this.#target(handle, isTable, 'a table');
    const storeId = this.#handles.storeOf(handle) as number;
    const { store } = this.#liveStore(storeId);
    const size = table.size(store);
    const entries: TableWindow['entries'] = [];
    for (let index = start; index < Math.min(size, start + count); index++) {
      let value: SandboxVal;
      let func: FuncDetail | undefined;
      try {
        const ref = table.get(store, index);
        value =
          ref === undefined ? zeroOf(table.ty(store).element) : this.#wire(ref, storeId, false);
        if (ref?.value instanceof Func) func = this.#funcDetail(ref.value, store);
      } catch (error) {
        // A function whose type the layer cannot know, an exnref: say so in the entry.
        value = {
          ...zeroOf(table.ty(store).element),
          label: describeError(error).slice(0, 500),
        } as SandboxVal;
      }
      entries.push(func ? { index, value, func } : { index, value });
    }
    return { size, element: table.ty(store).element, entries };
  }

  /** Sets entry `index` of table `handle`. */
  setTableEntry(handle: number, index: number, value: SandboxVal): void {
    const table = this.#target(handle, isTable, 'a table');
    const { store } = this.#liveStore(this.#handles.storeOf(handle) as number);
    const element = table.ty(store).element;
    table.set(store, index, toRuntimeVal(value, element, this.#handles, `entry ${index}`) as never);
  }

  /** The current value of each global of `handles`. */
  readGlobals(handles: readonly number[]): GlobalState[] {
    return handles.map((handle) => this.#globalState(handle));
  }

  /** Sets global `handle` (mutable ones only: `immutable` error otherwise). */
  setGlobal(handle: number, value: SandboxVal): GlobalState {
    const global = this.#target(handle, isGlobal, 'a global');
    const { store } = this.#liveStore(this.#handles.storeOf(handle) as number);
    global.set(store, toRuntimeVal(value, global.ty(store).content, this.#handles, 'the global'));
    return this.#globalState(handle);
  }

  /** The files of the WASI directory. */
  wasiFiles(): WasiFileSummary[] {
    return this.#files.list();
  }

  /** Puts a file into the WASI directory. */
  putWasiFile(path: string, bytes: ArrayBuffer): WasiFileSummary[] {
    this.#files.put(path, new Uint8Array(bytes));
    return this.#files.list();
  }

  /** A file of the WASI directory (a copy). */
  readWasiFile(path: string): ArrayBuffer {
    const bytes = this.#files.read(path);
    if (!bytes) throw new SandboxError('unknown-file', `no file ${path} in the WASI directory`);
    return bytes.slice().buffer;
  }

  /** Removes a file or directory of the WASI directory. */
  removeWasiFile(path: string): WasiFileSummary[] {
    if (!this.#files.remove(path))
      throw new SandboxError('unknown-file', `no file ${path} in the WASI directory`);
    return this.#files.list();
  }

  /** The registry's state now. */
  registrySnapshot(): RegistrySnapshot {
    return this.engine.registry.snapshot();
  }

  // ---- imports ---------------------------------------------------------------------------

  #provide(
    store: Store<null>,
    storeId: number,
    decl: ImportType,
    provider: ImportProvider,
    meta: HostMeta,
    wasi: WasiProcess | null,
    bindings: Map<number, Binding>,
  ): Extern {
    const ty = decl.type;
    switch (provider.kind) {
      case 'export': {
        const source = this.#instances.get(provider.instanceId);
        if (!source)
          throw new SandboxError(
            'unknown-instance',
            `instance #${provider.instanceId} does not exist`,
          );
        if (source.storeId !== storeId) {
          throw new SandboxError(
            'store',
            `instance #${provider.instanceId} is in store #${source.storeId}, not #${storeId}: imports come from the same store`,
          );
        }
        const extern = source.instance.getExport(store, provider.name);
        if (!extern)
          throw new SandboxError(
            'link',
            `instance #${provider.instanceId} has no export "${provider.name}"`,
          );
        return extern;
      }
      case 'wasi': {
        if (!isFuncType(ty) || !wasi)
          throw new SandboxError('link', 'only function imports can come from WASI');
        const body = wasi.body(decl.name, ty.results.length);
        return this.#hostFunc(store, storeId, ty, meta, body);
      }
      case 'auto':
        break;
    }
    if (isFuncType(ty)) {
      const binding: Binding = {
        behavior: provider.behavior,
        results: this.#presetResults(provider.behavior, ty.results, decl.name),
      };
      bindings.set(meta.importIndex, binding);
      return this.#hostFunc(store, storeId, ty, meta, () => {
        if (binding.behavior.kind === 'trap') throw new Error(binding.behavior.message);
        return binding.results;
      });
    }
    const summary = externSummary(ty);
    switch (summary.kind) {
      case 'memory': {
        const options = {
          address: summary.address,
          ...(summary.shared ? { shared: true } : {}),
        } as LimitsOptions;
        return Memory.new(
          store,
          new MemoryType(summary.initial, summary.maximum ?? undefined, options),
        );
      }
      case 'table': {
        const element = summary.element as RefType;
        const tableType = new TableType(element, summary.minimum, summary.maximum ?? undefined, {
          address: summary.address,
        });
        return Table.new(
          store,
          tableType,
          toRuntimeVal(zeroOf(element), element, this.#handles, 'the initial entry') as never,
        );
      }
      case 'global': {
        const content = summary.content as ValType;
        const initial = provider.initial ?? zeroOf(content);
        return Global.new(
          store,
          toRuntimeVal(initial, content, this.#handles, 'the initial value'),
          summary.mutable,
        );
      }
      case 'tag':
        return Tag.new(store, new TagType(summary.params as ValType[]));
      default:
        throw new SandboxError('link', `cannot make a ${summary.kind}`);
    }
  }

  #presetResults(behavior: HostBehavior, results: readonly ValType[], name: string): Val[] {
    if (behavior.kind === 'trap') return [];
    const values = results.map((type, i) => behavior.values[i] ?? zeroOf(type));
    return values.map((value, i) =>
      toRuntimeVal(value, results[i], this.#handles, `result ${i} of ${name}`),
    );
  }

  /** A host function that runs `body`, logs the call and lets the panel see progress. */
  #hostFunc(
    store: Store<null>,
    storeId: number,
    ty: ImportType['type'] & { params: readonly ValType[]; results: readonly ValType[] },
    meta: HostMeta,
    body: (args: readonly Val[]) => readonly Val[],
  ): Func {
    const batcher = this.#batcher;
    const func = Func.new(store, ty as never, (_caller, args) => {
      const started = performance.now();
      if (this.#run) this.#run.hostCalls++;
      let results: readonly Val[] | null = null;
      let trap: string | null = null;
      try {
        results = body(args);
        return results;
      } catch (error) {
        const code = exitCodeOf(error);
        trap = code === undefined ? describeError(error) : `proc_exit(${code})`;
        this.#failedImport = meta.name;
        throw error;
      } finally {
        if (batcher.wantsCallLog()) {
          batcher.hostCall({
            instanceId: meta.owner.instanceId,
            importIndex: meta.importIndex,
            name: meta.name,
            args: args.map((arg) => this.#wire(arg, storeId, false)),
            results: results === null ? null : results.map((r) => this.#wire(r, storeId, false)),
            trap,
            durationMs: performance.now() - started,
          });
        } else batcher.countCall();
        this.#tick();
      }
    });
    this.#hostNames.set(func, meta.name);
    this.#pendingHostFuncs.push({
      funcId: this.#lastHostFuncId,
      func,
      importIndex: meta.importIndex,
      name: meta.name,
    });
    return func;
  }

  /** Tells the panel which import each host function of the last instantiation serves. */
  #announceHostFuncs(storeId: number, instanceId: number): void {
    for (const pending of this.#pendingHostFuncs) {
      this.#batcher.hostFuncOrigin({
        funcId: pending.funcId,
        storeId,
        instanceId: instanceId === 0 ? null : instanceId,
        importIndex: pending.importIndex,
        name: pending.name,
        handle: this.#handles.find(pending.func) ?? null,
      });
    }
    // The panel's handles keep them alive, not this list.
    this.#pendingHostFuncs = [];
  }

  /** What the sandbox can say of `func`: its type, and where it is defined or what it serves. */
  #funcDetail(func: Func, store: Store<null>): FuncDetail {
    const ty = func.ty(store);
    this.#funcTypes.set(func, ty);
    if (func.isHost) {
      const name = this.#hostNames.get(func) ?? ty.name ?? null;
      return { type: ty.toString(), host: true, moduleId: null, funcIndex: null, name };
    }
    const definition = func.definition;
    const instance = definition ? this.#instances.get(definition.instanceId) : undefined;
    const module = instance?.module;
    return {
      type: ty.toString(),
      host: false,
      moduleId: module?.id ?? null,
      funcIndex: definition?.index ?? null,
      name:
        module && definition
          ? (module.info.names.functions.get(definition.index) ?? ty.name ?? null)
          : (ty.name ?? null),
    };
  }

  // ---- running guest code -----------------------------------------------------------------

  #runGuest<T>(module: Module | undefined, body: () => T): GuestRun<T> {
    const run: Run = { started: performance.now(), hostCalls: 0 };
    this.#run = run;
    this.#failedImport = null;
    this.#batcher.startRun();
    this.#checkGrowth(false);
    try {
      const value = body();
      return { value, durationMs: performance.now() - run.started, hostCalls: run.hostCalls };
    } catch (error) {
      const durationMs = performance.now() - run.started;
      const exitCode = exitCodeOf(error);
      if (exitCode !== undefined) return { error, exitCode, durationMs, hostCalls: run.hostCalls };
      return {
        error,
        failure: failureOf(error, this.#moduleList(), module, this.#failedImport),
        durationMs,
        hostCalls: run.hostCalls,
      };
    } finally {
      this.#run = null;
      this.#checkGrowth(true);
      // The watched windows as the run left them go ahead of its answer: the panel's views
      // show them without a second round trip.
      const { windows, transfer } = this.#watchedWindows();
      this.#batcher.live(
        {
          elapsedMs: performance.now() - run.started,
          hostCalls: run.hostCalls,
          windows,
          final: true,
        },
        transfer,
      );
    }
  }

  /**
   * Compares each memory's size with the last one seen and queues the changes as
   * `memory-grown` (when `report`; else it only takes note, before guest code runs). Guest
   * code's `memory.grow` has no hook, so sizes are looked at around runs and at each push.
   */
  #checkGrowth(report: boolean): void {
    const grown: { handle: number; from: number; to: number }[] = [];
    const seen = new Set<number>();
    for (const entry of this.#handles.entries()) {
      if (!isMemory(entry.target)) continue;
      seen.add(entry.handle);
      const store = this.#stores.get(entry.storeId);
      if (!store || store.disposed) continue;
      const size = entry.target.data(store.store).length;
      const before = this.#memorySizes.get(entry.handle);
      if (before !== undefined && before !== size && report)
        grown.push({ handle: entry.handle, from: before, to: size });
      this.#memorySizes.set(entry.handle, size);
    }
    for (const handle of this.#memorySizes.keys())
      if (!seen.has(handle)) this.#memorySizes.delete(handle);
    this.#batcher.memoryGrown(grown);
  }

  /** Inside a host call: at most every 100 ms, send what is queued and the watched windows. */
  #tick(): void {
    const run = this.#run;
    if (!run) return;
    const now = performance.now();
    if (!this.#batcher.liveDue(now)) return;
    this.#checkGrowth(true);
    this.#batcher.flush();
    // Sent even with nothing watched: the panel shows the call's progress (time, host calls).
    const { windows, transfer } = this.#watchedWindows();
    this.#batcher.live(
      { elapsedMs: now - run.started, hostCalls: run.hostCalls, windows },
      transfer,
    );
  }

  /** The watched windows as they are now, with the buffers to move. */
  #watchedWindows(): { windows: LiveWindow[]; transfer: Transferable[] } {
    const windows: LiveWindow[] = [];
    const transfer: Transferable[] = [];
    for (const watch of this.#watches) {
      try {
        if (watch.kind === 'memory') {
          const window = this.readMemory(watch.handle, watch.offset, watch.length);
          windows.push({
            kind: 'memory',
            handle: watch.handle,
            offset: window.offset,
            size: window.size,
            bytes: window.bytes,
          });
          transfer.push(window.bytes);
        } else if (watch.kind === 'table') {
          windows.push({
            kind: 'table',
            handle: watch.handle,
            window: this.readTable(watch.handle, watch.start, watch.count),
          });
        } else {
          windows.push({ kind: 'globals', globals: this.readGlobals(watch.handles) });
        }
      } catch {
        // A watched object that is gone (its store disposed) is skipped, not an error.
      }
    }
    return { windows, transfer };
  }

  // ---- lookups ----------------------------------------------------------------------------

  #typedOf(func: Func, store: Store<null>): TypedFunc {
    let typed = this.#typed.get(func);
    if (!typed) {
      const ty = func.ty(store);
      typed = func.typed(store, ty.params, ty.results);
      this.#typed.set(func, typed);
    }
    return typed;
  }

  #moduleList(): Module[] {
    return [...this.#modules.values()].map((m) => m.module);
  }

  #loaded(moduleId: number): LoadedModule {
    const loaded = this.#modules.get(moduleId);
    if (!loaded) throw new SandboxError('unknown-module', `module #${moduleId} is not loaded`);
    return loaded;
  }

  #storeEntry(storeId: number): StoreEntry {
    const entry = this.#stores.get(storeId);
    if (!entry)
      throw new SandboxError(
        'unknown-store',
        `store #${storeId} does not exist (disposed, or never made)`,
      );
    return entry;
  }

  /**
   * The entry of a store that was not disposed; `freed` otherwise. The panel's own reads and
   * edits (memory, tables, globals) check this before touching the runtime: they are not the
   * program's uses, so the registry must not flag them as uses after dispose.
   */
  #liveStore(storeId: number): StoreEntry {
    const entry = this.#storeEntry(storeId);
    if (entry.disposed) throw new SandboxError('freed', `store #${storeId} was disposed`);
    return entry;
  }

  #instanceEntry(instanceId: number): InstanceEntry {
    const entry = this.#instances.get(instanceId);
    if (!entry)
      throw new SandboxError('unknown-instance', `instance #${instanceId} does not exist`);
    return entry;
  }

  #target<T extends HandleTarget>(
    handle: number,
    kind: (target: HandleTarget) => target is T,
    what: string,
  ): T {
    const target = this.#handles.get(handle);
    if (target === undefined)
      throw new SandboxError(
        'unknown-handle',
        `handle ${handle} is not known (dropped, or its store disposed)`,
      );
    if (!kind(target))
      throw new SandboxError('type', `${this.#handles.label(handle)} is not ${what}`);
    return target;
  }

  #memory(handle: number): { memory: Memory; store: Store<null> } {
    const memory = this.#target(handle, isMemory, 'a memory');
    return { memory, store: this.#liveStore(this.#handles.storeOf(handle) as number).store };
  }

  #globalState(handle: number): GlobalState {
    const global = this.#target(handle, isGlobal, 'a global');
    const storeId = this.#handles.storeOf(handle) as number;
    const { store } = this.#liveStore(storeId);
    const ty = global.ty(store);
    let value: SandboxVal | null;
    try {
      value = this.#wire(global.get(store), storeId, false);
    } catch {
      value = null;
    }
    return {
      handle,
      name: this.#handles.label(handle),
      content: ty.content,
      mutable: ty.mutable,
      value,
    };
  }

  #wire(value: Val, storeId: number, keep: boolean): SandboxVal {
    const entry = this.#stores.get(storeId);
    return toWireVal(
      value,
      this.#handles,
      storeId,
      (ref) => this.#labelOf(ref, entry?.store),
      keep,
    );
  }

  #labelOf(ref: Func | ExternRef | AnyRef | ExnRef, store: Store<null> | undefined): string {
    if (ref instanceof Func || ref instanceof ExnRef) return ref.toString();
    if (ref instanceof ExternRef) {
      if (ref.opaque || !store || store.disposed) return 'ExternRef (a host value from wasm)';
      const payload = ref.downcast(store) as { label?: unknown } | null;
      return typeof payload?.label === 'string' ? `ExternRef "${payload.label}"` : 'ExternRef';
    }
    try {
      return store && !store.disposed ? `anyref ${ref.kind(store)}` : 'anyref';
    } catch {
      return 'anyref';
    }
  }
}

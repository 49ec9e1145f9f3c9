/**
 * The lifetime registry: plain-data bookkeeping of stores, host functions and leaks for one
 * engine, streamed to subscribers (the panel). It wraps no JS API object and never holds the
 * objects it describes: records are numbers and strings, and reachability is watched through
 * `WeakRef` and `FinalizationRegistry` only.
 */

/** Lifecycle of a host function's closure. */
export type HostFuncState = 'live' | 'released' | 'freed';

/**
 * Who released a host function's closure: its store (`dispose`, `intoData`, or the store being
 * collected), its `Func` (never in TS: a `Func` is not dropped explicitly), or the garbage
 * collector after the callable wasm sees became unreachable.
 */
export type ReleasedBy = 'store' | 'func' | 'gc';

/** A store as the registry sees it. */
export interface StoreSnapshot {
  /** Engine-unique store id. */
  id: number;
  /** True once `dispose()`/`intoData()` ran, or the store was collected without them. */
  disposed: boolean;
  /** True when the store was garbage-collected without `dispose()` (a leak). */
  collected: boolean;
  /** Host functions created in the store. */
  hostFuncs: number;
}

/** A host function as the registry sees it. */
export interface HostFuncSnapshot {
  /** Engine-unique host function id. */
  id: number;
  /** The store that created it. */
  storeId: number;
  /** Its signature, displayed (`func(i32) -> i32`). */
  type: string;
  /** `live` while callable; `released` when its callable was collected; `freed` with its store. */
  state: HostFuncState;
  /** Set once the state is not `live`. */
  releasedBy?: ReleasedBy;
  /** Calls that reached the closure. */
  calls: number;
  /** Calls attempted after the closure was freed. */
  callsAfterFree: number;
  /**
   * Members of the closure's two-member wobbly group dropped so far: the store's (when the store
   * is disposed or collected) and the callable's (when the callable wasm sees is collected). The
   * first drop frees the closure; the group's bookkeeping (a shared flag and counts) is held
   * until both are gone, so `1` means a freed closure whose bookkeeping is still held.
   */
  membersDropped: 0 | 1 | 2;
}

/**
 * The kind of a leak record.
 *
 * - `store-not-disposed`: a store was garbage-collected without `dispose()`.
 * - `used-after-dispose`: an object was used after its store was disposed.
 * - `host-call-after-free`: a host function was called after its closure was freed.
 * - `reachable-after-dispose`: an object was still reachable after its store was disposed and a
 *   garbage collection ran.
 */
export type LeakKind =
  'store-not-disposed' | 'used-after-dispose' | 'host-call-after-free' | 'reachable-after-dispose';

/** One flagged leak. */
export interface LeakRecord {
  /** What happened. */
  kind: LeakKind;
  /** The object, described (`Store #3`, `Func #7 func(i32) -> i32`, `Memory #2 …`). */
  object: string;
  /** The owning store. */
  storeId: number;
  /** Where the object was created (empty when stack capture is off). */
  stack: string;
}

/** Everything the registry knows at one moment; plain data, safe to structured-clone. */
export interface RegistrySnapshot {
  /** Live stores, then the most recently retired ones (bounded by `historyLimit`). */
  stores: StoreSnapshot[];
  /** Host functions of live stores, then the most recently retired ones. */
  hostFuncs: HostFuncSnapshot[];
  /** Leaks flagged so far (bounded by `leakLimit`, oldest dropped first). */
  leaks: LeakRecord[];
  /** Counts over the engine's whole life, unaffected by the history bounds. */
  totals: {
    stores: number;
    storesDisposed: number;
    hostFuncs: number;
    hostFuncsLive: number;
    leaks: number;
  };
}

/**
 * An event streamed to {@link LifetimeRegistry.subscribe} listeners. Events carry ids and text,
 * never objects, so a listener cannot keep anything alive.
 */
export type LifetimeEvent =
  | { kind: 'store-created'; storeId: number }
  | { kind: 'store-disposed'; storeId: number; by: 'dispose' | 'intoData' | 'gc' }
  | { kind: 'module-compiled'; moduleId: number; size: number; imports: number; exports: number }
  | { kind: 'instance-created'; instanceId: number; storeId: number; moduleId: number }
  | { kind: 'host-func-created'; funcId: number; storeId: number; type: string }
  | { kind: 'host-func-called'; funcId: number; storeId: number; afterFree: boolean }
  | { kind: 'host-func-released'; funcId: number; storeId: number; by: ReleasedBy }
  /** The callable of a host function was collected: its member of the wobbly group dropped. */
  | { kind: 'host-func-collected'; funcId: number; storeId: number }
  | { kind: 'guest-call'; storeId: number; func: string }
  | { kind: 'trap'; storeId: number; func: string; message: string }
  | { kind: 'memory-grown'; storeId: number; from: number; to: number }
  | { kind: 'table-grown'; storeId: number; from: number; to: number }
  | { kind: 'global-set'; storeId: number; value: string }
  | { kind: 'leak'; leak: LeakRecord };

/** @internal Mutable record behind a {@link StoreSnapshot}. */
export interface StoreRecord extends StoreSnapshot {
  stack: string;
  hostFuncRecords: HostFuncRecord[];
  tracked: TrackedObject[];
  trackedSinceCompaction: number;
  sentinels: [object, object] | undefined;
}

/** @internal Mutable record behind a {@link HostFuncSnapshot}. */
export interface HostFuncRecord extends Omit<HostFuncSnapshot, 'membersDropped'> {
  stack: string;
  flaggedAfterFree: boolean;
  /** The store's member of the group dropped (its store disposed or collected). */
  storeMemberDropped: boolean;
  /** The callable's member of the group dropped (the callable was collected). */
  callableCollected: boolean;
}

interface SentinelStage {
  record: StoreRecord;
  next: object | undefined;
}

interface TrackedObject {
  ref: WeakRef<object>;
  label: string;
  stack: string;
}

/**
 * Bookkeeping of one engine's stores, host functions and leaks, for tools and tests.
 *
 * @example
 * ```ts
 * const stop = engine.registry.subscribe((event) => console.log(event.kind));
 * const snap = engine.registry.snapshot();
 * console.log(snap.hostFuncs.filter((f) => f.state === 'live').length, snap.leaks);
 * ```
 */
export class LifetimeRegistry {
  /** Capture the creation stack of stores and objects for leak records (costs a stack trace). */
  captureStacks = true;
  /** How many retired stores and host functions snapshots keep. */
  historyLimit = 256;
  /** How many leak records are kept. */
  leakLimit = 10_000;

  readonly #liveStores = new Map<number, StoreRecord>();
  #retiredStores: StoreRecord[] = [];
  #retiredHostFuncs: HostFuncRecord[] = [];
  #leaks: LeakRecord[] = [];
  readonly #listeners = new Set<(event: LifetimeEvent) => void>();
  #nextId = 1;
  #totals = { stores: 0, storesDisposed: 0, hostFuncs: 0, hostFuncsLive: 0, leaks: 0 };
  // Proof that a collection ran after a store's disposal. Each store gets two sentinel objects
  // at creation, so they are at least as old as its objects: a collection that frees a sentinel
  // can also free any of them (a minor one cannot free an old object while freeing a young
  // sentinel). The first sentinel is released at disposal; the second only once the first is
  // collected, in a later job, because a `WeakRef` keeps its target alive until the end of the
  // job that created it, which may be the job that disposed the store.
  readonly #collectionSentinels = new FinalizationRegistry<SentinelStage>((stage) => {
    if (stage.next === undefined) {
      this.#checkReachable(stage.record);
      return;
    }
    this.#collectionSentinels.register(stage.next, { record: stage.record, next: undefined });
  });

  /**
   * Returns a plain-data copy of the current state.
   *
   * @example
   * ```ts
   * const { stores, hostFuncs, leaks } = engine.registry.snapshot();
   * ```
   */
  snapshot(): RegistrySnapshot {
    const stores: StoreSnapshot[] = [];
    const hostFuncs: HostFuncSnapshot[] = [];
    for (const record of [...this.#liveStores.values(), ...this.#retiredStores]) {
      stores.push(storeSnapshot(record));
    }
    for (const record of this.#liveStores.values()) {
      for (const f of record.hostFuncRecords) hostFuncs.push(hostFuncSnapshot(f));
    }
    for (const f of this.#retiredHostFuncs) hostFuncs.push(hostFuncSnapshot(f));
    return {
      stores,
      hostFuncs,
      leaks: this.#leaks.map((leak) => ({ ...leak })),
      totals: { ...this.#totals },
    };
  }

  /**
   * Calls `listener` with every event from now on; returns the function that unsubscribes it.
   * A listener that throws is skipped for that event; the runtime is never disturbed.
   *
   * @example
   * ```ts
   * const stop = engine.registry.subscribe((e) => e.kind === 'leak' && console.warn(e.leak));
   * stop();
   * ```
   */
  subscribe(listener: (event: LifetimeEvent) => void): () => void {
    this.#listeners.add(listener);
    this.listening = true;
    return () => {
      this.#listeners.delete(listener);
      this.listening = this.#listeners.size > 0;
    };
  }

  /** Forgets retired records and leaks (live stores stay). */
  clearHistory(): void {
    this.#retiredStores = [];
    this.#retiredHostFuncs = [];
    this.#leaks = [];
  }

  /**
   * @internal True when someone listens; hot paths test this plain field before building an
   * event.
   */
  listening = false;

  /** @internal */
  emit(event: LifetimeEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken panel must not break the program it inspects.
      }
    }
  }

  /** @internal A fresh engine-unique id for stores, modules, instances and objects. */
  nextId(): number {
    return this.#nextId++;
  }

  /** @internal Creation stack of the caller's caller, or '' when capture is off. */
  stack(): string {
    if (!this.captureStacks) return '';
    const text = new Error().stack ?? '';
    // Drop "Error" and the runtime's own frames so the stack starts in user code.
    return text
      .split('\n')
      .slice(1)
      .filter((line) => !line.includes('/src/runtime/'))
      .join('\n');
  }

  /** @internal */
  storeCreated(): StoreRecord {
    const record: StoreRecord = {
      id: this.nextId(),
      disposed: false,
      collected: false,
      hostFuncs: 0,
      stack: this.stack(),
      hostFuncRecords: [],
      tracked: [],
      trackedSinceCompaction: 0,
      sentinels: [{}, {}],
    };
    this.#liveStores.set(record.id, record);
    this.#totals.stores++;
    if (this.listening) this.emit({ kind: 'store-created', storeId: record.id });
    return record;
  }

  /** @internal Marks the store disposed, frees its host functions and arms the reachability check. */
  storeDisposed(record: StoreRecord, by: 'dispose' | 'intoData' | 'gc'): void {
    if (record.disposed) return;
    record.disposed = true;
    record.collected = by === 'gc';
    this.#totals.storesDisposed++;
    for (const f of record.hostFuncRecords) {
      f.storeMemberDropped = true;
      if (f.state === 'live') this.hostFuncReleased(f, 'store');
    }
    this.#liveStores.delete(record.id);
    this.#retiredStores.unshift(record);
    // A loop, not a spread: a store may own more host functions than a call can take arguments.
    for (let i = record.hostFuncRecords.length - 1; i >= 0; i--)
      this.#retiredHostFuncs.unshift(record.hostFuncRecords[i]);
    this.#trimHistory();
    if (this.listening) this.emit({ kind: 'store-disposed', storeId: record.id, by });
    if (by === 'gc') {
      this.leak({
        kind: 'store-not-disposed',
        object: `Store #${record.id}`,
        storeId: record.id,
        stack: record.stack,
      });
      record.tracked = [];
    } else if (record.tracked.length > 0 && record.sentinels !== undefined) {
      const [first, second] = record.sentinels;
      this.#collectionSentinels.register(first, { record, next: second });
    }
    record.sentinels = undefined;
  }

  /** @internal Watches `object` so that it is flagged if it outlives its store's disposal. */
  track(record: StoreRecord, object: object, label: string, stack: string): void {
    record.tracked.push({ ref: new WeakRef(object), label, stack });
    // Long-lived stores create many short-lived objects: drop dead entries now and then.
    if (
      ++record.trackedSinceCompaction > 1024 &&
      record.trackedSinceCompaction > record.tracked.length
    ) {
      record.tracked = record.tracked.filter((t) => t.ref.deref() !== undefined);
      record.trackedSinceCompaction = 0;
    }
  }

  /** @internal */
  hostFuncCreated(store: StoreRecord, type: string, stack: string): HostFuncRecord {
    const record: HostFuncRecord = {
      id: this.nextId(),
      storeId: store.id,
      type,
      state: 'live',
      calls: 0,
      callsAfterFree: 0,
      stack,
      flaggedAfterFree: false,
      storeMemberDropped: false,
      callableCollected: false,
    };
    store.hostFuncRecords.push(record);
    store.hostFuncs++;
    this.#totals.hostFuncs++;
    this.#totals.hostFuncsLive++;
    if (this.listening)
      this.emit({ kind: 'host-func-created', funcId: record.id, storeId: store.id, type });
    return record;
  }

  /** @internal */
  hostFuncReleased(record: HostFuncRecord, by: ReleasedBy): void {
    if (record.state !== 'live') return;
    record.state = by === 'store' ? 'freed' : 'released';
    record.releasedBy = by;
    this.#totals.hostFuncsLive--;
    if (this.listening)
      this.emit({ kind: 'host-func-released', funcId: record.id, storeId: record.storeId, by });
  }

  /**
   * @internal The callable of a host function was collected (before or after its store was
   * disposed): its member of the wobbly group is dropped.
   */
  hostFuncCallableCollected(record: HostFuncRecord): void {
    if (record.callableCollected) return;
    record.callableCollected = true;
    if (this.listening)
      this.emit({ kind: 'host-func-collected', funcId: record.id, storeId: record.storeId });
  }

  /** @internal Counts a call that found the closure gone, and flags it once per function. */
  hostFuncCalledAfterFree(record: HostFuncRecord): void {
    record.callsAfterFree++;
    if (this.listening)
      this.emit({
        kind: 'host-func-called',
        funcId: record.id,
        storeId: record.storeId,
        afterFree: true,
      });
    if (record.flaggedAfterFree) return;
    record.flaggedAfterFree = true;
    this.leak({
      kind: 'host-call-after-free',
      object: `host Func #${record.id} ${record.type}`,
      storeId: record.storeId,
      stack: record.stack,
    });
  }

  /** @internal */
  leak(record: LeakRecord): void {
    this.#leaks.push(record);
    this.#totals.leaks++;
    if (this.#leaks.length > this.leakLimit) this.#leaks.shift();
    if (this.listening) this.emit({ kind: 'leak', leak: { ...record } });
  }

  #checkReachable(record: StoreRecord): void {
    for (const t of record.tracked) {
      if (t.ref.deref() === undefined) continue;
      this.leak({
        kind: 'reachable-after-dispose',
        object: t.label,
        storeId: record.id,
        stack: t.stack,
      });
    }
    record.tracked = [];
  }

  #trimHistory(): void {
    if (this.#retiredStores.length > this.historyLimit)
      this.#retiredStores.length = this.historyLimit;
    if (this.#retiredHostFuncs.length > this.historyLimit)
      this.#retiredHostFuncs.length = this.historyLimit;
  }
}

function storeSnapshot(r: StoreRecord): StoreSnapshot {
  return { id: r.id, disposed: r.disposed, collected: r.collected, hostFuncs: r.hostFuncs };
}

function hostFuncSnapshot(r: HostFuncRecord): HostFuncSnapshot {
  const snap: HostFuncSnapshot = {
    id: r.id,
    storeId: r.storeId,
    type: r.type,
    state: r.state,
    calls: r.calls,
    callsAfterFree: r.callsAfterFree,
    membersDropped: ((r.storeMemberDropped ? 1 : 0) + (r.callableCollected ? 1 : 0)) as 0 | 1 | 2,
  };
  if (r.releasedBy !== undefined) snap.releasedBy = r.releasedBy;
  return snap;
}

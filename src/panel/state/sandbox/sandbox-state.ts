/**
 * The sandbox area of the store: one sandbox session (a dedicated worker running the runtime
 * layer) shared by every open module. It keeps what the views show (the stores, instances,
 * call history, console, host-call log, registry snapshot and events, WASI files) and runs
 * every action through the worker. Guest code runs under a time limit: past it, or when the
 * user presses Stop, the worker is terminated, the session is `lost` (its stores, instances and
 * memories gone) and `restart()` starts again, re-making the stores and instances it had.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { DecodeApi } from '../../../protocol/decode/index.ts';
import { MAX_BYTES_PER_WINDOW } from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import type {
  CallOutcome,
  GlobalState,
  HostBehavior,
  HostCallLog,
  ImportProvider,
  InstanceSummary,
  InstantiateOutcome,
  LiveBatch,
  ModuleSummary,
  SandboxApi,
  SandboxEnvironment,
  SandboxEvents,
  SandboxTopic,
  SandboxVal,
  TableWindow,
  WasiConfig,
  WasiFileSummary,
  WatchWindow,
} from '../../../protocol/sandbox/index.ts';
import type { LifetimeEvent, RegistrySnapshot } from '../../../runtime/index.ts';
import type { ModuleDocument } from '../documents/index.ts';
import type { KeyValueStorage } from '../environment.ts';
import { SandboxConnection, type SandboxWorker } from './connection.ts';
import { createLifetimeLog, type LifetimeLog } from './lifetime-log.ts';
import { SandboxMemorySource } from './memory-source.ts';
import { formatValue, type KnownRef } from './value-text.ts';

/** The time limit when the user set none, in milliseconds. */
export const DEFAULT_TIME_LIMIT_MS = 10_000;
/** Console lines kept (older ones scroll away). */
export const MAX_CONSOLE_LINES = 5000;
/** Host-call log entries and registry events kept. */
export const MAX_LOG_ENTRIES = 5000;
const TIME_LIMIT_KEY = 'wasm-layer.sandbox-time-limit';

/** Where the session is. */
export type SessionStatus = 'stopped' | 'starting' | 'ready' | 'busy' | 'lost';

/** A module loaded into the session, from an open document. */
export interface SandboxModule {
  /** The panel document it came from. */
  docId: string;
  title: string;
  summary: ModuleSummary;
}

/** A store of the session. */
export interface SandboxStore {
  storeId: number;
  disposed: boolean;
  /**
   * Whether the panel holds the store's handles: `dropped` after a dispose that did not keep
   * them, or after the panel let go of the store without disposing it (`forgetStore`).
   */
  handles: 'held' | 'dropped';
}

/** An instance of the session. */
export interface SandboxInstance {
  summary: InstanceSummary;
  docId: string;
  title: string;
}

/** One call the user made, with its outcome once it came. */
export interface CallRecord {
  id: number;
  docId: string;
  instanceId: number;
  exportName: string;
  args: SandboxVal[];
  /** Null while it runs, and when the session was lost during it. */
  outcome: CallOutcome | null;
  /** Why there is no outcome (the session was stopped, the worker refused). */
  error: string | null;
  startedAt: number;
  endedAt: number | null;
}

/** One line of the console. */
export interface ConsoleLine {
  id: number;
  kind: 'stdout' | 'stderr' | 'host' | 'exit' | 'info' | 'error';
  instanceId: number | null;
  text: string;
}

/** Guest code running now. */
export interface RunningWork {
  label: string;
  startedAt: number;
  /** From the worker's live pushes. */
  hostCalls: number;
}

/** Why the session is gone. */
export interface LostSession {
  reason: string;
  /** How many stores and instances went with it. */
  stores: number;
  instances: number;
}

/** Old → new ids after `restart()`. */
export interface RestartMap {
  stores: Map<number, number>;
  instances: Map<number, number>;
}

/** A step that made the session's state, replayed by `restart()`. */
type SetupStep =
  | { kind: 'store'; storeId: number }
  | {
      kind: 'instantiate';
      storeId: number;
      docId: string;
      providers: ImportProvider[];
      wasi: WasiConfig | null;
      instanceId: number;
    };

/** What the sandbox area needs from the store. */
export interface SandboxDependencies {
  createWorker(): SandboxWorker;
  decoder(): RpcClient<DecodeApi>;
  storage: KeyValueStorage;
  /** Finds an open document by its panel id (for restarting). */
  document(docId: string): ModuleDocument | undefined;
}

/** The sandbox area of the store. */
export interface SandboxState {
  readonly status: Signal<SessionStatus>;
  readonly lost: Signal<LostSession | null>;
  readonly environment: Signal<SandboxEnvironment | null>;
  readonly timeLimitMs: Signal<number>;
  readonly running: Signal<RunningWork | null>;
  readonly modules: Signal<SandboxModule[]>;
  readonly stores: Signal<SandboxStore[]>;
  readonly instances: Signal<SandboxInstance[]>;
  readonly history: Signal<CallRecord[]>;
  readonly console: Signal<ConsoleLine[]>;
  readonly hostCalls: Signal<HostCallLog[]>;
  /** Host calls counted but not logged one by one. */
  readonly hostCallsUnlogged: Signal<number>;
  readonly registry: Signal<RegistrySnapshot | null>;
  readonly registryEvents: Signal<LifetimeEvent[]>;
  /** When each store and host function got where it is, and the import each serves. */
  readonly lifetimes: LifetimeLog;
  /** Handles the panel dropped (one by one, or with their instance or store). */
  readonly droppedHandles: Signal<ReadonlySet<number>>;
  readonly wasiFiles: Signal<WasiFileSummary[]>;
  /** WASI arguments (shell-like words) and environment (`NAME=value` lines), as typed. */
  readonly wasiArgs: Signal<string>;
  readonly wasiEnv: Signal<string>;
  /** References the user can pass (`#n`): exported functions, created and returned refs. */
  readonly knownRefs: ReadonlySignal<KnownRef[]>;
  /** Bumped after each run of guest code and each live push: views re-read what they show. */
  readonly revision: Signal<number>;
  /** The last live push during a long call. */
  readonly live: Signal<LiveBatch | null>;

  /** Starts the worker if none runs. */
  start(): Promise<void>;
  /** Terminates the worker now (the Stop button); the session becomes `lost`. */
  stop(reason?: string): void;
  /**
   * A fresh worker with the stores and instances of the lost (or running) session re-made.
   * Resolves with the old → new store and instance ids.
   */
  restart(): Promise<RestartMap>;
  setTimeLimit(ms: number): void;
  /** Loads `doc`'s module into the session (once). */
  loadDocument(doc: ModuleDocument): Promise<SandboxModule>;
  createStore(): Promise<number>;
  disposeStore(storeId: number, keepHandles?: boolean): Promise<void>;
  instantiate(
    doc: ModuleDocument,
    storeId: number,
    providers: ImportProvider[],
  ): Promise<InstantiateOutcome>;
  /** Calls export `exportName` of `instanceId` and records it in the history. */
  call(instanceId: number, exportName: string, args: SandboxVal[]): Promise<CallRecord>;
  setBehavior(instanceId: number, importIndex: number, behavior: HostBehavior): Promise<void>;
  createExternRef(storeId: number, label: string): Promise<number>;
  dropHandle(handle: number): Promise<void>;
  /** Lets go of an instance: forgets it and drops its handles; nothing is disposed. */
  dropInstance(instanceId: number): Promise<void>;
  /**
   * Lets go of a store without disposing it (once collected, the registry flags it); for a
   * store disposed with its handles kept, drops those handles.
   */
  forgetStore(storeId: number): Promise<void>;
  /** Lets the collector run in the sandbox; resolves with whether it could be forced. */
  collectGarbage(): Promise<{ forced: boolean }>;
  /**
   * Calls the function with `handle` (any the panel holds: an export, a host function, a
   * returned funcref), under the time limit, without adding it to a module's history.
   */
  callHandle(handle: number, label: string, args: SandboxVal[]): Promise<CallOutcome>;
  readGlobals(handles: number[]): Promise<GlobalState[]>;
  setGlobal(handle: number, value: SandboxVal): Promise<GlobalState>;
  readTable(handle: number, start: number, count: number): Promise<TableWindow>;
  setTableEntry(handle: number, index: number, value: SandboxVal): Promise<void>;
  /**
   * Asks the worker to push `window` (a table's entries, globals' values) during long calls,
   * under `key`; null stops it. The pushes arrive in `live`. Sent before the next run.
   */
  watch(key: string, window: WatchWindow | null): void;
  /** The memory with `handle` as a {@link SandboxMemorySource} (one per handle). */
  memorySource(handle: number, label: string, is64: boolean): SandboxMemorySource;
  putFiles(files: Iterable<File>): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  removeFile(path: string): Promise<void>;
  clearConsole(): void;
  /** The worker's client, once started (for the lifetimes view's own requests). */
  client(): RpcClient<SandboxApi> | null;
  /** Ends the worker and forgets everything. */
  dispose(): void;
}

let nextRecordId = 1;
let nextLineId = 1;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Splits WASI arguments like a shell: words, with "double" or 'single' quotes. */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

/** The WASI configuration from the typed fields. */
export function wasiConfigOf(args: string, env: string, fallbackName: string): WasiConfig {
  const words = splitArgs(args);
  return {
    args: words.length > 0 ? words : [fallbackName],
    env: env
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.includes('=')),
  };
}

/** Fetches the whole module of `doc` from the decode worker, a window at a time. */
async function moduleBytes(
  decoder: RpcClient<DecodeApi>,
  doc: ModuleDocument,
): Promise<ArrayBuffer> {
  const docId = doc.docId.peek();
  if (!docId) throw new Error(`${doc.title} is not open yet`);
  const bytes = new Uint8Array(doc.size);
  for (let offset = 0; offset < doc.size; offset += MAX_BYTES_PER_WINDOW) {
    const length = Math.min(MAX_BYTES_PER_WINDOW, doc.size - offset);
    const window = await decoder.call(
      'bytes',
      { docId, offset, length },
      { signal: doc.abort.signal },
    );
    bytes.set(new Uint8Array(window), offset);
  }
  return bytes.buffer;
}

/** Creates the sandbox area. */
export function createSandboxState(deps: SandboxDependencies): SandboxState {
  const status = signal<SessionStatus>('stopped');
  const lost = signal<LostSession | null>(null);
  const environment = signal<SandboxEnvironment | null>(null);
  const storedLimit = Number(deps.storage.get(TIME_LIMIT_KEY));
  const timeLimitMs = signal(
    Number.isFinite(storedLimit) && storedLimit >= 100 ? storedLimit : DEFAULT_TIME_LIMIT_MS,
  );
  const running = signal<RunningWork | null>(null);
  const modules = signal<SandboxModule[]>([]);
  const stores = signal<SandboxStore[]>([]);
  const instances = signal<SandboxInstance[]>([]);
  const history = signal<CallRecord[]>([]);
  const consoleLines = signal<ConsoleLine[]>([]);
  const hostCalls = signal<HostCallLog[]>([]);
  const hostCallsUnlogged = signal(0);
  const registry = signal<RegistrySnapshot | null>(null);
  const registryEvents = signal<LifetimeEvent[]>([]);
  const lifetimes = createLifetimeLog();
  const droppedHandles = signal<ReadonlySet<number>>(new Set());
  const wasiFiles = signal<WasiFileSummary[]>([]);
  const wasiArgs = signal('');
  const wasiEnv = signal('');
  const revision = signal(0);
  const live = signal<LiveBatch | null>(null);
  const createdRefs = signal<KnownRef[]>([]);

  const knownRefs = computed<KnownRef[]>(() => {
    const refs = new Map<number, KnownRef>();
    for (const instance of instances.value) {
      for (const exp of instance.summary.exports) {
        if (exp.type.kind === 'func')
          refs.set(exp.handle, {
            handle: exp.handle,
            family: 'funcref',
            label: `${exp.name} of instance #${instance.summary.instanceId}`,
          });
      }
    }
    for (const ref of createdRefs.value) refs.set(ref.handle, ref);
    for (const record of history.value) {
      if (record.outcome?.kind !== 'returned') continue;
      for (const value of record.outcome.results) {
        if ('ref' in value && value.ref !== null)
          refs.set(value.ref, {
            handle: value.ref,
            family: value.type,
            label: value.label ?? value.type,
          });
      }
    }
    return [...refs.values()].sort((a, b) => a.handle - b.handle);
  });

  let connection: SandboxConnection | null = null;
  let starting: Promise<SandboxConnection> | null = null;
  let setup: SetupStep[] = [];
  let inFlight = 0;
  /** Numbers the runs of guest code: a memory view's "changed by the last call" spans one. */
  let runSeq = 0;
  /** Numbers the workers started: memory sources of a new one get new ids. */
  let sessionSeq = 0;
  let currentRun: number | undefined;
  const memorySources = new Map<number, SandboxMemorySource>();
  const watches = new Map<string, WatchWindow>();
  let watchSent = '';
  /** Open console lines (no newline yet), by instance and stream. */
  const openLines = new Map<string, number>();

  // ---- events ------------------------------------------------------------------------------

  const appendConsole = (lines: Omit<ConsoleLine, 'id'>[]): void => {
    if (lines.length === 0) return;
    const next = [...consoleLines.peek(), ...lines.map((line) => ({ ...line, id: nextLineId++ }))];
    consoleLines.value = next.length > MAX_CONSOLE_LINES ? next.slice(-MAX_CONSOLE_LINES) : next;
  };

  const onConsole = (payload: SandboxEvents['console']): void => {
    const current = [...consoleLines.peek()];
    for (const chunk of payload.chunks) {
      const key = `${chunk.instanceId}:${chunk.stream}`;
      const pieces = chunk.text.split('\n');
      pieces.forEach((piece, i) => {
        const last = i === pieces.length - 1;
        if (last && piece === '') return;
        const openId = openLines.get(key);
        const open = openId === undefined ? -1 : current.findIndex((line) => line.id === openId);
        if (open >= 0) current[open] = { ...current[open], text: current[open].text + piece };
        else
          current.push({
            id: nextLineId++,
            kind: chunk.stream,
            instanceId: chunk.instanceId,
            text: piece,
          });
        if (last) openLines.set(key, current.at(-1)?.id as number);
        else openLines.delete(key);
      });
    }
    consoleLines.value =
      current.length > MAX_CONSOLE_LINES ? current.slice(-MAX_CONSOLE_LINES) : current;
  };

  const onHostCalls = (payload: SandboxEvents['host-calls']): void => {
    batch(() => {
      if (payload.calls.length > 0) {
        const next = [...hostCalls.peek(), ...payload.calls];
        hostCalls.value = next.length > MAX_LOG_ENTRIES ? next.slice(-MAX_LOG_ENTRIES) : next;
        appendConsole(
          payload.calls.map((call) => ({
            kind: 'host' as const,
            instanceId: call.instanceId,
            text: `${call.name}(${call.args.map((a) => formatValue(a).text).join(', ')})${
              call.trap !== null
                ? ` ✕ ${call.trap}`
                : call.results && call.results.length > 0
                  ? ` → ${call.results.map((r) => formatValue(r).text).join(', ')}`
                  : ''
            }  ${call.durationMs.toFixed(2)} ms`,
          })),
        );
      }
      if (payload.dropped > 0) hostCallsUnlogged.value += payload.dropped;
    });
  };

  const onEvent = <K extends SandboxTopic>(topic: K, payload: SandboxEvents[K]): void => {
    switch (topic) {
      case 'registry': {
        const batchPayload = payload as SandboxEvents['registry'];
        batch(() => {
          if (batchPayload.events.length > 0) {
            const next = [...registryEvents.peek(), ...batchPayload.events];
            registryEvents.value =
              next.length > MAX_LOG_ENTRIES ? next.slice(-MAX_LOG_ENTRIES) : next;
          }
          if (batchPayload.snapshot) registry.value = batchPayload.snapshot;
          lifetimes.apply(batchPayload);
        });
        return;
      }
      case 'console':
        onConsole(payload as SandboxEvents['console']);
        return;
      case 'host-calls':
        onHostCalls(payload as SandboxEvents['host-calls']);
        return;
      case 'live': {
        const livePayload = payload as SandboxEvents['live'];
        if (livePayload.final) {
          // The run's answer follows: its end re-reads the views, from these windows.
          for (const window of livePayload.windows) {
            if (window.kind === 'memory') memorySources.get(window.handle)?.acceptSettled(window);
          }
          return;
        }
        batch(() => {
          live.value = livePayload;
          const work = running.peek();
          if (work) running.value = { ...work, hostCalls: livePayload.hostCalls };
          // Each memory a view shows is watched (its last read window): it comes with the push.
          for (const window of livePayload.windows) {
            if (window.kind === 'memory')
              memorySources.get(window.handle)?.acceptLive(window, currentRun);
          }
          revision.value++;
        });
        return;
      }
      case 'memory-grown':
        for (const growth of (payload as SandboxEvents['memory-grown']).grown)
          memorySources.get(growth.handle)?.grew(growth.from, growth.to);
        return;
    }
  };

  // ---- the worker ----------------------------------------------------------------------------

  const lose = (reason: string): void => {
    const current = connection;
    if (!current) return;
    connection = null;
    starting = null;
    current.end(reason);
    for (const source of memorySources.values()) source.lose(reason);
    memorySources.clear();
    watchSent = '';
    batch(() => {
      lost.value = {
        reason,
        stores: stores.peek().filter((s) => !s.disposed).length,
        instances: instances.peek().length,
      };
      status.value = 'lost';
      running.value = null;
      // Gone with the worker; `setup` keeps how to make them again.
      modules.value = [];
      stores.value = [];
      instances.value = [];
      createdRefs.value = [];
      openLines.clear();
      appendConsole([{ kind: 'error', instanceId: null, text: `Sandbox stopped: ${reason}` }]);
      revision.value++;
    });
    inFlight = 0;
  };

  const ensure = (): Promise<SandboxConnection> => {
    if (connection && !connection.ended) return Promise.resolve(connection);
    if (starting) return starting;
    status.value = 'starting';
    sessionSeq++;
    const created = new SandboxConnection(deps.createWorker(), onEvent, (message) =>
      lose(`the worker stopped on its own (${message})`),
    );
    connection = created;
    starting = created.client.call('hello', {}).then(
      (env) => {
        batch(() => {
          environment.value = env;
          status.value = 'ready';
          lost.value = null;
        });
        starting = null;
        return created;
      },
      (error: unknown) => {
        starting = null;
        throw error;
      },
    );
    return starting;
  };

  const client = async (): Promise<RpcClient<SandboxApi>> => (await ensure()).client;

  /** Runs guest code under the time limit. */
  const guest = async <T>(
    label: string,
    work: (c: RpcClient<SandboxApi>) => Promise<T>,
  ): Promise<T> => {
    const conn = await ensure();
    await sendWatches(conn.client);
    inFlight++;
    const callId = ++runSeq;
    currentRun = callId;
    batch(() => {
      running.value = { label, startedAt: performance.now(), hostCalls: 0 };
      status.value = 'busy';
    });
    const limit = timeLimitMs.peek();
    const timer = setTimeout(
      () => lose(`${label} ran past the time limit of ${formatSeconds(limit)} and was stopped`),
      limit,
    );
    try {
      return await work(conn.client);
    } finally {
      clearTimeout(timer);
      if (connection === conn) {
        inFlight = Math.max(0, inFlight - 1);
        if (inFlight === 0)
          batch(() => {
            running.value = null;
            live.value = null;
            status.value = 'ready';
            revision.value++;
          });
        // After every run the memory views read again, told which run changed the bytes.
        for (const source of memorySources.values()) source.ranCode(callId);
      }
    }
  };

  const sendWatches = async (c: RpcClient<SandboxApi>): Promise<void> => {
    const windows = [...watches.values()];
    const key = JSON.stringify(windows);
    if (key === watchSent) return;
    watchSent = key;
    await c.call('watch', { windows });
  };

  // ---- actions -------------------------------------------------------------------------------

  const loadDocument = async (doc: ModuleDocument): Promise<SandboxModule> => {
    const existing = modules.peek().find((m) => m.docId === doc.id);
    if (existing) return existing;
    const c = await client();
    const bytes = await moduleBytes(deps.decoder(), doc);
    const summary = await c.call('loadModule', { bytes, name: doc.title }, { transfer: [bytes] });
    const loaded: SandboxModule = { docId: doc.id, title: doc.title, summary };
    const again = modules.peek().find((m) => m.docId === doc.id);
    if (again) return again;
    modules.value = [...modules.peek(), loaded];
    return loaded;
  };

  const createStore = async (): Promise<number> => {
    const c = await client();
    const { storeId } = await c.call('createStore', {});
    stores.value = [...stores.peek(), { storeId, disposed: false, handles: 'held' }];
    setup.push({ kind: 'store', storeId });
    return storeId;
  };

  const disposeStore = async (storeId: number, keepHandles = false): Promise<void> => {
    const c = await client();
    await c.call('disposeStore', { storeId, keepHandles });
    for (const [handle, source] of memorySources) {
      if (
        instances.peek().some((i) => i.summary.storeId === storeId && ownsHandle(i.summary, handle))
      ) {
        source.lose(`store #${storeId} was disposed`);
        memorySources.delete(handle);
      }
    }
    batch(() => {
      stores.value = stores
        .peek()
        .map((s) =>
          s.storeId === storeId
            ? { ...s, disposed: true, handles: keepHandles ? s.handles : 'dropped' }
            : s,
        );
      if (!keepHandles) letGoOfStore(storeId);
      revision.value++;
    });
    setup = setup.filter((step) => step.storeId !== storeId);
  };

  /** Forgets the instances of `storeId` and counts their handles as dropped. */
  const letGoOfStore = (storeId: number): void => {
    const gone = instances.peek().filter((i) => i.summary.storeId === storeId);
    markDropped(gone.flatMap(handlesOf));
    instances.value = instances.peek().filter((i) => i.summary.storeId !== storeId);
    createdRefs.value = createdRefs.peek().filter((r) => !droppedHandles.peek().has(r.handle));
  };

  const markDropped = (handles: Iterable<number>): void => {
    const next = new Set(droppedHandles.peek());
    for (const handle of handles) next.add(handle);
    droppedHandles.value = next;
  };

  const loseMemories = (handles: Iterable<number>, reason: string): void => {
    for (const handle of handles) {
      const source = memorySources.get(handle);
      if (!source) continue;
      source.lose(reason);
      memorySources.delete(handle);
    }
  };

  const dropInstance = async (instanceId: number): Promise<void> => {
    const c = await client();
    const { dropped } = await c.call('dropInstance', { instanceId });
    loseMemories(dropped, `instance #${instanceId} was dropped`);
    batch(() => {
      markDropped(dropped);
      instances.value = instances.peek().filter((i) => i.summary.instanceId !== instanceId);
      revision.value++;
    });
    setup = setup.filter((step) => step.kind !== 'instantiate' || step.instanceId !== instanceId);
  };

  const forgetStore = async (storeId: number): Promise<void> => {
    const c = await client();
    const { dropped } = await c.call('forgetStore', { storeId });
    loseMemories(dropped, `the panel let go of store #${storeId}`);
    batch(() => {
      markDropped(dropped);
      letGoOfStore(storeId);
      stores.value = stores
        .peek()
        .map((s) => (s.storeId === storeId ? { ...s, handles: 'dropped' } : s));
      revision.value++;
    });
    setup = setup.filter((step) => step.storeId !== storeId);
  };

  const instantiate = async (
    doc: ModuleDocument,
    storeId: number,
    providers: ImportProvider[],
  ): Promise<InstantiateOutcome> => {
    const loaded = await loadDocument(doc);
    const wasi = loaded.summary.wasi
      ? wasiConfigOf(wasiArgs.peek(), wasiEnv.peek(), doc.title)
      : null;
    const outcome = await guest(`instantiating ${doc.title}`, (c) =>
      c.call('instantiate', {
        storeId,
        moduleId: loaded.summary.moduleId,
        imports: providers,
        wasi,
      }),
    );
    if (outcome.kind === 'instantiated') {
      instances.value = [
        ...instances.peek(),
        { summary: outcome.instance, docId: doc.id, title: doc.title },
      ];
      setup.push({
        kind: 'instantiate',
        storeId,
        docId: doc.id,
        providers,
        wasi,
        instanceId: outcome.instance.instanceId,
      });
    } else {
      appendConsole([
        {
          kind: 'error',
          instanceId: null,
          text: `Instantiating ${doc.title} failed: ${outcome.failure.message}`,
        },
      ]);
    }
    return outcome;
  };

  const call = async (
    instanceId: number,
    exportName: string,
    args: SandboxVal[],
  ): Promise<CallRecord> => {
    const instance = instances.peek().find((i) => i.summary.instanceId === instanceId);
    const exported = instance?.summary.exports.find((e) => e.name === exportName);
    const record: CallRecord = {
      id: nextRecordId++,
      docId: instance?.docId ?? '',
      instanceId,
      exportName,
      args,
      outcome: null,
      error: null,
      startedAt: performance.now(),
      endedAt: null,
    };
    const update = (patch: Partial<CallRecord>): CallRecord => {
      const next = { ...record, ...patch };
      history.value = history.peek().map((r) => (r.id === record.id ? next : r));
      return next;
    };
    history.value = [...history.peek(), record];
    if (!instance || !exported || exported.type.kind !== 'func') {
      return update({
        error: `instance #${instanceId} has no function "${exportName}"`,
        endedAt: performance.now(),
      });
    }
    try {
      const outcome = await guest(`${exportName}()`, (c) =>
        c.call('call', { func: exported.handle, args }),
      );
      if (outcome.kind === 'exited')
        appendConsole([
          { kind: 'exit', instanceId, text: `${exportName} exited with code ${outcome.code}` },
        ]);
      return update({ outcome, endedAt: performance.now() });
    } catch (error) {
      return update({ error: messageOf(error), endedAt: performance.now() });
    }
  };

  const stop = (reason = 'stopped by you'): void => {
    const work = running.peek();
    lose(work ? `${work.label} was ${reason}` : reason);
  };

  const restart = async (): Promise<RestartMap> => {
    const steps = setup;
    const previous = connection;
    connection = null;
    starting = null;
    previous?.end('restarted');
    batch(() => {
      modules.value = [];
      stores.value = [];
      instances.value = [];
      createdRefs.value = [];
      lost.value = null;
      // A new worker is a new engine: its registry starts from nothing, its ids from 1.
      registry.value = null;
      registryEvents.value = [];
      droppedHandles.value = new Set();
      lifetimes.reset();
    });
    setup = [];
    for (const source of memorySources.values()) source.lose('the sandbox was started again');
    memorySources.clear();
    watches.clear();
    watchSent = '';
    await ensure();
    const storeIds = new Map<number, number>();
    const instanceIds = new Map<number, number>();
    for (const step of steps) {
      if (step.kind === 'store') {
        storeIds.set(step.storeId, await createStore());
        continue;
      }
      const doc = deps.document(step.docId);
      const storeId = storeIds.get(step.storeId);
      if (!doc || storeId === undefined) continue;
      const providers = step.providers.map((p) =>
        p.kind === 'export'
          ? { ...p, instanceId: instanceIds.get(p.instanceId) ?? p.instanceId }
          : p,
      );
      const outcome = await instantiate(doc, storeId, providers);
      if (outcome.kind === 'instantiated')
        instanceIds.set(step.instanceId, outcome.instance.instanceId);
    }
    // Calls in the history name the new instances, so they can be re-run.
    history.value = history.peek().map((r) => ({
      ...r,
      instanceId: instanceIds.get(r.instanceId) ?? r.instanceId,
    }));
    appendConsole([{ kind: 'info', instanceId: null, text: 'Sandbox started again.' }]);
    return { stores: storeIds, instances: instanceIds };
  };

  const refreshFiles = async (): Promise<void> => {
    wasiFiles.value = await (await client()).call('wasiFiles', {});
  };

  const state: SandboxState = {
    status,
    lost,
    environment,
    timeLimitMs,
    running,
    modules,
    stores,
    instances,
    history,
    console: consoleLines,
    hostCalls,
    hostCallsUnlogged,
    registry,
    registryEvents,
    lifetimes,
    droppedHandles,
    wasiFiles,
    wasiArgs,
    wasiEnv,
    knownRefs,
    revision,
    live,
    async start() {
      await ensure();
    },
    stop,
    restart,
    setTimeLimit(ms) {
      const value = Math.max(100, Math.min(3_600_000, Math.round(ms)));
      timeLimitMs.value = value;
      deps.storage.set(TIME_LIMIT_KEY, String(value));
    },
    loadDocument,
    createStore,
    disposeStore,
    instantiate,
    call,
    async setBehavior(instanceId, importIndex, behavior) {
      await (await client()).call('setBehavior', { instanceId, importIndex, behavior });
    },
    async createExternRef(storeId, label) {
      const ref = await (await client()).call('createExternRef', { storeId, label });
      createdRefs.value = [
        ...createdRefs.peek(),
        { handle: ref.handle, family: 'externref', label: ref.label },
      ];
      return ref.handle;
    },
    async dropHandle(handle) {
      await (await client()).call('dropHandle', { handle });
      batch(() => {
        markDropped([handle]);
        createdRefs.value = createdRefs.peek().filter((r) => r.handle !== handle);
      });
    },
    dropInstance,
    forgetStore,
    async collectGarbage() {
      return (await client()).call('collectGarbage', {});
    },
    async callHandle(handle, label, args) {
      return guest(label, (c) => c.call('call', { func: handle, args }));
    },
    async readGlobals(handles) {
      return (await client()).call('readGlobals', { handles });
    },
    async setGlobal(handle, value) {
      const result = await (await client()).call('setGlobal', { handle, value });
      revision.value++;
      return result;
    },
    async readTable(handle, start, count) {
      return (await client()).call('readTable', { handle, start, count });
    },
    async setTableEntry(handle, index, value) {
      await (await client()).call('setTableEntry', { handle, index, value });
      revision.value++;
    },
    watch(key, window) {
      if (window) watches.set(key, window);
      else watches.delete(key);
    },
    memorySource(handle, label, is64) {
      let source = memorySources.get(handle);
      if (!source) {
        source = new SandboxMemorySource(
          handle,
          label,
          is64,
          {
            client,
            busy: () => running.peek() !== null,
            watch(window) {
              if (window) watches.set(`memory:${handle}`, window);
              else watches.delete(`memory:${handle}`);
            },
            changed: () => revision.value++,
          },
          sessionSeq,
        );
        memorySources.set(handle, source);
      }
      return source;
    },
    async putFiles(files) {
      const c = await client();
      for (const file of files) {
        const bytes = await file.arrayBuffer();
        wasiFiles.value = await c.call(
          'putWasiFile',
          { path: file.name, bytes },
          { transfer: [bytes] },
        );
      }
    },
    async readFile(path) {
      return new Uint8Array(await (await client()).call('readWasiFile', { path }));
    },
    async removeFile(path) {
      wasiFiles.value = await (await client()).call('removeWasiFile', { path });
    },
    clearConsole() {
      openLines.clear();
      batch(() => {
        consoleLines.value = [];
        hostCalls.value = [];
        hostCallsUnlogged.value = 0;
      });
    },
    client: () => connection?.client ?? null,
    dispose() {
      const current = connection;
      connection = null;
      current?.end('the panel closed');
      status.value = 'stopped';
    },
  };
  // Files a program wrote appear after each run.
  let lastRevision = -1;
  revision.subscribe((value) => {
    if (value === lastRevision || status.peek() !== 'ready') return;
    lastRevision = value;
    if (connection && modules.peek().some((m) => m.summary.wasi !== null))
      refreshFiles().catch(() => undefined);
  });
  return state;
}

function handlesOf(instance: SandboxInstance): number[] {
  return [
    ...instance.summary.exports.map((e) => e.handle),
    ...instance.summary.imports.map((i) => i.handle),
  ];
}

function ownsHandle(summary: InstanceSummary, handle: number): boolean {
  return (
    summary.exports.some((e) => e.handle === handle) ||
    summary.imports.some((i) => i.handle === handle)
  );
}

/** `10 s`, `0.5 s`. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

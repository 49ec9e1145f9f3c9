/**
 * What one realm's hook has seen: each distinct module once (by SHA-256), the bytes of modules
 * still alive, and every instance, all held so the page's garbage collector stays in charge.
 */
import type { EntryPoint, InstanceReport, ModuleReport } from '../../protocol/index.ts';
import { sha256Hex } from '../../protocol/index.ts';
import { describe, findExterns, type InstanceExterns } from './externs.ts';

/** A live or collected instance the hook knows about. */
export interface InstanceRecord {
  instanceId: string;
  hash: string;
  time: number;
  ref: WeakRef<WebAssembly.Instance>;
  externs: InstanceExterns;
}

interface HashRecord {
  report: ModuleReport;
  /** Kept while at least one Module with these bytes is alive, for on-demand transfer. */
  bytes: Uint8Array | null;
  liveModules: number;
}

/** Called with every report the registry produces. */
export type ReportSink = (
  report: ModuleReport | InstanceReport | { kind: 'instance-gone'; instanceId: string },
) => void;

/** Tracks modules and instances of one realm (a document or a worker). */
export class CaptureRegistry {
  readonly #hashOfModule = new WeakMap<WebAssembly.Module, Promise<string>>();
  readonly #byHash = new Map<string, HashRecord>();
  readonly #instances = new Map<string, InstanceRecord>();
  readonly #moduleGone = new FinalizationRegistry<string>((hash) => this.#releaseModule(hash));
  readonly #instanceGone = new FinalizationRegistry<string>((id) => this.#releaseInstance(id));
  #nextInstance = 0;

  constructor(
    private readonly realmId: string,
    private readonly frameUrl: () => string,
    private readonly emit: ReportSink,
  ) {}

  /** Records a compiled module; hashing runs asynchronously so the page is not blocked. */
  addModule(
    module: WebAssembly.Module,
    bytes: Uint8Array,
    entry: EntryPoint,
    sourceUrl: string,
  ): void {
    if (this.#hashOfModule.has(module)) return;
    const time = Date.now();
    const hash = sha256Hex(bytes).then((digest) => {
      const known = this.#byHash.get(digest);
      if (known) {
        known.liveModules++;
        known.bytes ??= bytes;
      } else {
        const report: ModuleReport = {
          kind: 'module',
          hash: digest,
          size: bytes.byteLength,
          entry,
          sourceUrl,
          frameUrl: this.frameUrl(),
          time,
          worker: null,
        };
        this.#byHash.set(digest, { report, bytes, liveModules: 1 });
        this.emit(report);
      }
      this.#moduleGone.register(module, digest);
      return digest;
    });
    this.#hashOfModule.set(module, hash);
  }

  /** Records an instance of a module this realm compiled; others (foreign modules) are skipped. */
  addInstance(instance: WebAssembly.Instance, module: WebAssembly.Module, imports: unknown): void {
    const hash = this.#hashOfModule.get(module);
    if (!hash) return;
    const instanceId = `${this.realmId}.${this.#nextInstance++}`;
    const externs = findExterns(instance, module, imports);
    const record: InstanceRecord = {
      instanceId,
      hash: '',
      time: Date.now(),
      ref: new WeakRef(instance),
      externs,
    };
    this.#instanceGone.register(instance, instanceId);
    void hash.then((digest) => {
      record.hash = digest;
      this.#instances.set(instanceId, record);
      this.emit(this.describeInstance(record));
    });
  }

  /** The protocol report of an instance, with extern sizes as they are now. */
  describeInstance(record: InstanceRecord): InstanceReport {
    return {
      kind: 'instance',
      instanceId: record.instanceId,
      hash: record.hash,
      time: record.time,
      memories: describe(record.externs.memories),
      tables: describe(record.externs.tables),
      globals: describe(record.externs.globals),
      worker: null,
    };
  }

  /** Module reports of every distinct module seen so far. */
  modules(): ModuleReport[] {
    return [...this.#byHash.values()].map((record) => record.report);
  }

  /** Records of instances not yet collected. */
  liveInstances(): InstanceRecord[] {
    return [...this.#instances.values()].filter((record) => record.ref.deref() !== undefined);
  }

  /** The instance with this id, if this realm created it. */
  instance(instanceId: string): InstanceRecord | undefined {
    return this.#instances.get(instanceId);
  }

  /** The newest live instance of a module, if any. */
  newestInstanceOf(hash: string): InstanceRecord | undefined {
    let newest: InstanceRecord | undefined;
    for (const record of this.#instances.values()) {
      if (record.hash === hash && record.ref.deref()) newest = record;
    }
    return newest;
  }

  /** True when this realm compiled a module with this hash. */
  hasModule(hash: string): boolean {
    return this.#byHash.has(hash);
  }

  /** The bytes of a module still alive here, or null once all its Modules were collected. */
  bytesOf(hash: string): Uint8Array | null {
    return this.#byHash.get(hash)?.bytes ?? null;
  }

  #releaseModule(hash: string): void {
    const record = this.#byHash.get(hash);
    if (!record) return;
    record.liveModules--;
    if (record.liveModules <= 0) record.bytes = null;
  }

  #releaseInstance(instanceId: string): void {
    if (this.#instances.delete(instanceId)) this.emit({ kind: 'instance-gone', instanceId });
  }
}

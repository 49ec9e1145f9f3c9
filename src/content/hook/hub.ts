/**
 * One realm's hook (a document or a worker): its capture registry, the workers it started and
 * the routing of commands between the relay (or parent realm) and them. A worker's hub reports
 * to its parent over a MessagePort exactly as a document's hub reports to the relay.
 */
import type {
  HookCommand,
  HookReport,
  StatusReport,
  UncoveredWorker,
  WorkerTag,
} from '../../protocol/index.ts';
import { HOOK_PROTOCOL_VERSION, parseHookCommand, parseHookReport } from '../../protocol/index.ts';
import { answerLive } from './live.ts';
import { CaptureRegistry } from './registry.ts';
import { sendInChunks } from './transfer.ts';

/** How long a started worker has to load the hook before it is reported as uncovered. */
const WORKER_HELLO_TIMEOUT_MS = 10_000;

interface WorkerLink {
  tag: WorkerTag;
  port: MessagePort;
  hashes: Set<string>;
  instanceIds: Set<string>;
  status: StatusReport | null;
}

/** A realm's hook. */
export class HookHub {
  readonly registry: CaptureRegistry;
  readonly #links = new Map<string, WorkerLink>();
  readonly #uncovered: UncoveredWorker[] = [];
  #nextWorker = 0;

  constructor(
    readonly realmId: string,
    private readonly frameUrl: () => string,
    private readonly emit: (report: HookReport) => void,
  ) {
    this.registry = new CaptureRegistry(realmId, frameUrl, emit);
  }

  /** This realm's status, with its workers' own workers counted in. */
  status(): StatusReport {
    let covered = 0;
    const uncovered = [...this.#uncovered];
    for (const link of this.#links.values()) {
      if (!link.status) continue;
      covered += 1 + link.status.workersCovered;
      uncovered.push(...link.status.uncoveredWorkers);
    }
    return {
      kind: 'status',
      protocol: HOOK_PROTOCOL_VERSION,
      realmId: this.realmId,
      frameUrl: this.frameUrl(),
      workersCovered: covered,
      uncoveredWorkers: uncovered.slice(0, 256),
    };
  }

  /** A fresh id for a worker this realm starts. */
  nextWorkerId(): string {
    return `${this.realmId}.w${this.#nextWorker++}`;
  }

  /** Records a worker that runs without the hook (CSP, a failed start). */
  workerUncovered(url: string, reason: string): void {
    this.#uncovered.push({ url: url.slice(0, 4096), reason: reason.slice(0, 512) });
    this.emit(this.status());
  }

  /** Connects a worker whose bootstrap received `port`. */
  addWorker(tag: WorkerTag, port: MessagePort): void {
    const link: WorkerLink = { tag, port, hashes: new Set(), instanceIds: new Set(), status: null };
    this.#links.set(tag.workerId, link);
    port.onmessage = (event: MessageEvent) => this.#fromWorker(link, event.data);
    setTimeout(() => {
      if (!link.status) this.workerFailed(tag, 'the worker did not load the hook in time');
    }, WORKER_HELLO_TIMEOUT_MS);
  }

  /** Records that a started worker runs without the hook after all. */
  workerFailed(tag: WorkerTag, reason: string): void {
    if (!this.#links.delete(tag.workerId)) return;
    this.workerUncovered(tag.url, reason);
  }

  #fromWorker(link: WorkerLink, data: unknown): void {
    const report = parseHookReport(data);
    if (!report) return;
    switch (report.kind) {
      case 'status':
        link.status = report;
        this.emit(this.status());
        return;
      case 'module':
        link.hashes.add(report.hash);
        this.emit({ ...report, frameUrl: this.frameUrl(), worker: report.worker ?? link.tag });
        return;
      case 'instance':
        link.instanceIds.add(report.instanceId);
        this.emit({ ...report, worker: report.worker ?? link.tag });
        return;
      case 'instance-gone':
        link.instanceIds.delete(report.instanceId);
        this.emit(report);
        return;
      default:
        this.emit(report);
    }
  }

  #linkFor(predicate: (link: WorkerLink) => boolean): WorkerLink | undefined {
    for (const link of this.#links.values()) if (predicate(link)) return link;
    return undefined;
  }

  /** Acts on a command from the relay or the parent realm; malformed commands are ignored. */
  handle(raw: unknown): void {
    const command: HookCommand | null = parseHookCommand(raw);
    if (!command) return;
    switch (command.kind) {
      case 'announce':
        this.emit(this.status());
        for (const module of this.registry.modules()) this.emit(module);
        for (const record of this.registry.liveInstances())
          this.emit(this.registry.describeInstance(record));
        for (const link of this.#links.values()) link.port.postMessage(command);
        return;
      case 'send-bytes': {
        const bytes = this.registry.bytesOf(command.hash);
        if (bytes) {
          void sendInChunks(bytes, command.hash, command.transferId, this.emit);
          return;
        }
        const link = this.#linkFor((candidate) => candidate.hashes.has(command.hash));
        if (link) link.port.postMessage(command);
        else {
          const known = this.registry.hasModule(command.hash);
          const message = known
            ? 'every copy of this module was garbage-collected'
            : 'module not known here';
          this.emit({
            kind: 'transfer-failed',
            transferId: command.transferId,
            hash: command.hash,
            message,
          });
        }
        return;
      }
      case 'live': {
        const target = command.request.target;
        const local =
          'instanceId' in target
            ? this.registry.instance(target.instanceId)
            : this.registry.newestInstanceOf(target.hash);
        const link =
          !local &&
          this.#linkFor((candidate) =>
            'instanceId' in target
              ? candidate.instanceIds.has(target.instanceId)
              : candidate.hashes.has(target.hash),
          );
        if (link) {
          link.port.postMessage(command);
          return;
        }
        const result = answerLive(this.registry, command.request);
        this.emit({ kind: 'reply', requestId: command.requestId, result });
        return;
      }
    }
  }
}

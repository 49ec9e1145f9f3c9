/**
 * The worker side of {@link MemoryInspectMethods}: searches and snapshots of the memories a
 * worker holds, run where the bytes are, in slices that report progress and take a cancel.
 * Any worker composes it: it names its memories by handle and says how to reach each one's
 * bytes now (a memory that grew has a new buffer, so the bytes are asked for again after every
 * pause).
 */
import type { MemoryInspectMethods, SnapshotInfo } from '../../../protocol/memory/index.ts';
import type { CallContext, ServiceHandlers } from '../../../protocol/rpc/index.ts';
import {
  BlockSnapshot,
  DEFAULT_COPY_BUDGET,
  diffSnapshot,
  takeSnapshot,
} from './block-snapshot.ts';
import { searchBytes, type SliceControl } from './byte-search.ts';

/** A handle that names no memory (any more). */
export class UnknownMemoryError extends Error {
  override readonly name = 'UnknownMemoryError';
}

/** Options of {@link createMemoryInspectService}. */
export interface MemoryInspectServiceOptions {
  /** Most bytes of block copies one snapshot keeps (default 64 MiB). */
  snapshotCopyBudget?: number;
  /** Most bytes of block copies all snapshots keep together (default 256 MiB). */
  totalCopyBudget?: number;
}

/** The handlers and the bookkeeping a worker calls when its memories go away. */
export interface MemoryInspectService {
  readonly handlers: ServiceHandlers<MemoryInspectMethods>;
  /** Drops the snapshots of `handle` (its store was disposed). */
  forget(handle: number): void;
  /** Drops every snapshot. */
  clear(): void;
}

function sliceControl(call: CallContext): SliceControl {
  return {
    checkpoint: () => call.checkpoint(),
    progress: (done, total) => call.progress(done, total),
  };
}

/**
 * Serves searches and snapshots of the memories `bytesOf(handle)` reaches (a `Uint8Array`
 * over the memory's current buffer, shared or not).
 *
 * @example
 * ```ts
 * const inspect = createMemoryInspectService((handle) => new Uint8Array(memories.get(handle)!.buffer));
 * serveRpc<MyApi>(self, { ...myHandlers, ...inspect.handlers }, { ...myValidators, ...memoryInspectValidators });
 * ```
 */
export function createMemoryInspectService(
  bytesOf: (handle: number) => Uint8Array | null,
  options: MemoryInspectServiceOptions = {},
): MemoryInspectService {
  const perSnapshot = options.snapshotCopyBudget ?? DEFAULT_COPY_BUDGET;
  const total = options.totalCopyBudget ?? 4 * DEFAULT_COPY_BUDGET;
  const snapshots = new Map<number, { handle: number; snapshot: BlockSnapshot }>();
  let nextSnapshot = 1;

  const viewOf = (handle: number) => (): Uint8Array => {
    const bytes = bytesOf(handle);
    if (!bytes) throw new UnknownMemoryError(`no memory with handle ${handle}`);
    return bytes;
  };
  const copiedNow = (): number => {
    let sum = 0;
    for (const { snapshot } of snapshots.values()) sum += snapshot.copiedBytes;
    return sum;
  };

  const handlers: ServiceHandlers<MemoryInspectMethods> = {
    async memorySearch(params, call) {
      return searchBytes(
        viewOf(params.handle),
        {
          pattern: new Uint8Array(params.pattern),
          caseInsensitive: params.caseInsensitive,
          from: params.from,
          direction: params.direction,
          maxMatches: params.maxMatches,
        },
        sliceControl(call),
      );
    },
    async memorySnapshot(params, call): Promise<SnapshotInfo> {
      const snapshot = await takeSnapshot(viewOf(params.handle), {
        ...sliceControl(call),
        copyBudget: Math.max(0, Math.min(perSnapshot, total - copiedNow())),
      });
      const id = nextSnapshot++;
      snapshots.set(id, { handle: params.handle, snapshot });
      let hashedBlocks = 0;
      for (const kind of snapshot.kinds) if (kind === 0) hashedBlocks++;
      return {
        snapshot: id,
        length: snapshot.length,
        copiedBytes: snapshot.copiedBytes,
        hashedBlocks,
      };
    },
    async memoryDiff(params, call) {
      const entry = snapshots.get(params.snapshot);
      if (!entry) throw new UnknownMemoryError(`no snapshot ${params.snapshot}`);
      return diffSnapshot(entry.snapshot, viewOf(entry.handle), {
        ...sliceControl(call),
        maxRanges: params.maxRanges,
      });
    },
    memoryDropSnapshot(params) {
      snapshots.delete(params.snapshot);
      return null;
    },
  };

  return {
    handlers,
    forget(handle) {
      for (const [id, entry] of snapshots) if (entry.handle === handle) snapshots.delete(id);
    },
    clear: () => snapshots.clear(),
  };
}

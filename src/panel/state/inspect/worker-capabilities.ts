/**
 * The {@link MemorySource} capabilities of a memory held by a worker that serves
 * {@link MemoryInspectMethods}: search and snapshots run there, next to the bytes, and only
 * matches and changed ranges come back. A worker's memory source (the sandbox's, the lab's)
 * spreads these into itself.
 */
import type { MemoryInspectMethods } from '../../../protocol/memory/index.ts';
import type { CallOptions } from '../../../protocol/rpc/index.ts';
import type { MemorySource, MemoryTaskOptions } from './memory-source.ts';

/** What the capabilities need of a client: calls of the memory-inspection methods. */
export interface MemoryInspectCaller {
  call<K extends keyof MemoryInspectMethods & string>(
    method: K,
    params: MemoryInspectMethods[K]['params'],
    options?: CallOptions,
  ): Promise<MemoryInspectMethods[K]['result']>;
}

/** The capabilities a worker gives a memory source. */
export type WorkerMemoryCapabilities = Required<
  Pick<MemorySource, 'search' | 'takeSnapshot' | 'diffSnapshot' | 'dropSnapshot'>
>;

function callOptions(options: MemoryTaskOptions | undefined): CallOptions {
  return {
    signal: options?.signal,
    onProgress: options?.onProgress && ((p) => options.onProgress?.(p.done, p.total)),
  };
}

/**
 * Search and snapshots of memory `handle`, answered by the worker `client()` returns.
 *
 * @example
 * ```ts
 * class SandboxMemorySource implements MemorySource {
 *   readonly search; readonly takeSnapshot; readonly diffSnapshot; readonly dropSnapshot;
 *   constructor(handle: number, host: Host) {
 *     ({ search: this.search, takeSnapshot: this.takeSnapshot, diffSnapshot: this.diffSnapshot,
 *        dropSnapshot: this.dropSnapshot } = workerMemoryCapabilities(() => host.client(), handle));
 *   }
 * }
 * ```
 */
export function workerMemoryCapabilities(
  client: () => Promise<MemoryInspectCaller> | MemoryInspectCaller,
  handle: number,
): WorkerMemoryCapabilities {
  return {
    async search(request, options) {
      const pattern = request.pattern.slice().buffer;
      return (await client()).call(
        'memorySearch',
        {
          handle,
          pattern,
          caseInsensitive: request.caseInsensitive,
          from: request.from,
          direction: request.direction,
          maxMatches: request.maxMatches,
        },
        callOptions(options),
      );
    },
    async takeSnapshot(options) {
      return (await client()).call('memorySnapshot', { handle }, callOptions(options));
    },
    async diffSnapshot(snapshot, maxRanges, options) {
      return (await client()).call(
        'memoryDiff',
        { snapshot: snapshot.snapshot, maxRanges },
        callOptions(options),
      );
    },
    async dropSnapshot(snapshot) {
      await (await client()).call('memoryDropSnapshot', { snapshot: snapshot.snapshot });
    },
  };
}

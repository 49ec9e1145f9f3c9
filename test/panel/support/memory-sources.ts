/**
 * Memory sources for state and view tests: an in-thread buffer (the panel-side fallbacks), and
 * the same buffer served by the real memory-inspection service over a `MessageChannel` (the
 * worker path: search and snapshots run in the "worker"), plus a manual clock.
 */
import {
  memoryInspectResultValidators,
  memoryInspectValidators,
  type MemoryInspectMethods,
} from '../../../src/protocol/memory/index.ts';
import { RpcClient, serveRpc, type MessageEndpoint } from '../../../src/protocol/rpc/index.ts';
import {
  BufferMemorySource,
  workerMemoryCapabilities,
  type BufferLike,
  type BufferMemorySourceOptions,
  type InspectorClock,
  type MemorySource,
} from '../../../src/panel/state/index.ts';
import { createMemoryInspectService } from '../../../src/panel/workers/memory/index.ts';

/** A buffer source whose search and snapshots are served by the inspection service. */
export function workerBackedSource(
  memory: BufferLike,
  options: BufferMemorySourceOptions = {},
): { source: BufferMemorySource & MemorySource; close(): void } {
  const source = new BufferMemorySource(memory, options);
  const channel = new MessageChannel();
  const service = createMemoryInspectService(() => source.bytes());
  const server = serveRpc<MemoryInspectMethods>(
    channel.port1 as unknown as MessageEndpoint,
    service.handlers,
    memoryInspectValidators,
  );
  const client = new RpcClient<MemoryInspectMethods>(
    channel.port2 as unknown as MessageEndpoint,
    memoryInspectResultValidators,
  );
  channel.port1.start();
  channel.port2.start();
  Object.assign(
    source,
    workerMemoryCapabilities(() => client, 0),
  );
  return {
    source,
    close() {
      server.close();
      client.close();
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** A clock whose time moves only when the test says so. */
export class ManualClock implements InspectorClock {
  time = 0;
  #next = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void; every: number | null }>();

  now = (): number => this.time;
  setTimeout = (callback: () => void, ms: number): unknown => this.#add(callback, ms, null);
  clearTimeout = (handle: unknown): void => void this.#timers.delete(handle as number);
  setInterval = (callback: () => void, ms: number): unknown => this.#add(callback, ms, ms);
  clearInterval = (handle: unknown): void => void this.#timers.delete(handle as number);

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, running the timers that come due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void; every: number | null }] | null = null;
      for (const entry of this.#timers)
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      const [id, timer] = due;
      this.time = timer.at;
      if (timer.every === null) this.#timers.delete(id);
      else timer.at += timer.every;
      timer.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }

  #add(callback: () => void, ms: number, every: number | null): number {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + Math.max(0, ms), callback, every });
    return id;
  }
}

/** Lets pending promise callbacks and message-channel tasks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

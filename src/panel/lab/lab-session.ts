/**
 * The Memory lab's state (no JSX): its worker's memories as {@link MemorySource}s with every
 * capability (search and snapshots run in the worker, calls announce their changes), the
 * list the Memory view shows, and the actions of the page (load a module, create a memory,
 * call an export). It is also how a worker-held memory source is built: the sandbox's does
 * the same with its own `readMemory`.
 */
import { batch, signal, type Signal } from '@preact/signals';
import { isLabChange, type LabMemory, type MemoryLabApi } from '../../protocol/memory/index.ts';
import type { RpcClient } from '../../protocol/rpc/index.ts';
import {
  createMemoryList,
  workerMemoryCapabilities,
  type MemoryChange,
  type MemoryInspectorOptions,
  type MemoryList,
  type MemorySource,
} from '../state/index.ts';

/** One memory of the lab's worker. */
export class LabMemorySource implements MemorySource {
  readonly id: string;
  readonly label: string;
  readonly is64: boolean;
  readonly handle: number;
  readonly search: NonNullable<MemorySource['search']>;
  readonly takeSnapshot: NonNullable<MemorySource['takeSnapshot']>;
  readonly diffSnapshot: NonNullable<MemorySource['diffSnapshot']>;
  readonly dropSnapshot: NonNullable<MemorySource['dropSnapshot']>;
  readonly #client: RpcClient<MemoryLabApi>;
  readonly #listeners = new Set<(change?: MemoryChange) => void>();

  constructor(memory: LabMemory, client: RpcClient<MemoryLabApi>) {
    this.handle = memory.handle;
    this.id = `lab:memory:${memory.handle}`;
    this.label = memory.label;
    this.is64 = memory.is64;
    this.#client = client;
    ({
      search: this.search,
      takeSnapshot: this.takeSnapshot,
      diffSnapshot: this.diffSnapshot,
      dropSnapshot: this.dropSnapshot,
    } = workerMemoryCapabilities(() => client, memory.handle));
  }

  async length(): Promise<number> {
    return (await this.#client.call('labRead', { handle: this.handle, offset: 0, length: 0 })).size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const window = await this.#client.call('labRead', { handle: this.handle, offset, length });
    return new Uint8Array(window.bytes);
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    const copy = bytes.slice();
    await this.#client.call(
      'labWrite',
      { handle: this.handle, offset, bytes: copy.buffer },
      { transfer: [copy.buffer] },
    );
  }

  onChange(listener: (change?: MemoryChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells the views that a call ran (and what it did to this memory's size). */
  changed(change: MemoryChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

/** A line of the lab's log. */
export interface LabLogEntry {
  kind: 'call' | 'info' | 'error';
  text: string;
}

/** The lab page's state. */
export interface MemoryLab {
  readonly client: RpcClient<MemoryLabApi>;
  readonly list: MemoryList;
  /** Exported functions of the loaded modules. */
  readonly functions: Signal<string[]>;
  readonly log: Signal<LabLogEntry[]>;
  /** Instantiates a module (its exported memories join the list). */
  load(bytes: Uint8Array, name: string): Promise<void>;
  /** Creates a memory of `pages` pages (memory64 where the engine has it). */
  create(
    label: string,
    pages: number,
    options?: { memory64?: boolean; maximum?: number },
  ): Promise<void>;
  /** Calls an export; resolves with its result as text (null for none). */
  call(name: string, args?: number[]): Promise<string | null>;
  dispose(): void;
}

const MAX_LOG = 50;

/** Creates the lab over its worker's `client`. */
export function createMemoryLab(
  client: RpcClient<MemoryLabApi>,
  options: MemoryInspectorOptions = {},
): MemoryLab {
  const list = createMemoryList([], options);
  const functions = signal<string[]>([]);
  const log = signal<LabLogEntry[]>([]);
  const sources = new Map<number, LabMemorySource>();
  const note = (entry: LabLogEntry) => (log.value = [entry, ...log.peek()].slice(0, MAX_LOG));
  const add = (memories: LabMemory[]) => {
    for (const memory of memories) sources.set(memory.handle, new LabMemorySource(memory, client));
    list.setSources([...sources.values()]);
  };
  const stop = client.on('memory-changed', (payload) => {
    if (!isLabChange(payload)) return;
    for (const source of sources.values()) {
      const grew = payload.grown.find((g) => g.handle === source.handle);
      source.changed({ callId: payload.callId, grew: grew && { from: grew.from, to: grew.to } });
    }
  });
  const failed = (error: unknown): never => {
    note({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    throw error;
  };

  return {
    client,
    list,
    functions,
    log,
    async load(bytes, name) {
      const copy = bytes.slice();
      const loaded = await client
        .call('labLoad', { bytes: copy.buffer, name }, { transfer: [copy.buffer] })
        .catch(failed);
      batch(() => {
        add(loaded.memories);
        functions.value = [...new Set([...functions.peek(), ...loaded.functions])];
      });
      note({ kind: 'info', text: `instantiated ${name}: ${loaded.memories.length} memories` });
    },
    async create(label, pages, createOptions = {}) {
      const memory = await client
        .call('labCreate', {
          label,
          pages,
          maximum: createOptions.maximum ?? null,
          memory64: createOptions.memory64 ?? false,
        })
        .catch(failed);
      add([memory]);
      note({ kind: 'info', text: `created ${label}` });
    },
    async call(name, args = []) {
      const result = await client.call('labCall', { name, args }).catch(failed);
      note({
        kind: 'call',
        text: `${name}(${args.join(', ')})${result.value === null ? '' : ` → ${result.value}`} in ${result.ms.toFixed(2)} ms`,
      });
      return result.value;
    },
    dispose() {
      stop();
      list.dispose();
      client.close();
    },
  };
}

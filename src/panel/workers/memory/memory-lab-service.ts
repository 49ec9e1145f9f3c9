/**
 * The Memory lab's worker: memories to try the Memory view on, away from the sandbox. It
 * instantiates modules that import nothing, creates memories (a 1 GiB one, a memory64 one
 * where the engine has it), calls exports with numbers, and serves reads, writes, search and
 * snapshots of every memory. After each call it tells the page which call it was and which
 * memories grew (`memory-changed` events).
 */
import { decodeExports, decodeModule, exportCount } from '../../../wasm/index.ts';
import type { LabChange, LabMemory, MemoryLabApi } from '../../../protocol/memory/index.ts';
import { withTransfer, type ServiceHandlers } from '../../../protocol/rpc/index.ts';
import { createMemoryInspectService } from './memory-inspect-service.ts';

/** A call or an instantiation the lab refuses, with the reason. */
export class LabError extends Error {
  override readonly name = 'LabError';
}

interface HeldMemory {
  memory: WebAssembly.Memory;
  label: string;
  is64: boolean;
  shared: boolean;
}

/** Creates the lab's handlers; `emit` sends events to the page. */
export function createMemoryLabHandlers(
  emit: (topic: 'memory-changed', payload: LabChange) => void,
): ServiceHandlers<MemoryLabApi> {
  const memories = new Map<number, HeldMemory>();
  const functions = new Map<string, (...args: unknown[]) => unknown>();
  let nextHandle = 0;
  let nextCall = 1;

  const bytesOf = (handle: number): Uint8Array | null => {
    const held = memories.get(handle);
    return held ? new Uint8Array(held.memory.buffer) : null;
  };
  const inspect = createMemoryInspectService(bytesOf);
  const describe = (handle: number): LabMemory => {
    const held = memories.get(handle)!;
    return {
      handle,
      label: held.label,
      is64: held.is64,
      shared: held.shared,
      length: held.memory.buffer.byteLength,
    };
  };
  const hold = (memory: WebAssembly.Memory, label: string, is64: boolean, shared: boolean) => {
    const handle = nextHandle++;
    memories.set(handle, { memory, label, is64, shared });
    return handle;
  };
  const held = (handle: number): HeldMemory => {
    const found = memories.get(handle);
    if (!found) throw new LabError(`no memory with handle ${handle}`);
    return found;
  };

  return {
    ...inspect.handlers,
    async labLoad({ bytes, name }) {
      const code = new Uint8Array(bytes);
      const info = decodeModule(code);
      if (info.imports.length > 0)
        throw new LabError(
          `the lab instantiates modules without imports; ${name} imports ${info.imports
            .slice(0, 3)
            .map((i) => `${i.module}.${i.name}`)
            .join(', ')}`,
        );
      const { instance } = await WebAssembly.instantiate(code);
      const loaded: number[] = [];
      const names: string[] = [];
      for (const entry of decodeExports(info, 0, exportCount(info))) {
        const value = instance.exports[entry.name];
        if (entry.kind === 'memory' && value instanceof WebAssembly.Memory) {
          const type = info.memories[entry.index - info.importedMemories];
          loaded.push(
            hold(value, `${name}: ${entry.name}`, type?.is64 ?? false, type?.shared ?? false),
          );
        } else if (entry.kind === 'func' && typeof value === 'function') {
          functions.set(entry.name, value as (...args: unknown[]) => unknown);
          names.push(entry.name);
        }
      }
      return { memories: loaded.map(describe), functions: names };
    },
    labCreate({ label, pages, maximum, memory64 }) {
      let memory: WebAssembly.Memory;
      try {
        memory = memory64
          ? new WebAssembly.Memory({
              initial: BigInt(pages),
              maximum: maximum === null ? undefined : BigInt(maximum),
              address: 'i64',
            } as unknown as WebAssembly.MemoryDescriptor)
          : new WebAssembly.Memory({ initial: pages, maximum: maximum ?? undefined });
      } catch (error) {
        throw new LabError(
          `could not create ${label}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (memory64 && memory.buffer.byteLength !== pages * 65536)
        throw new LabError('this engine has no memory64');
      return describe(hold(memory, label, memory64, false));
    },
    labCall({ name, args }) {
      const fn = functions.get(name);
      if (!fn) throw new LabError(`no exported function "${name}"`);
      const before = new Map(
        [...memories].map(([handle, m]) => [handle, m.memory.buffer.byteLength]),
      );
      const callId = nextCall++;
      const started = performance.now();
      let result: unknown;
      try {
        result = fn(...args);
      } finally {
        const grown = [...memories]
          .map(([handle, m]) => ({
            handle,
            from: before.get(handle) ?? 0,
            to: m.memory.buffer.byteLength,
          }))
          .filter((g) => g.to > g.from);
        emit('memory-changed', { callId, grown });
      }
      return {
        value: result === undefined ? null : String(result).slice(0, 256),
        ms: performance.now() - started,
        callId,
      };
    },
    labRead({ handle, offset, length }) {
      const bytes = new Uint8Array(held(handle).memory.buffer);
      const start = Math.min(offset, bytes.length);
      const copy = bytes.slice(start, Math.min(bytes.length, start + length));
      return withTransfer({ bytes: copy.buffer, size: bytes.length }, [copy.buffer]);
    },
    labIndexOfSearch({ handle, pattern, maxMatches }) {
      const memory = new Uint8Array(held(handle).memory.buffer);
      const wanted = new Uint8Array(pattern);
      const matches: number[] = [];
      const last = memory.length - wanted.length;
      for (let at = memory.indexOf(wanted[0]); at >= 0 && at <= last;) {
        let k = 1;
        while (k < wanted.length && memory[at + k] === wanted[k]) k++;
        if (k === wanted.length && matches.push(at) >= maxMatches) break;
        at = memory.indexOf(wanted[0], at + 1);
      }
      return { matches };
    },
    labWrite({ handle, offset, bytes }) {
      const target = new Uint8Array(held(handle).memory.buffer);
      if (offset + bytes.byteLength > target.length)
        throw new RangeError(`write past the end of memory at 0x${offset.toString(16)}`);
      target.set(new Uint8Array(bytes), offset);
      return null;
    },
  };
}

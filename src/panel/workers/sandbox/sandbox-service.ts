/**
 * The sandbox worker's service as plain functions over a {@link SandboxSession}: testable in
 * Node without a worker. `sandbox-worker.ts` only connects it to the worker's mailbox. Every
 * method sends the events it caused when it ends; methods that ran guest code or changed
 * stores send a registry snapshot with them. Searches and snapshots of the session's memories
 * are `src/panel/workers/memory`'s, run here next to the bytes (sliced: a call the panel sends
 * meanwhile runs between two slices, and the next slice reads the memory afresh).
 */
import { sandboxParamValidators, type SandboxApi } from '../../../protocol/sandbox/index.ts';
import {
  serveRpc,
  withTransfer,
  type MessageEndpoint,
  type RpcServer,
  type ServiceHandlers,
} from '../../../protocol/rpc/index.ts';
import { createMemoryInspectService } from '../memory/index.ts';
import type { EmitEvent } from './event-batcher.ts';
import { SandboxSession } from './sandbox-session.ts';

/** How deep a trap's stack is kept: enough to see a recursion, not the whole overflow. */
const STACK_TRACE_LIMIT = 100;

/** Handlers of every {@link SandboxApi} method, over a new session that emits through `emit`. */
export function createSandboxHandlers(emit: EmitEvent): {
  handlers: ServiceHandlers<SandboxApi>;
  session: SandboxSession;
} {
  // The worker is the session's own: deeper stacks make traps in recursion readable.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, STACK_TRACE_LIMIT);
  const session = new SandboxSession(emit);
  const inspect = createMemoryInspectService((handle) => session.memoryBytes(handle));
  /** Snapshots of memories the panel can no longer name hold their copies for nothing. */
  const forgetGone = (handles: readonly number[]): void => {
    const known = new Set(session.memoryHandles());
    for (const handle of handles) if (!known.has(handle)) inspect.forget(handle);
  };
  const around =
    <P, R>(snapshot: boolean, body: (params: P) => R) =>
    async (params: P): Promise<Awaited<R>> => {
      session.enterMethod();
      try {
        return await body(params);
      } finally {
        session.leaveMethod(snapshot);
      }
    };
  const handlers: ServiceHandlers<SandboxApi> = {
    hello: around(false, () => session.environment()),
    loadModule: around(true, ({ bytes, name }: SandboxApi['loadModule']['params']) =>
      session.loadModule(bytes, name),
    ),
    createStore: around(true, () => ({ storeId: session.createStore() })),
    disposeStore: around(true, ({ storeId, keepHandles }: SandboxApi['disposeStore']['params']) => {
      const memories = session.memoryHandles(storeId);
      session.disposeStore(storeId, keepHandles ?? false);
      forgetGone(memories);
      return null;
    }),
    instantiate: around(
      true,
      ({ storeId, moduleId, imports, wasi }: SandboxApi['instantiate']['params']) =>
        session.instantiate(storeId, moduleId, imports, wasi),
    ),
    setBehavior: around(
      false,
      ({ instanceId, importIndex, behavior }: SandboxApi['setBehavior']['params']) => {
        session.setBehavior(instanceId, importIndex, behavior);
        return null;
      },
    ),
    call: around(true, ({ func, args }: SandboxApi['call']['params']) => session.call(func, args)),
    createExternRef: around(true, ({ storeId, label }: SandboxApi['createExternRef']['params']) =>
      session.createExternRef(storeId, label),
    ),
    dropHandle: around(true, ({ handle }: SandboxApi['dropHandle']['params']) => {
      session.dropHandle(handle);
      forgetGone([handle]);
      return null;
    }),
    dropInstance: around(true, ({ instanceId }: SandboxApi['dropInstance']['params']) => ({
      dropped: session.dropInstance(instanceId),
    })),
    forgetStore: around(true, ({ storeId }: SandboxApi['forgetStore']['params']) => ({
      dropped: session.forgetStore(storeId),
    })),
    collectGarbage: around(true, () => session.collectGarbage()),
    watch: around(false, ({ windows }: SandboxApi['watch']['params']) => {
      session.watch(windows);
      return null;
    }),
    readMemory: async (params) => {
      const window = await around(false, (p: SandboxApi['readMemory']['params']) =>
        session.readMemory(p.handle, p.offset, p.length),
      )(params);
      return withTransfer(window, [window.bytes]);
    },
    writeMemory: around(false, ({ handle, offset, bytes }: SandboxApi['writeMemory']['params']) =>
      session.writeMemory(handle, offset, bytes),
    ),
    readTable: around(false, ({ handle, start, count }: SandboxApi['readTable']['params']) =>
      session.readTable(handle, start, count),
    ),
    setTableEntry: around(
      false,
      ({ handle, index, value }: SandboxApi['setTableEntry']['params']) => {
        session.setTableEntry(handle, index, value);
        return null;
      },
    ),
    readGlobals: around(false, ({ handles }: SandboxApi['readGlobals']['params']) =>
      session.readGlobals(handles),
    ),
    setGlobal: around(true, ({ handle, value }: SandboxApi['setGlobal']['params']) =>
      session.setGlobal(handle, value),
    ),
    wasiFiles: around(false, () => session.wasiFiles()),
    putWasiFile: around(false, ({ path, bytes }: SandboxApi['putWasiFile']['params']) =>
      session.putWasiFile(path, bytes),
    ),
    readWasiFile: async (params) => {
      const bytes = await around(false, ({ path }: SandboxApi['readWasiFile']['params']) =>
        session.readWasiFile(path),
      )(params);
      return withTransfer(bytes, [bytes]);
    },
    removeWasiFile: around(false, ({ path }: SandboxApi['removeWasiFile']['params']) =>
      session.removeWasiFile(path),
    ),
    registrySnapshot: around(false, () => session.registrySnapshot()),
    ...inspect.handlers,
  };
  return { handlers, session };
}

/**
 * Serves a new sandbox session on `endpoint` (a worker's global scope, a port in tests), its
 * events going out on the same endpoint.
 */
export function serveSandbox(endpoint: MessageEndpoint): {
  server: RpcServer;
  session: SandboxSession;
} {
  let server: RpcServer | null = null;
  const { handlers, session } = createSandboxHandlers((topic, payload, transfer) =>
    server?.emit(topic, payload, transfer),
  );
  server = serveRpc<SandboxApi>(endpoint, handlers, sandboxParamValidators);
  return { server, session };
}

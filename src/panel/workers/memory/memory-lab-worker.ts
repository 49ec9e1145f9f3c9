/** Entry of the Memory lab's worker: serves {@link createMemoryLabHandlers} on its mailbox. */
import { memoryLabValidators, type MemoryLabApi } from '../../../protocol/memory/index.ts';
import { serveRpc, type MessageEndpoint, type RpcServer } from '../../../protocol/rpc/index.ts';
import { createMemoryLabHandlers } from './memory-lab-service.ts';

const server: RpcServer = serveRpc<MemoryLabApi>(
  self as unknown as MessageEndpoint,
  createMemoryLabHandlers((topic, payload) => server.emit(topic, payload)),
  memoryLabValidators,
);

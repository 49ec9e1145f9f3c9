/** Entry of the panel's assemble worker: serves {@link createAssembleHandlers} on its mailbox. */
import { assembleApiValidators, type AssembleApi } from '../../../protocol/assemble/index.ts';
import { serveRpc, type MessageEndpoint } from '../../../protocol/rpc/index.ts';
import { createAssembleHandlers } from './assemble-service.ts';

serveRpc<AssembleApi>(
  self as unknown as MessageEndpoint,
  createAssembleHandlers(),
  assembleApiValidators,
);

/** Entry of the panel's decode worker: serves {@link createDecodeHandlers} on its mailbox. */
import { decodeApiValidators, type DecodeApi } from '../../../protocol/decode/index.ts';
import { serveRpc, type MessageEndpoint } from '../../../protocol/rpc/index.ts';
import { createDecodeHandlers } from './decode-service.ts';

serveRpc<DecodeApi>(
  self as unknown as MessageEndpoint,
  createDecodeHandlers(),
  decodeApiValidators,
);

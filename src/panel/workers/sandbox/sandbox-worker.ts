/** Entry of a sandbox worker: serves a sandbox session on its mailbox. */
import type { MessageEndpoint } from '../../../protocol/rpc/index.ts';
import { serveSandbox } from './sandbox-service.ts';

serveSandbox(self as unknown as MessageEndpoint);

/**
 * Typed, validated calls between the panel and its workers (decoding, the sandbox): an
 * envelope every message is checked against, a server for the worker side and a client for the
 * panel side, sharing one spec type per service.
 *
 * @example
 * ```ts
 * // worker
 * serveRpc<MathApi>(self, { add: ({ a, b }) => a + b }, { add: isPair });
 * // panel
 * const client = new RpcClient<MathApi>(worker);
 * await client.call('add', { a: 1, b: 2 }); // 3
 * ```
 */
export {
  RpcError,
  errorToData,
  parseRpcRequest,
  parseRpcResponse,
  type RpcCall,
  type RpcCancel,
  type RpcErrorData,
  type RpcRequest,
  type RpcResponse,
} from './envelope.ts';
export {
  withTransfer,
  type CallContext,
  type MessageEndpoint,
  type MethodOf,
  type MethodSpec,
  type ParamValidators,
  type ServiceHandlers,
  type ServiceSpec,
  type Transferring,
} from './service.ts';
export { serveRpc, type RpcServer } from './server.ts';
export { RpcClient, type CallOptions, type ResultValidators, type RpcProgress } from './client.ts';

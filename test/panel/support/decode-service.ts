/**
 * A decode service on this thread, reached over a MessageChannel as the panel reaches its
 * decode worker, for tests of the service and of the panel state that calls it.
 */
import { afterEach } from 'vitest';
import type { DecodeApi } from '../../../src/protocol/decode/index.ts';
import { decodeApiValidators } from '../../../src/protocol/decode/index.ts';
import { RpcClient, serveRpc, type MessageEndpoint } from '../../../src/protocol/rpc/index.ts';
import { createDecodeHandlers } from '../../../src/panel/workers/decode/decode-service.ts';

/** A client of a fresh decode service; `close` ends the client, the service and the channel. */
export function connectDecodeService(): { client: RpcClient<DecodeApi>; close: () => void } {
  const channel = new MessageChannel();
  const server = serveRpc<DecodeApi>(
    channel.port1 as unknown as MessageEndpoint,
    createDecodeHandlers(),
    decodeApiValidators,
  );
  const client = new RpcClient<DecodeApi>(channel.port2 as unknown as MessageEndpoint);
  const close = (): void => {
    server.close();
    client.close();
    channel.port1.close();
    channel.port2.close();
  };
  return { client, close };
}

/**
 * Call at a test file's top level: returns a function that connects a fresh decode service,
 * and closes every service it connected after each test.
 */
export function decodeServicesClosedAfterEach(): () => RpcClient<DecodeApi> {
  let closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers) close();
    closers = [];
  });
  return () => {
    const { client, close } = connectDecodeService();
    closers.push(close);
    return client;
  };
}

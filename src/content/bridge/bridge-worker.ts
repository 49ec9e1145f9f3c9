/**
 * The bridge frame's worker: posts every valid chunk from the relay's port on the extension's
 * bytes channel (see `protocol/bridge.ts`).
 */
import { BYTES_CHANNEL, parseBridgedChunk } from '../../protocol/index.ts';

const channel = new BroadcastChannel(BYTES_CHANNEL);

self.onmessage = (event: MessageEvent) => {
  const port = event.ports[0];
  if (!port) return;
  self.onmessage = null; // one port, handed over once
  port.onmessage = (message: MessageEvent) => {
    const chunk = parseBridgedChunk(message.data);
    if (chunk) channel.postMessage(chunk);
  };
};

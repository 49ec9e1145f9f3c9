/**
 * Yielding to the event loop from the hook's long jobs (sending a module in chunks, copying a
 * buffered response body). A message on a private `MessageChannel` is a task of its own and,
 * unlike `setTimeout(…, 0)`, is not clamped to 4 ms once timers nest, which would add 4 ms
 * per chunk to every transfer. The constructors are captured when the hook installs, before
 * page scripts run, so a page replacing them later changes nothing.
 */
const Channel = globalThis.MessageChannel;
const setTimeoutNative = globalThis.setTimeout.bind(globalThis);

let channel: MessageChannel | undefined;
const waiting: (() => void)[] = [];

/** Resolves on a later task, letting the page's own work run in between. */
export function nextTask(): Promise<void> {
  if (typeof Channel !== 'function') return new Promise((resolve) => setTimeoutNative(resolve, 0));
  if (channel === undefined) {
    channel = new Channel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // Node (the unit tests) would otherwise keep its event loop alive for the port.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

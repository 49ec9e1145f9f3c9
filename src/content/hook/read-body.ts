/**
 * Reads a (cloned) Response body chunk by chunk. `Response#arrayBuffer()` would assemble a
 * large module in one main-thread step; reading the stream copies the chunks into a buffer
 * sized from Content-Length when the body is not content-encoded, and yields to the event loop
 * every few milliseconds: a body that is already buffered (read after the engine compiled the
 * original) resolves every read at once, as one long chain of microtasks otherwise.
 */
import { nextTask } from './next-task.ts';

const SLICE_MS = 8;
// Captured at install time, like the channel `nextTask` uses: the page may replace it later.
const now = performance.now.bind(performance);

/**
 * The whole body as bytes, or null if it cannot be read. Yields to the event loop (through
 * `yieldTask`) whenever `sliceMs` have passed since it last did.
 */
export async function readBody(
  response: Response,
  sliceMs = SLICE_MS,
  yieldTask: () => Promise<void> = nextTask,
): Promise<Uint8Array | null> {
  const body = response.body;
  if (!body) return new Uint8Array(await response.arrayBuffer());
  const declared = Number(response.headers.get('content-length'));
  const encoded = response.headers.has('content-encoding');
  const reader = body.getReader();
  let buffer = new Uint8Array(
    !encoded && Number.isSafeInteger(declared) && declared > 0 ? declared : 64 * 1024,
  );
  let length = 0;
  let sliceStart = now();
  for (;;) {
    if (now() - sliceStart > sliceMs) {
      await yieldTask();
      sliceStart = now();
    }
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.length > buffer.length) {
      // Doubling keeps the number of whole-buffer copies logarithmic in the size.
      const grown = new Uint8Array(Math.max(buffer.length * 2, length + value.length));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(value, length);
    length += value.length;
  }
  return length === buffer.length ? buffer : buffer.slice(0, length);
}

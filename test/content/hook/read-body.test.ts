import { describe, expect, it } from 'vitest';
import { readBody } from '../../../src/content/hook/read-body.ts';

function chunkedResponse(chunks: Uint8Array[], headers: Record<string, string> = {}): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Response(stream, { headers });
}

function pattern(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
}

describe('readBody', () => {
  const chunks = Array.from({ length: 40 }, (_, i) => pattern(1000 + i * 997, i));
  const whole = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((offset, c) => (whole.set(c, offset), offset + c.length), 0);

  it('assembles a buffered multi-chunk body exactly, sized from Content-Length', async () => {
    const body = await readBody(
      chunkedResponse(chunks, { 'content-length': String(whole.length) }),
    );
    expect(body).toEqual(whole);
  });

  it('grows its buffer when the length is unknown or the body is content-encoded', async () => {
    expect(await readBody(chunkedResponse(chunks))).toEqual(whole);
    const encoded = chunkedResponse(chunks, {
      'content-length': '10',
      'content-encoding': 'gzip',
    });
    expect(await readBody(encoded)).toEqual(whole);
  });

  it('gives the event loop a turn between slices while it copies a buffered body', async () => {
    // Every read of a buffered stream resolves at once; without slicing, no task could run
    // until the whole body was copied. With 0 ms slices it must yield before every read. (The
    // yield is counted rather than observed through a timer: Node drains a MessagePort's
    // messages in one turn, so only a browser turns its event loop per message.)
    const big = Array.from({ length: 16 }, (_, i) => new Uint8Array(1 << 20).fill(i));
    let yields = 0;
    const body = await readBody(chunkedResponse(big), 0, () => {
      yields++;
      return new Promise((resolve) => setImmediate(resolve));
    });
    expect(body?.length).toBe(16 << 20);
    expect(body?.[(5 << 20) + 7]).toBe(5);
    expect(yields).toBeGreaterThanOrEqual(8);
  });
});

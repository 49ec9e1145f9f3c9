/**
 * Serves generated test pages and modules from memory on two origins: `http://127.0.0.1:<a>`
 * (the inspected pages) and `http://localhost:<b>` (a different site, for cross-origin
 * iframes, which Chromium then runs out of process).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One served resource. */
export interface Resource {
  body: string | Uint8Array;
  contentType: string;
  /** Split the body into this many chunks, written `chunkDelayMs` apart (a slow network). */
  chunks?: number;
  chunkDelayMs?: number;
  /** Extra response headers (a Content-Security-Policy, say). */
  headers?: Record<string, string>;
}

/** Content types the pages use. */
export const CONTENT_TYPE = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  wasm: 'application/wasm',
} as const;

/** The two-origin in-memory server. */
export class TestServer {
  private readonly resources = new Map<string, Resource>();
  private readonly servers: http.Server[] = [];
  /** `http://127.0.0.1:<port>`: where the inspected pages live. */
  origin = '';
  /** `http://localhost:<port>`: a second site for cross-origin frames. */
  crossOrigin = '';

  /** Serves `resource` at `path` (starting with `/`) on both origins; returns the path. */
  add(path: string, resource: Resource): string {
    this.resources.set(path, resource);
    return path;
  }

  /** Serves an HTML page at `path`. */
  page(path: string, html: string): string {
    return this.add(path, { body: html, contentType: CONTENT_TYPE.html });
  }

  /** Starts both listeners. */
  async start(): Promise<void> {
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const server = http.createServer((request, response) => void this.serve(request, response));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      ports.push((server.address() as AddressInfo).port);
      this.servers.push(server);
    }
    this.origin = `http://127.0.0.1:${ports[0]}`;
    this.crossOrigin = `http://localhost:${ports[1]}`;
  }

  /** Stops both listeners. */
  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://server').pathname;
    const resource = this.resources.get(path);
    if (!resource) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`no resource at ${path}`);
      return;
    }
    const body =
      typeof resource.body === 'string' ? Buffer.from(resource.body, 'utf8') : resource.body;
    response.writeHead(200, {
      'content-type': resource.contentType,
      'cache-control': 'no-store',
      // Worker and iframe pages on the other origin fetch modules from here.
      'access-control-allow-origin': '*',
      ...(resource.chunks ? {} : { 'content-length': String(body.byteLength) }),
      ...resource.headers,
    });
    const chunks = Math.max(1, resource.chunks ?? 1);
    const chunkSize = Math.ceil(body.byteLength / chunks);
    for (let offset = 0; offset < body.byteLength; offset += chunkSize) {
      if (offset > 0 && resource.chunkDelayMs) {
        await new Promise((resolve) => setTimeout(resolve, resource.chunkDelayMs));
      }
      response.write(body.subarray(offset, offset + chunkSize));
    }
    response.end();
  }
}

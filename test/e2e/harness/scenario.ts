/**
 * Serving one test's module and page in one call, so each test file states only its
 * behaviour: what the page does with the module and what the panel must show.
 */
import { smallModule, type Fixture } from './fixtures.ts';
import { testPage } from './pages.ts';
import { CONTENT_TYPE, type Resource, type TestServer } from './server.ts';

/** A served small module and page. */
export interface ServedScenario {
  module: Fixture;
  /** Absolute URL of the module on the main origin. */
  wasmUrl: string;
  /** Absolute URL of the page on the main origin. */
  pageUrl: string;
}

/**
 * Serves a fresh small module tagged with `slug` at `/<slug>/module.wasm`, and a page at
 * `/<slug>/index.html` whose script is `body(wasmUrlLiteral)`; the argument is the module URL as
 * a JS string literal.
 */
export async function serveScenario(
  server: TestServer,
  slug: string,
  body: (wasmUrlLiteral: string) => string,
  transport: Pick<Resource, 'chunks' | 'chunkDelayMs'> = {},
): Promise<ServedScenario> {
  const module = await smallModule(slug);
  const wasmPath = server.add(`/${slug}/module.wasm`, {
    body: module.bytes,
    contentType: CONTENT_TYPE.wasm,
    ...transport,
  });
  const pagePath = server.page(
    `/${slug}/index.html`,
    testPage(slug, body(JSON.stringify(wasmPath))),
  );
  return { module, wasmUrl: server.origin + wasmPath, pageUrl: server.origin + pagePath };
}

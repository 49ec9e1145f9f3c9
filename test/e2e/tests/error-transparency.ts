/**
 * Errors pass through the hook unchanged: for malformed bytes, a missing import, a wrong
 * argument type and a wrong MIME type, every entry point throws the same error class with
 * the same message as in a Chromium without the extension.
 */
import assert from 'node:assert/strict';
import { MALFORMED_MODULES } from '../harness/fixtures.ts';
import { openPage } from '../harness/inspected-page.ts';
import { testPage } from '../harness/pages.ts';
import { CONTENT_TYPE } from '../harness/server.ts';
import { chromiumTest } from '../harness/suite.ts';

/** A module importing `env.missing`, so instantiating it without imports is a TypeError/LinkError. */
const NEEDS_IMPORT = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0f,
  0x01, 0x03, 0x65, 0x6e, 0x76, 0x07, 0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 0x00, 0x00,
];

export default chromiumTest({
  name: 'every entry point throws the same errors as without the extension',
  async run({ server, slug, tab, plainBrowser }) {
    const badPath = server.add(`/${slug}/bad.wasm`, {
      body: new Uint8Array(MALFORMED_MODULES.truncatedSection),
      contentType: CONTENT_TYPE.wasm,
    });
    const wrongMimePath = server.add(`/${slug}/wrong-mime.wasm`, {
      body: new Uint8Array(NEEDS_IMPORT),
      contentType: 'text/plain',
    });
    const pagePath = server.page(
      `/${slug}/index.html`,
      testPage(
        slug,
        `const badMagic = new Uint8Array(${JSON.stringify(MALFORMED_MODULES.badMagic)});
        const truncated = new Uint8Array(${JSON.stringify(MALFORMED_MODULES.truncatedSection)});
        const needsImport = new Uint8Array(${JSON.stringify(NEEDS_IMPORT)});
        const linkable = new WebAssembly.Module(needsImport);
        const badImport = { env: { missing: 42 } };
        return {
          compileBadMagic: await settle(() => WebAssembly.compile(badMagic)),
          compileTruncated: await settle(() => WebAssembly.compile(truncated)),
          compileNotBytes: await settle(() => WebAssembly.compile('not bytes')),
          compileStreamingBad: await settle(() => WebAssembly.compileStreaming(fetch(${JSON.stringify(badPath)}))),
          compileStreamingMime: await settle(() => WebAssembly.compileStreaming(fetch(${JSON.stringify(wrongMimePath)}))),
          instantiateBadMagic: await settle(() => WebAssembly.instantiate(badMagic)),
          instantiateMissingImports: await settle(() => WebAssembly.instantiate(needsImport)),
          instantiateModuleBadImport: await settle(() => WebAssembly.instantiate(linkable, badImport)),
          instantiateStreamingBad: await settle(() => WebAssembly.instantiateStreaming(fetch(${JSON.stringify(badPath)}))),
          instantiateStreamingMime: await settle(() => WebAssembly.instantiateStreaming(fetch(${JSON.stringify(wrongMimePath)}))),
          moduleBadMagic: await settle(() => new WebAssembly.Module(badMagic)),
          moduleTruncated: await settle(() => new WebAssembly.Module(truncated)),
          moduleNoArgument: await settle(() => new WebAssembly.Module()),
          instanceBadImport: await settle(() => new WebAssembly.Instance(linkable, badImport)),
          instanceNotModule: await settle(() => new WebAssembly.Instance({})),
          validateTruncated: WebAssembly.validate(truncated),
        };`,
      ),
    );
    const url = server.origin + pagePath;
    await tab.page.navigate(url);
    const withExtension = await tab.page.result<Record<string, unknown>>();

    const plain = await openPage((await plainBrowser()).cdp);
    try {
      await plain.navigate(url);
      const withoutExtension = await plain.result<Record<string, unknown>>();
      // Guards the fixtures: a case that succeeds would compare nothing about errors.
      for (const [name, outcome] of Object.entries(withoutExtension)) {
        if (name === 'validateTruncated') assert.equal(outcome, false);
        else
          assert.ok(
            outcome && typeof outcome === 'object' && 'name' in outcome,
            `${name} must fail`,
          );
      }
      assert.deepEqual(withExtension, withoutExtension);
    } finally {
      await plain.close();
    }
  },
});

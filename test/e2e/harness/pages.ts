/**
 * HTML for test pages. A page's script runs as a module; whatever its body returns becomes
 * the value of `window.__e2eResult` (a promise), which the test reads back.
 */

/** Functions every test page script can use. */
const PAGE_PRELUDE = `
const fetchBytes = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
const exportNames = (module) => WebAssembly.Module.exports(module).map((e) => e.name);
const check = (condition, message) => { if (!condition) throw new Error('check failed: ' + message); };
const describeError = (error) => ({
  name: error && error.constructor && error.constructor.name,
  message: String(error && error.message),
  isCompileError: error instanceof WebAssembly.CompileError,
  isLinkError: error instanceof WebAssembly.LinkError,
  isTypeError: error instanceof TypeError,
});
const settle = async (run) => { try { await run(); return { ok: true }; } catch (error) { return describeError(error); } };
`;

/** A page whose module script `body` (async function body) produces the page's result. */
export function testPage(title: string, body: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
<script type="module">
${PAGE_PRELUDE}
window.__e2eResult = (async () => {
${body}
})();
</script></body></html>`;
}

/** A page that only holds iframes and passes on the result each posts to it. */
export function framesPage(title: string, frameUrls: string[]): string {
  const frames = frameUrls.map((url) => `<iframe src="${url}"></iframe>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
<script>
window.__e2eResult = new Promise((resolve) => {
  const results = [];
  addEventListener('message', (event) => {
    if (!event.data || event.data.e2eFrameResult === undefined) return;
    results.push({ origin: event.origin, result: event.data.e2eFrameResult });
    if (results.length === ${frameUrls.length}) resolve(results);
  });
});
</script>
${frames}
</body></html>`;
}

/** A page meant to live in an iframe: posts its script's result to the parent. */
export function framePage(title: string, body: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body>
<script type="module">
${PAGE_PRELUDE}
(async () => {
${body}
})().then(
  (result) => parent.postMessage({ e2eFrameResult: { ok: true, result } }, '*'),
  (error) => parent.postMessage({ e2eFrameResult: { ok: false, error: String(error && error.stack || error) } }, '*'),
);
</script></body></html>`;
}

/**
 * Makes a blob-started worker look like it was started from its real script URL: `location`,
 * and relative URLs given to fetch, importScripts, XMLHttpRequest and nested workers resolve
 * against the original script rather than the blob.
 */

function resolve(input: string | URL, base: string): string {
  try {
    return new URL(String(input), base).href;
  } catch {
    return String(input);
  }
}

/** Patches `scope` so relative URLs resolve against `scriptUrl`. */
export function impersonateScriptUrl(scope: typeof globalThis, scriptUrl: string): void {
  const location = new URL(scriptUrl);
  const workerLocation = {
    href: location.href,
    origin: location.origin,
    protocol: location.protocol,
    host: location.host,
    hostname: location.hostname,
    port: location.port,
    pathname: location.pathname,
    search: location.search,
    hash: location.hash,
    toString: () => location.href,
  };
  Object.defineProperty(scope, 'location', { get: () => workerLocation, configurable: true });

  const nativeFetch = scope.fetch;
  if (typeof nativeFetch === 'function') {
    scope.fetch = new Proxy(nativeFetch, {
      apply(target, thisArg, args: [RequestInfo | URL, ...unknown[]]) {
        const [input, ...rest] = args;
        const resolved =
          typeof input === 'string' || input instanceof URL ? resolve(input, scriptUrl) : input;
        return Reflect.apply(target, thisArg, [resolved, ...rest]);
      },
    });
  }
  const nativeImportScripts = scope.importScripts;
  if (typeof nativeImportScripts === 'function') {
    scope.importScripts = new Proxy(nativeImportScripts, {
      apply(target, thisArg, urls: (string | URL)[]) {
        return Reflect.apply(
          target,
          thisArg,
          urls.map((url) => resolve(url, scriptUrl)),
        );
      },
    });
  }
  const xhr = scope.XMLHttpRequest?.prototype;
  if (xhr) {
    xhr.open = new Proxy(xhr.open, {
      apply(target, thisArg, args: [string, string | URL, ...unknown[]]) {
        const [method, url, ...rest] = args;
        return Reflect.apply(target, thisArg, [method, resolve(url, scriptUrl), ...rest]);
      },
    });
  }
}

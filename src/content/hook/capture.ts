/**
 * Wraps the six WebAssembly JS API entry points with Proxies, so the page gets the very same
 * functions' behaviour (results, errors, `name`, `length`, prototypes, native-looking
 * `toString`) while the hook sees every module and instance go by.
 */
import type { EntryPoint } from '../../protocol/index.ts';
import { readBody } from './read-body.ts';

/** What the wrappers report; the callbacks must never throw into the page. */
export interface CaptureSink {
  /** A module was compiled from `bytes` (a private copy) through `entry`. */
  module(module: WebAssembly.Module, bytes: Uint8Array, entry: EntryPoint, sourceUrl: string): void;
  /** `instance` was created from `module` with `imports`. */
  instance(instance: WebAssembly.Instance, module: WebAssembly.Module, imports: unknown): void;
}

type BufferSourceLike = ArrayBuffer | ArrayBufferView;

/** Copies the caller's bytes now, before the page can mutate the buffer; null if not bytes. */
function copyBytes(source: unknown): Uint8Array | null {
  try {
    if (ArrayBuffer.isView(source)) {
      const view = source as ArrayBufferView;
      return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
    }
    if (source instanceof ArrayBuffer) return new Uint8Array(source).slice();
    if (typeof SharedArrayBuffer === 'function' && source instanceof SharedArrayBuffer) {
      return new Uint8Array(source).slice();
    }
  } catch {
    // A detached buffer: the engine will reject it itself.
  }
  return null;
}

/**
 * Clones the page's Response before the engine consumes it, so streaming compilation is
 * untouched. Null when there is no Response or its body is already used.
 */
function cloneResponse(source: unknown): Response | null {
  if (typeof Response !== 'function' || !(source instanceof Response)) return null;
  try {
    return source.clone();
  } catch {
    return null; // body already used: the engine rejects the call with its own error
  }
}

/**
 * Reads the clone's body once the engine is done with the original (`settled`): reading it
 * meanwhile would put a task per network chunk on the page's main thread while the engine
 * compiles, which is when the page waits. Until then the clone's chunks wait in the tee. If
 * the page's call fails, the clone is dropped unread.
 */
function readCloneAfter(clone: Response, settled: Promise<unknown>): Promise<Uint8Array | null> {
  return settled
    .then(
      () => readBody(clone),
      () => {
        void clone.body?.cancel().catch(() => undefined);
        return null;
      },
    )
    .catch(() => null);
}

function safely(report: () => void): void {
  try {
    report();
  } catch {
    // Reporting must never change what the page observes.
  }
}

/** Replaces the entry points on `wasm` (the realm's `WebAssembly` namespace). */
export function wrapWebAssembly(wasm: typeof WebAssembly, sink: CaptureSink): void {
  const NativeModule = wasm.Module;

  const reportCompiled = (
    result: Promise<WebAssembly.Module | WebAssembly.WebAssemblyInstantiatedSource>,
    bytes: Promise<Uint8Array | null> | Uint8Array | null,
    entry: EntryPoint,
    sourceUrl: string,
    imports: unknown,
  ): void => {
    void Promise.all([result, bytes]).then(
      ([value, copy]) =>
        safely(() => {
          const module = value instanceof NativeModule ? value : value.module;
          if (copy) sink.module(module, copy, entry, sourceUrl);
          if (!(value instanceof NativeModule)) sink.instance(value.instance, module, imports);
        }),
      () => undefined, // the page sees the rejection through its own promise
    );
  };

  wasm.compile = new Proxy(wasm.compile, {
    apply(target, thisArg, args: [BufferSourceLike, ...unknown[]]) {
      const bytes = copyBytes(args[0]);
      const result = Reflect.apply(target, thisArg, args) as Promise<WebAssembly.Module>;
      reportCompiled(result, bytes, 'compile', '', undefined);
      return result;
    },
  });

  wasm.instantiate = new Proxy(wasm.instantiate, {
    apply(target, thisArg, args: unknown[]) {
      const [source, imports] = args;
      if (source instanceof NativeModule) {
        const result = Reflect.apply(target, thisArg, args) as Promise<WebAssembly.Instance>;
        void result.then(
          (instance) => safely(() => sink.instance(instance, source, imports)),
          () => undefined,
        );
        return result;
      }
      const bytes = copyBytes(source);
      const result = Reflect.apply(
        target,
        thisArg,
        args,
      ) as Promise<WebAssembly.WebAssemblyInstantiatedSource>;
      reportCompiled(result, bytes, 'instantiate', '', imports);
      return result;
    },
  });

  const wrapStreaming = (
    name: 'compileStreaming' | 'instantiateStreaming',
    native: ((...args: never[]) => Promise<unknown>) | undefined,
  ): void => {
    if (typeof native !== 'function') return;
    (wasm as unknown as Record<string, unknown>)[name] = new Proxy(native, {
      apply(target, thisArg, args: unknown[]) {
        // The engine awaits a promised Response too; awaiting it here lets us clone it first.
        return Promise.resolve(args[0]).then((response) => {
          const clone = cloneResponse(response);
          const forwarded = [response, ...args.slice(1)];
          const result = Reflect.apply(target, thisArg, forwarded) as Promise<
            WebAssembly.Module | WebAssembly.WebAssemblyInstantiatedSource
          >;
          if (clone) {
            const bytes = readCloneAfter(clone, result);
            reportCompiled(result, bytes, name, (response as Response).url, args[1]);
          }
          return result;
        });
      },
    });
  };
  wrapStreaming('compileStreaming', wasm.compileStreaming);
  wrapStreaming('instantiateStreaming', wasm.instantiateStreaming);

  const ModuleProxy = new Proxy(NativeModule, {
    construct(target, args: [BufferSourceLike], newTarget) {
      const bytes = copyBytes(args[0]);
      const module = Reflect.construct(target, args, newTarget) as WebAssembly.Module;
      if (bytes) safely(() => sink.module(module, bytes, 'Module', ''));
      return module;
    },
  });
  wasm.Module = ModuleProxy;

  const NativeInstance = wasm.Instance;
  const InstanceProxy = new Proxy(NativeInstance, {
    construct(target, args: [WebAssembly.Module, unknown], newTarget) {
      const instance = Reflect.construct(target, args, newTarget) as WebAssembly.Instance;
      safely(() => sink.instance(instance, args[0], args[1]));
      return instance;
    },
  });
  wasm.Instance = InstanceProxy;

  // `WebAssembly.Module.prototype.constructor === WebAssembly.Module` must keep holding.
  for (const [native, proxy] of [
    [NativeModule, ModuleProxy],
    [NativeInstance, InstanceProxy],
  ] as const) {
    Object.defineProperty(native.prototype, 'constructor', {
      value: proxy,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}

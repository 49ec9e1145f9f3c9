/**
 * `Module`: wraps `WebAssembly.Module`. The bytes are decoded (structure only, bodies are
 * skipped) to type imports and exports; compilation failures are classified as malformed bytes
 * (`decode`), features the engine lacks (`unsupported`), or the engine's own verdict (`compile`).
 */
import { WasmDecodeError, decodeModule, scanFeatures, type ModuleInfo } from '../wasm/index.ts';
import type { Engine } from './engine.ts';
import { LayerError, describeError } from './errors.ts';
import { missingFeatures, unsupportedFeaturesMessage } from './features/index.ts';
import { exportTypesOf, importTypesOf } from './module-types.ts';
import type { ExportType, ExternType, ImportType } from './types.ts';

/** Module bytes: any buffer source, including a `Uint8Array` over any kind of buffer. */
export type ModuleBytes = BufferSource | Uint8Array;

function bytesOf(source: ModuleBytes): Uint8Array {
  const value: unknown = source;
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value))
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new LayerError('type', `Module: expected a BufferSource but found ${typeof value}`);
}

interface Decoded {
  info: ModuleInfo;
  imports: ImportType[];
  exports: (ExportType & { index: number })[];
}

// Like the reference, the boundary types are converted before compiling, so a module the layer
// cannot represent is reported as such even when the engine would also refuse it. Unlike the
// reference, types used only inside the module (GC structs, arrays, rec groups, subtypes) are
// the engine's business: `unsupported` is kept for what the engine lacks or the API cannot carry.
function decode(bytes: Uint8Array): Decoded {
  try {
    const info = decodeModule(bytes);
    return { info, imports: importTypesOf(info), exports: exportTypesOf(info) };
  } catch (error) {
    if (error instanceof WasmDecodeError) {
      throw new LayerError(
        'decode',
        `Module: malformed bytes at offset ${error.offset}: ${error.message}`,
        error,
      );
    }
    throw error;
  }
}

// Chrome refuses synchronous compilation of big modules on a page's main thread.
function isMainThreadSizeLimit(error: unknown): boolean {
  return (
    error instanceof RangeError && /main thread|WebAssembly\.compile|8MB|4KB/i.test(error.message)
  );
}

function compileFailure(info: ModuleInfo, error: unknown): LayerError {
  if (isMainThreadSizeLimit(error)) {
    return new LayerError(
      'compile',
      `Module.new: the engine refuses to compile a module of ${info.bytes.length} bytes synchronously ` +
        `on this thread (${describeError(error)}); use the asynchronous Module.compile instead`,
      error,
    );
  }
  let missing: string[];
  try {
    missing = missingFeatures(scanFeatures(info).used.map((u) => u.feature));
  } catch (scanError) {
    if (scanError instanceof WasmDecodeError) {
      return new LayerError(
        'decode',
        `Module: malformed bytes at offset ${scanError.offset}: ${scanError.message}`,
        scanError,
      );
    }
    throw scanError;
  }
  if (missing.length > 0) {
    return new LayerError(
      'unsupported',
      unsupportedFeaturesMessage(missing as Parameters<typeof unsupportedFeaturesMessage>[0]),
      error,
    );
  }
  const message = error instanceof Error ? error.message : describeError(error);
  return new LayerError('compile', message, error);
}

/**
 * A compiled module, with its imports and exports typed.
 *
 * @example
 * ```ts
 * const module = Module.new(engine, bytes);
 * module.exports().map((e) => `${e.name}: ${e.type}`); // ["add_one: func(i32) -> i32"]
 * ```
 */
export class Module {
  /** The decoded structure (function bodies are located, not decoded). */
  readonly info: ModuleInfo;
  /** Engine-unique id (as in `engine.registry` events). */
  readonly id: number;
  readonly #engine: Engine;
  readonly #compiled: WebAssembly.Module;
  readonly #imports: ImportType[];
  readonly #exports: Map<string, ExportType & { index: number }>;

  private constructor(engine: Engine, decoded: Decoded, compiled: WebAssembly.Module) {
    const info = decoded.info;
    this.#engine = engine;
    this.info = info;
    this.#compiled = compiled;
    this.#imports = decoded.imports;
    this.#exports = new Map(decoded.exports.map((e) => [e.name, e]));
    this.id = engine.registry.nextId();
    if (engine.registry.listening) {
      engine.registry.emit({
        kind: 'module-compiled',
        moduleId: this.id,
        size: info.bytes.length,
        imports: this.#imports.length,
        exports: this.#exports.size,
      });
    }
  }

  /**
   * Compiles `bytes` synchronously. Fails with `decode` (malformed bytes, with the offset),
   * `unsupported` (features the engine lacks, one ` - <feature>` line each; or imports/exports
   * the layer cannot represent), or `compile` (the engine's message). Browsers refuse big
   * modules synchronously on a page's main thread: use {@link Module.compile} there.
   *
   * @example
   * ```ts
   * const module = Module.new(engine, await (await fetch('app.wasm')).arrayBuffer());
   * ```
   */
  static new(engine: Engine, bytes: ModuleBytes): Module {
    const view = bytesOf(bytes);
    const decoded = decode(view);
    let compiled: WebAssembly.Module;
    try {
      compiled = new WebAssembly.Module(view as Uint8Array<ArrayBuffer>);
    } catch (error) {
      throw compileFailure(decoded.info, error);
    }
    return new Module(engine, decoded, compiled);
  }

  /**
   * Compiles `bytes` asynchronously (any size, any thread); fails like {@link Module.new}.
   *
   * @example
   * ```ts
   * const module = await Module.compile(engine, bytes);
   * ```
   */
  static async compile(engine: Engine, bytes: ModuleBytes): Promise<Module> {
    const view = bytesOf(bytes);
    // The engine compiles in the background while the structure is decoded here.
    const compiling = WebAssembly.compile(view as Uint8Array<ArrayBuffer>);
    let decoded: Decoded;
    try {
      decoded = decode(view);
    } catch (error) {
      compiling.catch(() => undefined);
      throw error;
    }
    let compiled: WebAssembly.Module;
    try {
      compiled = await compiling;
    } catch (error) {
      throw compileFailure(decoded.info, error);
    }
    return new Module(engine, decoded, compiled);
  }

  /** The module's imports; a repeated (module, name) appears once. */
  imports(): ImportType[] {
    return this.#imports.map((i) => ({ ...i }));
  }

  /** The module's exports, in declaration order. */
  exports(): ExportType[] {
    return [...this.#exports.values()].map(({ name, type }) => ({ name, type }));
  }

  /** The type of export `name`, or undefined. */
  getExport(name: string): ExternType | undefined {
    return this.#exports.get(name)?.type;
  }

  /** @internal */
  get engine(): Engine {
    return this.#engine;
  }

  /** @internal */
  get compiled(): WebAssembly.Module {
    return this.#compiled;
  }

  /** @internal Export `name` with its index, or undefined. */
  exportEntry(name: string): (ExportType & { index: number }) | undefined {
    return this.#exports.get(name);
  }

  /** @internal Export entries with their index. */
  get exportEntries(): Iterable<ExportType & { index: number }> {
    return this.#exports.values();
  }
}

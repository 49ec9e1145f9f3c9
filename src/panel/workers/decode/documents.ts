/**
 * The modules open in the decode worker. Each keeps its bytes, its `ModuleInfo` (never sent to
 * the panel) and caches of what was computed for it (filtered list indices, the code index), so
 * a window costs only its rows.
 */
import { WasmDecodeError, decodeModule, type ModuleInfo } from '../../../wasm/index.ts';
import { readSectionHeaders, type SectionHeaders } from './section-headers.ts';

/** One open module. */
export interface OpenModule {
  readonly docId: string;
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Null when the module could not be decoded. */
  readonly info: ModuleInfo | null;
  /** Why it could not be decoded. */
  readonly error: WasmDecodeError | null;
  readonly headers: SectionHeaders;
  /** Per-module memo of derived data, keyed by what it is. */
  readonly cache: Map<string, unknown>;
}

/** An error the panel can act on: the document is not (or no longer) open here. */
export class UnknownDocumentError extends Error {
  override readonly name = 'UnknownDocumentError';
  readonly code = 'unknown-document';
  constructor(docId: string) {
    super(`module ${docId} is not open`);
  }
}

/** The set of open modules of one worker. */
export class ModuleDocuments {
  readonly #open = new Map<string, OpenModule>();
  #next = 1;

  /** Decodes `bytes` (as far as it can) and keeps the result under a fresh id. */
  open(bytes: Uint8Array, name: string): OpenModule {
    let info: ModuleInfo | null = null;
    let error: WasmDecodeError | null = null;
    try {
      info = decodeModule(bytes);
    } catch (caught) {
      if (!(caught instanceof WasmDecodeError)) throw caught;
      error = caught;
    }
    const doc: OpenModule = {
      docId: `m${this.#next++}`,
      name,
      bytes,
      info,
      error,
      headers: readSectionHeaders(bytes),
      cache: new Map(),
    };
    this.#open.set(doc.docId, doc);
    return doc;
  }

  /** The open module `docId`; throws {@link UnknownDocumentError} when it is not open. */
  get(docId: string): OpenModule {
    const doc = this.#open.get(docId);
    if (!doc) throw new UnknownDocumentError(docId);
    return doc;
  }

  /** The decoded module `docId`; throws the decode error when it could not be decoded. */
  info(docId: string): ModuleInfo {
    const doc = this.get(docId);
    if (!doc.info) throw doc.error ?? new UnknownDocumentError(docId);
    return doc.info;
  }

  /** Forgets module `docId` (its bytes and caches become garbage). */
  close(docId: string): void {
    this.#open.delete(docId);
  }

  /** Memoizes `compute()` under `key` for module `doc`. */
  static memo<T>(doc: OpenModule, key: string, compute: () => T): T {
    if (doc.cache.has(key)) return doc.cache.get(key) as T;
    const value = compute();
    doc.cache.set(key, value);
    return value;
  }
}

/**
 * The modules open in the decode worker. Each keeps its bytes, its `ModuleInfo` (never sent to
 * the panel) and caches of what was computed for it (filtered list indices, the code index), so
 * a window costs only its rows.
 *
 * A captured module whose bytes are still arriving is open as a stand-in expanded from its
 * skeleton: its structure is the real one, its instructions and payloads are placeholders.
 * Such a document answers only callers that ask for its structure; everyone else gets a
 * {@link PartialModuleError} until `complete` puts the verified bytes in its place.
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
  /** A stand-in from a skeleton: only its structure is real (see {@link ModuleAccess}). */
  readonly partial: boolean;
}

/**
 * What a caller reads of a module: `structure` (sections, counts, lists, names, body sizes),
 * which a stand-in has, or `full` (instructions, payload bytes), which only real bytes have.
 */
export type ModuleAccess = 'structure' | 'full';

/** An error the panel can act on: the module's bytes are still arriving. */
export class PartialModuleError extends Error {
  override readonly name = 'PartialModuleError';
  readonly code = 'bytes-arriving';
  constructor(docId: string) {
    super(`module ${docId} is still arriving: only its structure can be read yet`);
  }
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

  /**
   * Decodes `bytes` (as far as it can) and keeps the result under a fresh id; `partial` marks
   * a stand-in expanded from a skeleton.
   */
  open(bytes: Uint8Array, name: string, partial = false): OpenModule {
    const doc = decodeDocument(`m${this.#next++}`, bytes, name, partial);
    this.#open.set(doc.docId, doc);
    return doc;
  }

  /**
   * Puts the verified `bytes` in place of the stand-in `docId`: same id, fresh decode, empty
   * caches (whatever was derived from placeholders is gone).
   */
  complete(docId: string, bytes: Uint8Array): OpenModule {
    const doc = decodeDocument(docId, bytes, this.get(docId, 'structure').name, false);
    this.#open.set(docId, doc);
    return doc;
  }

  /**
   * The open module `docId`; throws {@link UnknownDocumentError} when it is not open, and
   * {@link PartialModuleError} when it is a stand-in and the caller needs `full` access.
   */
  get(docId: string, access: ModuleAccess = 'full'): OpenModule {
    const doc = this.#open.get(docId);
    if (!doc) throw new UnknownDocumentError(docId);
    if (doc.partial && access === 'full') throw new PartialModuleError(docId);
    return doc;
  }

  /** The decoded module `docId`; throws as {@link get} does, or the decode error. */
  info(docId: string, access: ModuleAccess = 'full'): ModuleInfo {
    const doc = this.get(docId, access);
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

function decodeDocument(
  docId: string,
  bytes: Uint8Array,
  name: string,
  partial: boolean,
): OpenModule {
  let info: ModuleInfo | null = null;
  let error: WasmDecodeError | null = null;
  try {
    info = decodeModule(bytes);
  } catch (caught) {
    if (!(caught instanceof WasmDecodeError)) throw caught;
    error = caught;
  }
  return {
    docId,
    name,
    bytes,
    info,
    error,
    headers: readSectionHeaders(bytes),
    cache: new Map(),
    partial,
  };
}

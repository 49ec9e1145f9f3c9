/**
 * The size profile (twiggy's `top`) and the downloads: the module's largest parts with their
 * share of the module, a window at a time, and the module as `.wasm` or as `.wat` text built in
 * the worker function by function.
 */
import { MAX_QUERY_CHARS } from './methods.ts';
import { isBoundedString, isCount, isId, isRecord } from '../guards.ts';

/** What a size row is. */
export type SizeItemKind = 'func' | 'data' | 'elem' | 'custom';

/** One part of the module and what it costs. */
export interface SizeRow {
  /** Position in the (unfiltered) list, largest first. */
  ordinal: number;
  kind: SizeItemKind;
  /** Function index (imports first), segment index, or custom section position. */
  index: number;
  /** Name from the name section (or export name), `data[3]`, or the custom section's name. */
  name: string;
  /** Bytes it takes in the module (a function: its size field and body). */
  size: number;
  /** Where it starts in the module. */
  offset: number;
}

/** A window of the size profile. */
export interface SizeWindow {
  /** Rows in the (filtered) profile. */
  total: number;
  /** Bytes in the module (the whole a share is of). */
  moduleSize: number;
  /** Bytes of all rows of the unfiltered profile together, by kind. */
  totals: Record<SizeItemKind, number>;
  rows: SizeRow[];
}

/** Method map of the size profile and downloads. */
export interface SizeMethods {
  sizeRows: {
    params: { docId: string; start: number; count: number; query: string };
    result: SizeWindow;
  };
  /** The module's bytes as a `Blob` (the worker's copy stays). */
  wasmBlob: { params: { docId: string }; result: Blob };
  /**
   * The module's text as a `Blob` of UTF-8, built a function at a time (never one string), with
   * progress; cancellable.
   */
  watBlob: { params: { docId: string }; result: Blob };
}

const hasDoc = (p: unknown): p is { docId: string } & Record<string, unknown> =>
  isRecord(p) && isId(p.docId);

/** Parameter validators of {@link SizeMethods}. */
export const sizeMethodValidators = {
  sizeRows: (p: unknown): p is SizeMethods['sizeRows']['params'] =>
    hasDoc(p) &&
    isCount(p.start) &&
    isCount(p.count, 2000) &&
    isBoundedString(p.query, MAX_QUERY_CHARS),
  wasmBlob: (p: unknown): p is SizeMethods['wasmBlob']['params'] => hasDoc(p),
  watBlob: (p: unknown): p is SizeMethods['watBlob']['params'] => hasDoc(p),
};

/**
 * The decode worker's methods for opening a module and reading its overview, features, lists
 * and bytes, with a validator for each method's parameters.
 */
import { isBoundedString, isCount, isId, isOneOf, isRecord } from '../guards.ts';
import { LIST_KINDS, type ListKind, type ListWindow } from './lists.ts';
import type { FeatureSummary, ModuleOverview } from './overview.ts';

/** Most rows one `rows` call returns. */
export const MAX_ROWS_PER_WINDOW = 2000;
/** Most bytes one `bytes` call returns. */
export const MAX_BYTES_PER_WINDOW = 1024 * 1024;
/** Longest filter or search text. */
export const MAX_QUERY_CHARS = 1024;

/** A fuzzy match of "go to function". */
export interface FunctionMatch {
  /** Function index. */
  index: number;
  /** Its name, or `func[index]`. */
  name: string;
  /** Higher is better. */
  score: number;
  /** Character positions of `name` that matched, for highlighting. */
  positions: number[];
}

/** Items of one element segment. */
export interface ElemItemsWindow {
  total: number;
  items: { ordinal: number; func: number | null; text: string }[];
}

/** Method map of the module-reading part of the decode worker. */
export interface ModuleMethods {
  open: { params: { bytes: ArrayBuffer; name: string }; result: ModuleOverview };
  close: { params: { docId: string }; result: null };
  features: { params: { docId: string }; result: FeatureSummary };
  rows: {
    params: { docId: string; list: ListKind; start: number; count: number; query: string };
    result: ListWindow;
  };
  findFunctions: {
    params: { docId: string; query: string; limit: number };
    result: FunctionMatch[];
  };
  bytes: { params: { docId: string; offset: number; length: number }; result: ArrayBuffer };
  elemItems: {
    params: { docId: string; segment: number; start: number; count: number };
    result: ElemItemsWindow;
  };
}

const hasDoc = (p: unknown): p is { docId: string } & Record<string, unknown> =>
  isRecord(p) && isId(p.docId);

/** Parameter validators of {@link ModuleMethods}. */
export const moduleMethodValidators = {
  open: (p: unknown): p is ModuleMethods['open']['params'] =>
    isRecord(p) && p.bytes instanceof ArrayBuffer && isBoundedString(p.name),
  close: (p: unknown): p is ModuleMethods['close']['params'] => hasDoc(p),
  features: (p: unknown): p is ModuleMethods['features']['params'] => hasDoc(p),
  rows: (p: unknown): p is ModuleMethods['rows']['params'] =>
    hasDoc(p) &&
    isOneOf(p.list, LIST_KINDS) &&
    isCount(p.start) &&
    isCount(p.count, MAX_ROWS_PER_WINDOW) &&
    isBoundedString(p.query, MAX_QUERY_CHARS),
  findFunctions: (p: unknown): p is ModuleMethods['findFunctions']['params'] =>
    hasDoc(p) && isBoundedString(p.query, MAX_QUERY_CHARS) && isCount(p.limit, 1000),
  bytes: (p: unknown): p is ModuleMethods['bytes']['params'] =>
    hasDoc(p) && isCount(p.offset) && isCount(p.length, MAX_BYTES_PER_WINDOW),
  elemItems: (p: unknown): p is ModuleMethods['elemItems']['params'] =>
    hasDoc(p) && isCount(p.segment) && isCount(p.start) && isCount(p.count, MAX_ROWS_PER_WINDOW),
};

/**
 * One module open in the panel: where it came from, the decode worker's handle and overview,
 * which tab shows, and the state each view keeps for it (attached lazily by the view's own
 * area, so adding a view never touches this file).
 */
import { signal, type Signal } from '@preact/signals';
import type { ModuleOverview } from '../../../protocol/decode/index.ts';
import type { RpcProgress } from '../../../protocol/rpc/index.ts';

/** Where a module came from. */
export type DocumentOrigin =
  | { kind: 'page'; hash: string; url: string }
  | { kind: 'file'; fileName: string }
  | { kind: 'editor' }
  | { kind: 'gallery'; exampleId: string };

/**
 * Which tab of a module shows (`overview`, `code`, …). The views own the list of tabs; the
 * state only remembers the choice per module.
 */
export type ModuleTabId = string;

/** Where opening a module is. */
export type DocumentPhase = 'opening' | 'open' | 'failed';

/** An open module. */
export interface ModuleDocument {
  /** Panel-local id (`d1`, `d2`, …). */
  readonly id: string;
  /** Tab title: file name, URL's last segment, example title. */
  readonly title: string;
  readonly origin: DocumentOrigin;
  /** Module size in bytes. */
  readonly size: number;
  readonly phase: Signal<DocumentPhase>;
  /** The decode worker's id for it, once open. */
  readonly docId: Signal<string | null>;
  readonly overview: Signal<ModuleOverview | null>;
  /** Why it could not be opened at all (a worker failure; decode errors are in the overview). */
  readonly failure: Signal<string | null>;
  /** Progress of the current long operation, if any. */
  readonly progress: Signal<RpcProgress | null>;
  readonly tab: Signal<ModuleTabId>;
  /** Cancels work in flight for this module (closing it aborts). */
  readonly abort: AbortController;
}

let nextId = 1;

/** A new document in the `opening` phase. */
export function createModuleDocument(
  title: string,
  origin: DocumentOrigin,
  size: number,
): ModuleDocument {
  return {
    id: `d${nextId++}`,
    title,
    origin,
    size,
    phase: signal<DocumentPhase>('opening'),
    docId: signal<string | null>(null),
    overview: signal<ModuleOverview | null>(null),
    failure: signal<string | null>(null),
    progress: signal<RpcProgress | null>(null),
    tab: signal<ModuleTabId>('overview'),
    abort: new AbortController(),
  };
}

const areas = new WeakMap<ModuleDocument, Map<string, unknown>>();

/**
 * The state area `key` of `doc`, created by `create` on first use. Each view's state (a list's
 * filter, the code view's position) lives here, and goes away with the document.
 */
export function documentArea<T>(doc: ModuleDocument, key: string, create: () => T): T {
  let map = areas.get(doc);
  if (!map) areas.set(doc, (map = new Map()));
  if (!map.has(key)) map.set(key, create());
  return map.get(key) as T;
}

/**
 * Whether two origins are the same module source (so opening it again selects it, or replaces
 * it). The editor is one source: it keeps one module open, whatever its text.
 */
export function sameOrigin(a: DocumentOrigin, b: DocumentOrigin): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'editor') return true;
  if (a.kind === 'page' && b.kind === 'page') return a.hash === b.hash;
  if (a.kind === 'gallery' && b.kind === 'gallery') return a.exampleId === b.exampleId;
  return false;
}

/**
 * The open modules and what the main area shows: the welcome page, the WAT editor, or one
 * module. Opening sends the bytes to the decode worker (moved, not copied) and fills the
 * document's overview when the worker answers.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { DecodeApi } from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import { followArrival, type ArrivingModule } from './arriving.ts';
import {
  createModuleDocument,
  sameOrigin,
  type DocumentOrigin,
  type ModuleDocument,
} from './module-document.ts';

/** What the main area shows. */
export type Surface = { kind: 'welcome' } | { kind: 'editor' } | { kind: 'module'; id: string };

/** The documents area of the store. */
export interface DocumentsState {
  /** Open modules, in tab order. */
  readonly list: Signal<ModuleDocument[]>;
  readonly surface: Signal<Surface>;
  /** The module the main area shows, if it shows one. */
  readonly active: ReadonlySignal<ModuleDocument | null>;
  /**
   * Opens a module from its bytes (which are moved to the worker: the caller's buffer is
   * detached afterwards). A module already open from the same origin is selected instead,
   * unless `replace` is set (the editor re-assembling its text).
   */
  open(
    bytes: ArrayBuffer,
    title: string,
    origin: DocumentOrigin,
    replace?: boolean,
  ): ModuleDocument;
  /**
   * Opens a module of `size` bytes that is still arriving from `source`: the document shows
   * its overview once the skeleton is here and is completed in place with the verified bytes
   * (see `arriving.ts`). A module already open from the same origin is selected instead.
   */
  openArriving(
    title: string,
    origin: DocumentOrigin,
    size: number,
    source: ArrivingModule,
  ): ModuleDocument;
  /** Shows `surface` in the main area. */
  show(surface: Surface): void;
  /** Closes module `id`: its worker copy is dropped and its work cancelled. */
  close(id: string): void;
  /** Closes every module. */
  clear(): void;
}

/** Creates the documents area; `decoder()` returns the (lazily started) decode worker. */
export function createDocumentsState(decoder: () => RpcClient<DecodeApi>): DocumentsState {
  const list = signal<ModuleDocument[]>([]);
  const surface = signal<Surface>({ kind: 'welcome' });
  const active = computed(() => {
    const current = surface.value;
    return current.kind === 'module' ? (list.value.find((d) => d.id === current.id) ?? null) : null;
  });

  const release = (doc: ModuleDocument): void => {
    doc.abort.abort();
    const docId = doc.docId.peek();
    if (docId)
      decoder()
        .call('close', { docId })
        .catch(() => undefined);
  };

  /** Adds `doc` in place of `existing` (or last) and shows it. */
  const insert = (doc: ModuleDocument, existing: ModuleDocument | undefined): void => {
    batch(() => {
      const others = existing ? list.peek().filter((d) => d !== existing) : list.peek();
      const at = existing ? list.peek().indexOf(existing) : others.length;
      const next = [...others];
      next.splice(at, 0, doc);
      list.value = next;
      surface.value = { kind: 'module', id: doc.id };
    });
    if (existing) release(existing);
  };

  const state: DocumentsState = {
    list,
    surface,
    active,
    open(bytes, title, origin, replace = false) {
      const existing = list.peek().find((doc) => sameOrigin(doc.origin, origin));
      if (existing && !replace) {
        surface.value = { kind: 'module', id: existing.id };
        return existing;
      }
      const doc = createModuleDocument(title, origin, bytes.byteLength);
      insert(doc, existing);
      decoder()
        .call('open', { bytes, name: title }, { transfer: [bytes], signal: doc.abort.signal })
        .then((overview) =>
          batch(() => {
            doc.overview.value = overview;
            doc.docId.value = overview.docId;
            doc.phase.value = 'open';
          }),
        )
        .catch((error: unknown) => {
          if (doc.abort.signal.aborted) return;
          batch(() => {
            doc.failure.value = error instanceof Error ? error.message : String(error);
            doc.phase.value = 'failed';
          });
        });
      return doc;
    },
    openArriving(title, origin, size, source) {
      const existing = list.peek().find((doc) => sameOrigin(doc.origin, origin));
      if (existing) {
        surface.value = { kind: 'module', id: existing.id };
        return existing;
      }
      const doc = createModuleDocument(title, origin, size);
      insert(doc, undefined);
      followArrival(doc, source, decoder);
      return doc;
    },
    show(next) {
      surface.value = next;
    },
    close(id) {
      const docs = list.peek();
      const at = docs.findIndex((doc) => doc.id === id);
      if (at < 0) return;
      const doc = docs[at];
      const rest = docs.filter((d) => d !== doc);
      batch(() => {
        list.value = rest;
        const current = surface.peek();
        if (current.kind === 'module' && current.id === id) {
          const neighbour = rest[Math.min(at, rest.length - 1)];
          surface.value = neighbour ? { kind: 'module', id: neighbour.id } : { kind: 'welcome' };
        }
      });
      release(doc);
    },
    clear() {
      for (const doc of list.peek()) release(doc);
      batch(() => {
        list.value = [];
        surface.value = { kind: 'welcome' };
      });
    },
  };
  return state;
}

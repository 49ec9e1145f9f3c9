/**
 * The Data tab's state of one module: which of its lists shows (data and element segments,
 * globals, tables, memories, tags), the bytes of the selected data segment and the items of
 * the selected element segment (both windowed through the decode worker), and the row a
 * `reveal` asked to bring into view.
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { DecodeApi, ElemItemsWindow, ListKind } from '../../../protocol/decode/index.ts';
import type { RpcClient } from '../../../protocol/rpc/index.ts';
import { byteRows } from '../common/byte-rows.ts';
import { WindowedRows } from '../common/windowed-rows.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import { listState } from './list-state.ts';
import type { RevealTarget } from './navigation.ts';

/** The lists of the Data tab, in tab order. */
export const DATA_LISTS = ['datas', 'elems', 'globals', 'tables', 'memories', 'tags'] as const;

/** One of {@link DATA_LISTS}. */
export type DataList = (typeof DATA_LISTS)[number];

/** One item of an element segment. */
export type ElemItem = ElemItemsWindow['items'][number];

/** How the hex view numbers bytes. */
export type AddressMode = 'segment' | 'memory' | 'file';

/** A row the view should bring into view once its list has rendered. */
export interface ScrollRequest {
  list: ListKind;
  index: number;
}

/** One module's Data tab state. */
export interface DataState {
  readonly list: Signal<DataList>;
  readonly scrollTo: Signal<ScrollRequest | null>;
  /** An element item to bring into view once the items have rendered. */
  readonly itemScrollTo: Signal<number | null>;
  /** The selected byte of the shown data segment (an offset in the segment). */
  readonly selectedByte: Signal<number | null>;
  readonly addressMode: Signal<AddressMode>;
  /** The selected item of the shown element segment. */
  readonly selectedItem: Signal<number | null>;
  /**
   * The bytes of data segment `index`, whose payload is `length` bytes at `payloadOffset`
   * of the module, as rows of `bytesPerRow` bytes. The previous rows are dropped.
   */
  segmentBytes(
    index: number,
    payloadOffset: number,
    length: number,
    bytesPerRow: number,
  ): WindowedRows<Uint8Array>;
  /** The items of element segment `index` (the previous segment's are dropped). */
  elemItems(index: number): WindowedRows<ElemItem>;
  /** Shows a `data` or `elem` reveal target: its list, its row selected and scrolled to. */
  show(target: Extract<RevealTarget, { kind: 'data' | 'elem' }>): void;
}

/** The Data state of `doc` (created on first use). */
export function dataState(doc: ModuleDocument, decoder: () => RpcClient<DecodeApi>): DataState {
  return documentArea(doc, 'data', () => {
    const list = signal<DataList>('datas');
    const scrollTo = signal<ScrollRequest | null>(null);
    const itemScrollTo = signal<number | null>(null);
    const selectedByte = signal<number | null>(null);
    const addressMode = signal<AddressMode>('segment');
    const selectedItem = signal<number | null>(null);
    const docIdOrThrow = (): string => {
      const docId = doc.docId.peek();
      if (!docId) throw new Error('the module is not open');
      return docId;
    };

    let bytes: { index: number; bytesPerRow: number; rows: WindowedRows<Uint8Array> } | null = null;
    let items: { index: number; rows: WindowedRows<ElemItem> } | null = null;

    const state: DataState = {
      list,
      scrollTo,
      itemScrollTo,
      selectedByte,
      addressMode,
      selectedItem,
      segmentBytes(index, payloadOffset, length, bytesPerRow) {
        if (bytes?.index === index && bytes.bytesPerRow === bytesPerRow) return bytes.rows;
        if (bytes?.index !== index) selectedByte.value = null;
        bytes?.rows.dispose();
        const read = async (offset: number, count: number): Promise<Uint8Array> => {
          const buffer = await decoder().call(
            'bytes',
            { docId: docIdOrThrow(), offset: payloadOffset + offset, length: count },
            { signal: doc.abort.signal },
          );
          return new Uint8Array(buffer);
        };
        const rows = byteRows(read, length, bytesPerRow);
        bytes = { index, bytesPerRow, rows };
        return rows;
      },
      elemItems(index) {
        if (items?.index === index) return items.rows;
        items?.rows.dispose();
        selectedItem.value = null;
        const rows = new WindowedRows<ElemItem>(async (start, count) => {
          const window = await decoder().call(
            'elemItems',
            { docId: docIdOrThrow(), segment: index, start, count },
            { signal: doc.abort.signal },
          );
          return { total: window.total, rows: window.items };
        });
        items = { index, rows };
        return rows;
      },
      show(target) {
        const kind: DataList = target.kind === 'data' ? 'datas' : 'elems';
        const segments = listState(doc, kind, decoder);
        // Ordinals equal indices only in the unfiltered list; clearing the filter also clears
        // the selection, so it comes first.
        segments.query.value = '';
        batch(() => {
          list.value = kind;
          segments.selected.value = target.index;
          scrollTo.value = { list: kind, index: target.index };
        });
        if (target.kind === 'elem' && target.item !== undefined) {
          // Switching segments clears the item selection: switch first, then select.
          state.elemItems(target.index);
          batch(() => {
            selectedItem.value = target.item ?? null;
            itemScrollTo.value = target.item ?? null;
          });
        }
      },
    };
    return state;
  });
}

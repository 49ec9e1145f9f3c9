/**
 * The decode worker's service as plain functions over {@link ModuleDocuments}: testable in
 * Node without a worker. `decode-worker.ts` only connects it to the worker's mailbox.
 */
import type { DecodeApi } from '../../../protocol/decode/index.ts';
import { withTransfer, type ServiceHandlers } from '../../../protocol/rpc/index.ts';
import { sha256Hex } from '../../../protocol/index.ts';
import {
  decodeConstExpr,
  decodeElemItems,
  type ConstExpr,
  type ModuleInfo,
} from '../../../wasm/index.ts';
import { ModuleDocuments } from './documents.ts';
import { featureSummary } from './features.ts';
import { findFunctions } from './find-functions.ts';
import { entityName, listWindow } from './lists.ts';
import { buildOverview } from './overview.ts';
import { constExprText } from './type-text.ts';

/** The function an element expression refers to (`ref.func 3`), or null (`ref.null`, GC values). */
function refFuncOf(info: ModuleInfo, expr: ConstExpr): number | null {
  try {
    const [first, second] = decodeConstExpr(info, expr);
    const ends = second === undefined || second.name === 'end';
    return ends && first?.imm.kind === 'func' ? first.imm.func : null;
  } catch {
    return null;
  }
}

/** Handlers of every {@link DecodeApi} method, over `documents`. */
export function createDecodeHandlers(
  documents = new ModuleDocuments(),
): ServiceHandlers<DecodeApi> {
  return {
    async open({ bytes, name }) {
      const view = new Uint8Array(bytes);
      const doc = documents.open(view, name);
      return buildOverview(doc, await sha256Hex(view));
    },
    close({ docId }) {
      documents.close(docId);
      return null;
    },
    features: ({ docId }) => featureSummary(documents.get(docId)),
    rows({ docId, list, start, count, query }) {
      const doc = documents.get(docId);
      return listWindow(doc, documents.info(docId), list, start, count, query);
    },
    findFunctions({ docId, query, limit }) {
      return findFunctions(documents.get(docId), documents.info(docId), query, limit);
    },
    bytes({ docId, offset, length }) {
      const { bytes } = documents.get(docId);
      const window = bytes.slice(
        Math.min(offset, bytes.length),
        Math.min(offset + length, bytes.length),
      );
      return withTransfer(window.buffer, [window.buffer]);
    },
    elemItems({ docId, segment, start, count }) {
      const doc = documents.get(docId);
      const info = documents.info(docId);
      const items = ModuleDocuments.memo(doc, `elem-items:${segment}`, () =>
        decodeElemItems(info, segment),
      );
      const end = Math.min(items.length, start + count);
      const window: { ordinal: number; func: number | null; text: string }[] = [];
      for (let i = start; i < end; i++) {
        const item = items[i];
        if (typeof item === 'number')
          window.push({ ordinal: i, func: item, text: entityName(doc, info, 'func', item) });
        else
          window.push({ ordinal: i, func: refFuncOf(info, item), text: constExprText(info, item) });
      }
      return { total: items.length, items: window };
    },
  };
}

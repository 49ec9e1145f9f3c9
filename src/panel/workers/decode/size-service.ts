/** The decode worker's size profile and download methods. */
import type { SizeMethods } from '../../../protocol/decode/index.ts';
import type { ServiceHandlers } from '../../../protocol/rpc/index.ts';
import { watBlob } from './code/index.ts';
import { namesOf } from './code-service.ts';
import type { ModuleDocuments } from './documents.ts';
import { sizeWindow } from './size-profile.ts';

/** Handlers of {@link SizeMethods}, over `documents`. */
export function createSizeHandlers(documents: ModuleDocuments): ServiceHandlers<SizeMethods> {
  return {
    sizeRows({ docId, start, count, query }) {
      return sizeWindow(documents.get(docId), documents.info(docId), start, count, query);
    },
    wasmBlob({ docId }) {
      return new Blob([documents.get(docId).bytes as Uint8Array<ArrayBuffer>], {
        type: 'application/wasm',
      });
    },
    watBlob({ docId }, call) {
      const doc = documents.get(docId);
      const info = documents.info(docId);
      return watBlob(info, namesOf(doc, info), {
        progress: (done, total) => call.progress(done, total, 'Writing the text'),
        checkpoint: () => call.checkpoint(),
      });
    },
  };
}

/**
 * Handlers for a captured module whose bytes are still arriving: the stand-in opened from its
 * skeleton, then replaced in place by the verified bytes.
 */
import type { ArrivalMethods } from '../../../protocol/decode/index.ts';
import { expandSkeleton, sha256Hex } from '../../../protocol/index.ts';
import { withTransfer, type ServiceHandlers } from '../../../protocol/rpc/index.ts';
import type { ModuleDocuments } from './documents.ts';
import { buildOverview } from './overview.ts';

/** Handlers of {@link ArrivalMethods} over `documents`. */
export function createArrivalHandlers(documents: ModuleDocuments): ServiceHandlers<ArrivalMethods> {
  return {
    openSkeleton({ skeleton, size, name, sha256 }) {
      // Throws SkeletonError for a skeleton that does not stand for `size` bytes.
      const standIn = expandSkeleton(new Uint8Array(skeleton), size);
      // The hash is the one the module was announced with; the bytes it names are checked when
      // they arrive (`complete`), and nothing runs a stand-in.
      return buildOverview(documents.open(standIn, name, true), sha256);
    },
    async complete({ docId, bytes, sha256 }) {
      const view = new Uint8Array(bytes);
      return buildOverview(documents.complete(docId, view), sha256 ?? (await sha256Hex(view)));
    },
    async sha256({ bytes }) {
      const digest = await sha256Hex(new Uint8Array(bytes));
      return withTransfer({ sha256: digest, bytes }, [bytes]);
    },
  };
}

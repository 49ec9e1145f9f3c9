/**
 * The decode worker's methods for a captured module whose bytes are still arriving: open it
 * from its skeleton (its structure, see `protocol/skeleton/`), then complete it in place with
 * the verified bytes, so the panel shows the overview long before the last byte is in.
 */
import { isBoundedString, isCount, isId, isRecord, isSha256Hex } from '../guards.ts';
import { MAX_MODULE_BYTES } from '../limits.ts';
import type { ModuleOverview } from './overview.ts';

/** Method map of the arrival part of the decode worker. */
export interface ArrivalMethods {
  /**
   * Opens a stand-in for a module of `size` bytes from its `skeleton`. The document reads as
   * the module's structure only (sections, counts, lists, names) until `complete` is called;
   * calls that need instructions or payload bytes fail with code `bytes-arriving`.
   */
  openSkeleton: {
    params: { skeleton: ArrayBuffer; size: number; name: string; sha256: string };
    result: ModuleOverview;
  };
  /**
   * Replaces the stand-in of `docId` with the module's verified bytes (same `docId`). `sha256`
   * is their hash when the caller already verified them (with {@link sha256}), so it is not
   * computed twice.
   */
  complete: {
    params: { docId: string; bytes: ArrayBuffer; sha256?: string };
    result: ModuleOverview;
  };
  /**
   * Hashes `bytes` and hands them back (both ways moved, not copied): the panel verifies a
   * captured module this way, because `crypto.subtle.digest` copies its input synchronously,
   * which for a 31 MB module holds the calling thread for 20–300 ms.
   */
  sha256: { params: { bytes: ArrayBuffer }; result: { sha256: string; bytes: ArrayBuffer } };
}

/** Parameter validators of {@link ArrivalMethods}. */
export const arrivalMethodValidators = {
  openSkeleton: (p: unknown): p is ArrivalMethods['openSkeleton']['params'] =>
    isRecord(p) &&
    p.skeleton instanceof ArrayBuffer &&
    isCount(p.size, MAX_MODULE_BYTES) &&
    isBoundedString(p.name) &&
    isSha256Hex(p.sha256),
  complete: (p: unknown): p is ArrivalMethods['complete']['params'] =>
    isRecord(p) &&
    isId(p.docId) &&
    p.bytes instanceof ArrayBuffer &&
    (p.sha256 === undefined || isSha256Hex(p.sha256)),
  sha256: (p: unknown): p is ArrivalMethods['sha256']['params'] =>
    isRecord(p) && p.bytes instanceof ArrayBuffer,
};

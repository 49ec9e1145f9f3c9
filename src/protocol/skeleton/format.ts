/**
 * The skeleton of a module: its bytes with the bulk payloads (function body instructions, data
 * segment contents, large opaque custom sections) left out and only their lengths kept. It is
 * what a panel needs to show a large captured module's overview while the full bytes are still
 * on their way, at a fraction of their size.
 *
 * Encoding (all integers unsigned LEB128):
 *
 * ```
 * magic 00 77 6c 73 ("\0wls", never "\0asm"), version 01, module size
 * then records to the end: kept length, kept bytes, hole (length × 2 + kind)
 * ```
 *
 * Expanding it lays the kept bytes and the holes end to end into a buffer of the module's size:
 * every offset, section size, body size and count is the real one. A hole of kind `zero` stays
 * zero (data payloads, custom section contents); a hole of kind `body` becomes `unreachable`s
 * ended by `end`, so each stand-in body is a valid body of its real length.
 */

/** First bytes of every skeleton. */
export const SKELETON_MAGIC = [0x00, 0x77, 0x6c, 0x73] as const;

/** Version byte this code writes and reads. */
export const SKELETON_VERSION = 1;

/** What fills a hole when the skeleton is expanded. */
export const HoleKind = {
  /** Zero bytes (data segment contents, opaque custom section contents). */
  zero: 0,
  /** The instructions of a function body: `unreachable` bytes, the last one `end` (0x0b). */
  body: 1,
} as const;

/** A hole's kind. */
export type HoleKind = (typeof HoleKind)[keyof typeof HoleKind];

/** Why a skeleton could not be expanded (it comes from the page, so it may be anything). */
export class SkeletonError extends Error {
  override readonly name = 'SkeletonError';

  constructor(
    reason: string,
    /** Offset in the skeleton where reading failed. */
    readonly offset: number,
  ) {
    super(`malformed module skeleton at byte ${offset}: ${reason}`);
  }
}

/**
 * What the Memory view reads: a linear memory's length and windows of its bytes, as Chrome's
 * Linear Memory Inspector reads a lazy byte array. The view cannot tell a sandbox instance (its
 * worker) from a page's own instance (live requests through the background), so one view
 * serves both.
 */

/** A linear memory, read a window at a time. */
export interface MemorySource {
  /** A stable id for caches and history (`sandbox:store1:inst2:memory0`). */
  readonly id: string;
  /** What the view's header says (`memory 0 of instance 2`). */
  readonly label: string;
  /** Whether addresses are 64-bit (memory64): the address column widens. */
  readonly is64: boolean;
  /** Current size in bytes (it changes when the memory grows). */
  length(): Promise<number>;
  /** Bytes `offset … offset + length - 1`, clamped to the memory's size. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Writes `bytes` at `offset`; absent when the source is read-only. */
  write?(offset: number, bytes: Uint8Array): Promise<void>;
  /**
   * Calls `listener` when the bytes may have changed without the view asking (a sandbox call
   * ran, or pushed its watched window during a long call); returns the unsubscribe function.
   * Absent when the source cannot tell (the view refreshes on its own schedule then).
   */
  onChange?(listener: () => void): () => void;
}

/**
 * Bytes of a long range (a data segment, a linear memory) as rows of a hex view: 16 bytes a
 * row, fetched a page of rows at a time and cached like any windowed list, so a 10 MB segment
 * costs what its visible rows cost.
 */
import { WindowedRows } from './windowed-rows.ts';

/** Bytes shown per hex row when there is room (8 in a narrow dock). */
export const BYTES_PER_ROW = 16;

/** Reads `length` bytes at `offset` of the range (fewer at its end). */
export type ByteReader = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * The rows of a `length`-byte range read through `read`: row `i` holds bytes
 * `i * bytesPerRow … (i + 1) * bytesPerRow - 1` (the last row may be shorter).
 */
export function byteRows(
  read: ByteReader,
  length: number,
  bytesPerRow = BYTES_PER_ROW,
): WindowedRows<Uint8Array> {
  const totalRows = Math.ceil(length / bytesPerRow);
  // 256 rows (4 KiB at 16 a row) a page: one request fills a tall viewport; 64 pages are kept.
  return new WindowedRows<Uint8Array>(
    async (start, count) => {
      const end = Math.min(totalRows, start + count);
      if (start >= end) return { total: totalRows, rows: [] };
      const offset = start * bytesPerRow;
      const bytes = await read(offset, Math.min(length, end * bytesPerRow) - offset);
      const rows: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += bytesPerRow) {
        rows.push(bytes.subarray(at, at + bytesPerRow));
      }
      return { total: totalRows, rows };
    },
    256,
    64,
  );
}

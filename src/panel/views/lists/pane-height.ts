/**
 * The height of a list pane sized to its rows, so a list of two rows (or none) does not take
 * half the tab from a list of thousands: toolbar, column header, the rows (at least one, or
 * the "No imports." note), and a title bar if it has one.
 */

const TOOLBAR = 27;
const HEADER = 21;
const ROW = 20;
const TITLE = 21;
const EMPTY_NOTE = 28;

/** Pixels a pane needs to show `total` rows without scrolling, up to `maxRows` rows. */
export function listPaneHeight(total: number | null, maxRows: number, titled = false): number {
  const body = total === 0 ? EMPTY_NOTE : Math.max(1, Math.min(maxRows, total ?? 1)) * ROW;
  return (titled ? TITLE : 0) + TOOLBAR + HEADER + body + 2;
}

/** Number and size formatting shared by the views, as DevTools writes them. */

/** `512 B`, `1.5 kB`, `31.3 MB` (DevTools uses decimal units). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1000 * 1000) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1000 * 1000 * 1000) return `${(bytes / 1000 / 1000).toFixed(1)} MB`;
  return `${(bytes / 1000 / 1000 / 1000).toFixed(2)} GB`;
}

/**
 * `1,234,567`. Integers are grouped by hand: the first `toLocaleString` call loads the
 * locale's data, a 100 ms task on the main thread.
 */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group},${grouped}`;
  }
  return value < 0 ? `-${grouped}` : grouped;
}

/** `0x1a2b` (lowercase, no padding). */
export function hex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** Zero-padded hex without prefix: `padHex(26, 8)` → `0000001a`. */
export function padHex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/** `12.5%` of a whole, with one decimal (or `<0.1%`). */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const value = (part / whole) * 100;
  if (value > 0 && value < 0.1) return '<0.1%';
  return `${value.toFixed(1)}%`;
}

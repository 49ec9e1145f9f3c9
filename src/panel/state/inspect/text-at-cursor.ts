/**
 * The strings that start at the cursor: a C string (bytes up to the first NUL, non-printable
 * ones escaped) and the same bytes decoded as UTF-8 (invalid sequences become U+FFFD), as a
 * debugger's watch of a `char *` shows them. Both stop at {@link TEXT_PREVIEW_BYTES}.
 */

/** Most bytes read for the text at the cursor. */
export const TEXT_PREVIEW_BYTES = 256;

/** The text starting at the cursor. */
export interface TextAtCursor {
  /** Bytes before the NUL (or all of them when none was found). */
  length: number;
  /** Whether a NUL ended it (false: it goes on past the preview, or past the memory). */
  terminated: boolean;
  /** `Hello\n` as `Hello\n` with escapes for bytes outside printable ASCII. */
  cString: string;
  /** The bytes as UTF-8. */
  utf8: string;
  /** Whether the UTF-8 decoding needed replacement characters. */
  utf8Valid: boolean;
}

const ESCAPES: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r', 34: '\\"', 92: '\\\\' };

/** A byte as it shows in a C string literal. */
export function escapeByte(byte: number): string {
  if (ESCAPES[byte]) return ESCAPES[byte];
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** The strings at the start of `bytes` (the memory from the cursor on). */
export function textAtCursor(bytes: Uint8Array): TextAtCursor {
  const preview = bytes.subarray(0, TEXT_PREVIEW_BYTES);
  const nul = preview.indexOf(0);
  const body = nul < 0 ? preview : preview.subarray(0, nul);
  let cString = '';
  for (const byte of body) cString += escapeByte(byte);
  // Cut off by the preview, the text may end inside a sequence: streaming holds that back.
  const stream = nul < 0;
  let utf8Valid = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body, { stream });
  } catch {
    utf8Valid = false;
  }
  return {
    length: body.length,
    terminated: nul >= 0,
    cString,
    utf8: new TextDecoder('utf-8').decode(body, { stream }),
    utf8Valid,
  };
}

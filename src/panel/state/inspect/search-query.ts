/**
 * What the Memory view's search box accepts, turned into the bytes to look for: hex (`de ad
 * be ef`, `deadbeef`, `0xde,0xad`) or text, encoded as UTF-8 (ASCII is its subset; a text
 * search may ignore the case of ASCII letters).
 */
import { MAX_SEARCH_PATTERN_BYTES } from '../../../protocol/memory/index.ts';

/** How the search box is read. */
export type SearchKind = 'hex' | 'text';

/** The outcome of {@link parseSearchQuery}. */
export type SearchQueryParse = { ok: true; pattern: Uint8Array } | { ok: false; error: string };

/** Turns the search box's text into a byte pattern. */
export function parseSearchQuery(text: string, kind: SearchKind): SearchQueryParse {
  let pattern: Uint8Array;
  if (kind === 'hex') {
    const tokens = text
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((token) => token.replace(/^0x/i, ''));
    if (tokens.length === 0) return { ok: false, error: 'enter hex bytes, like de ad be ef' };
    const digits: string[] = [];
    for (const token of tokens) {
      if (!/^[0-9a-fA-F]+$/.test(token)) return { ok: false, error: `"${token}" is not hex` };
      // A lone digit is a byte (`a` = 0a); longer runs are read two digits a byte.
      if (token.length === 1) digits.push(`0${token}`);
      else if (token.length % 2 === 1)
        return { ok: false, error: `"${token}" has an odd number of hex digits` };
      else for (let i = 0; i < token.length; i += 2) digits.push(token.slice(i, i + 2));
    }
    pattern = Uint8Array.from(digits, (pair) => parseInt(pair, 16));
  } else {
    if (text.length === 0) return { ok: false, error: 'enter text to find' };
    pattern = new TextEncoder().encode(text);
  }
  if (pattern.length > MAX_SEARCH_PATTERN_BYTES)
    return { ok: false, error: `the pattern is longer than ${MAX_SEARCH_PATTERN_BYTES} bytes` };
  return { ok: true, pattern };
}

/** One display line of the module's text, before it is numbered and sent. */
import type { CodeToken } from '../../../../protocol/decode/index.ts';
import { applyLinks, lexLine, wrapLine, type LinkRules } from './tokens.ts';

/** A line as the document builds it (the protocol's `CodeLine` without number and owner). */
export interface DocLine {
  text: string;
  tokens: CodeToken[];
  offset: number | null;
  length: number;
  /** Continues the previous line (a long line split for display). */
  wrapped: boolean;
}

/** Lines longer than this are split for display (at token boundaries). */
export const WRAP_CHARS = 240;

/** A line's text made into display lines: lexed, linked and, when long, wrapped. */
export function textLines(
  text: string,
  offset: number | null,
  length: number,
  rules?: LinkRules,
  extraLinks?: readonly ExplicitLink[],
): DocLine[] {
  const tokens = lexLine(text);
  if (extraLinks) attachLinks(tokens, extraLinks);
  applyLinks(text, tokens, rules);
  return wrapLine(text, tokens, WRAP_CHARS).map((piece, i) => ({
    text: piece.text,
    tokens: piece.tokens,
    offset,
    length,
    wrapped: i > 0,
  }));
}

/** A link over a character range of a line, known from how the line was built. */
export interface ExplicitLink {
  from: number;
  to: number;
  target: NonNullable<CodeToken['link']>;
}

/** Sets the link of each token that lies within one of `links`' ranges. */
export function attachLinks(tokens: CodeToken[], links: readonly ExplicitLink[]): void {
  if (links.length === 0) return;
  let l = 0;
  for (const token of tokens) {
    while (l < links.length && links[l].to <= token.from) l++;
    if (l === links.length) return;
    const link = links[l];
    if (token.from >= link.from && token.to <= link.to) token.link = link.target;
  }
}

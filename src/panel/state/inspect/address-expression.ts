/**
 * What the Memory view's address box accepts: `0x1f40`, `8000`, `ff00` (hex when it has a
 * hex letter), and small expressions of them with `+ - *`, parentheses and `.` for the
 * cursor: `0x10+4`, `. + 0x100`, `(0x400 - 8) * 2`. No eval: a small recursive-descent
 * parser over BigInt, so 64-bit addresses stay exact.
 */

/** The outcome of {@link parseAddress}: an address, or why not (with the column). */
export type AddressParse =
  { ok: true; address: number } | { ok: false; error: string; column: number };

/** Where an expression is evaluated. */
export interface AddressContext {
  /** The cursor's address (`.`). */
  cursor: number;
  /** The memory's size: a valid address is below it (an empty memory has none). */
  length: number;
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

type Token =
  | { kind: 'number'; value: bigint; column: number }
  | { kind: 'op'; value: '+' | '-' | '*' | '(' | ')' | '.'; column: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if ('+-*().'.includes(char)) {
      tokens.push({ kind: 'op', value: char as '+' | '-' | '*' | '(' | ')' | '.', column: i });
      i++;
      continue;
    }
    const word = /^[0-9a-fA-FxX_]+/.exec(text.slice(i))?.[0];
    if (!word) throw new ParseError(`unexpected "${char}"`, i);
    const clean = word.replace(/_/g, '');
    let value: bigint;
    if (/^0[xX][0-9a-fA-F]+$/.test(clean)) value = BigInt(clean);
    else if (/^[0-9]+$/.test(clean)) value = BigInt(clean);
    else if (/^[0-9a-fA-F]+$/.test(clean)) value = BigInt(`0x${clean}`);
    else throw new ParseError(`"${word}" is not a number (hex needs 0x or a letter a–f)`, i);
    tokens.push({ kind: 'number', value, column: i });
    i += word.length;
  }
  return tokens;
}

/** Parses `text` into an address inside the memory, or says why it is not one. */
export function parseAddress(text: string, context: AddressContext): AddressParse {
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) throw new ParseError('enter an address', 0);
    let position = 0;
    const peek = (): Token | undefined => tokens[position];
    const endColumn = text.length;

    const primary = (): bigint => {
      const token = peek();
      if (!token) throw new ParseError('the expression ends too early', endColumn);
      position++;
      if (token.kind === 'number') return token.value;
      if (token.value === '.') return BigInt(context.cursor);
      if (token.value === '-') return -primary();
      if (token.value === '+') return primary();
      if (token.value === '(') {
        const value = sum();
        const close = peek();
        if (close?.kind !== 'op' || close.value !== ')')
          throw new ParseError('missing ")"', close?.column ?? endColumn);
        position++;
        return value;
      }
      throw new ParseError(`unexpected "${token.value}"`, token.column);
    };
    const product = (): bigint => {
      let value = primary();
      for (let token = peek(); token?.kind === 'op' && token.value === '*'; token = peek()) {
        position++;
        value *= primary();
      }
      return value;
    };
    const sum = (): bigint => {
      let value = product();
      for (
        let token = peek();
        token?.kind === 'op' && (token.value === '+' || token.value === '-');
        token = peek()
      ) {
        position++;
        value = token.value === '+' ? value + product() : value - product();
      }
      return value;
    };

    const value = sum();
    const rest = peek();
    if (rest) throw new ParseError(`unexpected "${text.slice(rest.column)}"`, rest.column);
    if (value < 0n) return { ok: false, error: 'the address is negative', column: 0 };
    if (value >= BigInt(context.length))
      return {
        ok: false,
        error:
          context.length === 0
            ? 'the memory is empty'
            : `0x${value.toString(16)} is past the end (the memory is 0x${context.length.toString(16)} bytes)`,
        column: 0,
      };
    return { ok: true, address: Number(value) };
  } catch (error) {
    if (error instanceof ParseError)
      return { ok: false, error: error.message, column: error.column };
    throw error;
  }
}

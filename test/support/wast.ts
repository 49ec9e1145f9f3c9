/**
 * A reader for `.wast` scripts (the spec test suite's format): splits a script into its
 * top-level commands as S-expressions, keeping each form's source text so a module can be
 * handed to an assembler as written. Test-only; never shipped.
 */

/** A parsed S-expression. Strings carry their decoded bytes; every node keeps its source span. */
export type SExpr = SAtom | SString | SList;
export interface SAtom {
  kind: 'atom';
  text: string;
  start: number;
  end: number;
}
export interface SString {
  kind: 'string';
  bytes: Uint8Array;
  start: number;
  end: number;
}
export interface SList {
  kind: 'list';
  items: SExpr[];
  start: number;
  end: number;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };

/** Parses every top-level form of a script. Throws on unbalanced parentheses. */
export function parseSExprs(source: string): SList[] {
  const top: SList[] = [];
  const stack: SList[] = [];
  let i = 0;
  const n = source.length;
  const push = (node: SExpr) => {
    if (stack.length === 0) {
      if (node.kind !== 'list') throw new Error(`stray token at ${node.start}`);
      top.push(node);
    } else stack[stack.length - 1].items.push(node);
  };
  while (i < n) {
    const c = source[i];
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';' && source[i + 1] === ';') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '(' && source[i + 1] === ';') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (source[i] === '(' && source[i + 1] === ';') {
          depth++;
          i += 2;
        } else if (source[i] === ';' && source[i + 1] === ')') {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (c === '(') {
      stack.push({ kind: 'list', items: [], start: i, end: -1 });
      i++;
    } else if (c === ')') {
      const list = stack.pop();
      if (!list) throw new Error(`unbalanced ')' at ${i}`);
      list.end = i + 1;
      i++;
      push(list);
    } else if (c === '"') {
      const start = i;
      const out: number[] = [];
      i++;
      while (i < n && source[i] !== '"') {
        if (source[i] === '\\') {
          const e = source[i + 1];
          const simple = SIMPLE_ESCAPES[e];
          if (simple !== undefined) {
            out.push(simple);
            i += 2;
          } else if (e === 'u') {
            const close = source.indexOf('}', i);
            if (close < 0) throw new Error(`bad \\u escape at ${i}`);
            const cp = parseInt(source.slice(i + 3, close), 16);
            for (const b of new TextEncoder().encode(String.fromCodePoint(cp))) out.push(b);
            i = close + 1;
          } else {
            out.push(parseInt(source.slice(i + 1, i + 3), 16));
            i += 3;
          }
        } else {
          const cp = source.codePointAt(i)!;
          const ch = String.fromCodePoint(cp);
          for (const b of new TextEncoder().encode(ch)) out.push(b);
          i += ch.length;
        }
      }
      if (i >= n) throw new Error(`unterminated string at ${start}`);
      i++;
      push({ kind: 'string', bytes: Uint8Array.from(out), start, end: i });
    } else {
      const start = i;
      while (
        i < n &&
        !' \n\t\r()"'.includes(source[i]) &&
        !(source[i] === ';' && source[i + 1] === ';')
      )
        i++;
      if (i === start) i++; // a lone character that starts no other token
      // An atom like `nan:0x…` never contains '"'; `$"quoted id"` does.
      if (source[i] === '"' && source[i - 1] === '$') {
        const close = source.indexOf('"', i + 1);
        if (close < 0) throw new Error(`unterminated quoted identifier at ${start}`);
        i = close + 1;
        while (i < n && !' \n\t\r()'.includes(source[i])) i++;
      }
      push({ kind: 'atom', text: source.slice(start, i), start, end: i });
    }
  }
  if (stack.length) throw new Error('unbalanced parentheses at end of script');
  return top;
}

/** The head keyword of a list (`module`, `assert_return`, …), or undefined. */
export function head(list: SList): string | undefined {
  const first = list.items[0];
  return first?.kind === 'atom' ? first.text : undefined;
}

/** How a module form is written. */
export type WastModule =
  | { form: 'text'; name?: string; text: string; node: SList }
  | { form: 'binary'; name?: string; bytes: Uint8Array; node: SList }
  | { form: 'quote'; name?: string; text: string; node: SList };

/**
 * Interprets a `(module …)` form: text, `binary "…"` or `quote "…"`. `(module definition …)`
 * is treated as the module it defines. Returns undefined for `(module instance …)`.
 */
export function readModuleForm(source: string, node: SList): WastModule | undefined {
  let idx = 1;
  let name: string | undefined;
  let item = node.items[idx];
  if (item?.kind === 'atom' && (item.text === 'definition' || item.text === 'instance')) {
    if (item.text === 'instance') return undefined;
    idx++;
    item = node.items[idx];
  }
  if (item?.kind === 'atom' && item.text.startsWith('$')) {
    name = item.text;
    idx++;
    item = node.items[idx];
  }
  if (item?.kind === 'atom' && (item.text === 'binary' || item.text === 'quote')) {
    const parts = node.items.slice(idx + 1).filter((x): x is SString => x.kind === 'string');
    const total = parts.reduce((s, p) => s + p.bytes.length, 0);
    const bytes = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      bytes.set(p.bytes, o);
      o += p.bytes.length;
    }
    if (item.text === 'binary') return { form: 'binary', name, bytes, node };
    return { form: 'quote', name, text: `(module ${new TextDecoder().decode(bytes)})`, node };
  }
  // Text form: drop the `definition` keyword and the name so assemblers see a plain module.
  const bodyStart = item ? item.start : node.end - 1;
  return { form: 'text', name, text: `(module ${source.slice(bodyStart, node.end - 1)})`, node };
}

/** Every module form in a script, with the command that holds it (`module`, `assert_invalid`, …). */
export function listModules(
  source: string,
): { command: string; module: WastModule; line: number }[] {
  const out: { command: string; module: WastModule; line: number }[] = [];
  const lineOf = (pos: number) => source.slice(0, pos).split('\n').length;
  for (const form of parseSExprs(source)) {
    const command = head(form) ?? '';
    if (command === 'module') {
      const m = readModuleForm(source, form);
      if (m) out.push({ command, module: m, line: lineOf(form.start) });
    } else if (command.startsWith('assert_')) {
      const inner = form.items[1];
      if (inner?.kind === 'list' && head(inner) === 'module') {
        const m = readModuleForm(source, inner);
        if (m) out.push({ command, module: m, line: lineOf(form.start) });
      }
    }
  }
  return out;
}

/**
 * Names as wasm2wat prints them, for the fields the code view builds itself: the name section's
 * names with a `$` prefix, a repeated name made unique with `.1`, `.2`, …, and references
 * escaped (bytes the identifier syntax does not allow become `_`) while definitions are written
 * raw. This mirrors the decoder's printer (`src/wasm/print-names.ts`, not public); the code
 * view's tests compare the result with `printModule` so the two cannot drift apart unnoticed.
 */
import type { ModuleInfo, NameMap } from '../../../../wasm/index.ts';

/** The printable names of one module's index spaces (raw `$name`, undefined when unnamed). */
export interface WabtNames {
  funcs: Map<number, string>;
  types: Map<number, string>;
  tables: Map<number, string>;
  memories: Map<number, string>;
  globals: Map<number, string>;
  tags: Map<number, string>;
  elems: Map<number, string>;
  datas: Map<number, string>;
}

/** Applies wabt's binding rules to one name map: empty names ignored, repeats get `.N`. */
function uniqueNames(raw: NameMap): Map<number, string> {
  const out = new Map<number, string>();
  const taken = new Set<string>();
  for (const [index, name] of raw) {
    if (name === '' || out.has(index)) continue;
    const base = `$${name}`;
    let unique = base;
    for (let counter = 1; taken.has(unique); counter++) unique = `${base}.${counter}`;
    taken.add(unique);
    out.set(index, unique);
  }
  return out;
}

/** The names of `info`, as wasm2wat binds them. */
export function wabtNames(info: ModuleInfo): WabtNames {
  const n = info.names;
  return {
    funcs: uniqueNames(n.functions),
    types: uniqueNames(n.types),
    tables: uniqueNames(n.tables),
    memories: uniqueNames(n.memories),
    globals: uniqueNames(n.globals),
    tags: uniqueNames(n.tags),
    elems: uniqueNames(n.elems),
    datas: uniqueNames(n.datas),
  };
}

/** Characters wabt's lexer accepts in an identifier (ASCII only). */
const VALID_NAME_CHAR = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) VALID_NAME_CHAR[c] = 1;
for (const c of '"(),;[]{}') VALID_NAME_CHAR[c.charCodeAt(0)] = 0;

const utf8 = new TextEncoder();

/** Replaces every byte of the UTF-8 form that is not an identifier character by `_`. */
export function escapeName(name: string): string {
  let plain = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80 || VALID_NAME_CHAR[c] === 0) {
      plain = false;
      break;
    }
  }
  if (plain) return name;
  let out = '';
  for (const byte of utf8.encode(name)) {
    out += byte < 0x80 && VALID_NAME_CHAR[byte] === 1 ? String.fromCharCode(byte) : '_';
  }
  return out;
}

/** A reference: the escaped `$name`, or the plain index when unnamed. */
export function nameOrIndex(map: Map<number, string>, index: number): string {
  const name = map.get(index);
  return name === undefined ? String(index) : escapeName(name);
}

/** A definition: the raw `$name`, or wabt's `(;N;)` index comment when unnamed. */
export function definedName(map: Map<number, string>, index: number): string {
  return map.get(index) ?? `(;${index};)`;
}

const HEX = '0123456789abcdef';

/** Escapes one byte as wabt's string literals do (printable ASCII as is, else `\hh`). */
export function escapeByte(b: number): string {
  return b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c
    ? '\\' + HEX[b >> 4] + HEX[b & 15]
    : String.fromCharCode(b);
}

/** The contents of a string literal for `bytes` (without the quotes). */
export function escapeBytes(bytes: Uint8Array, from = 0, to = bytes.length): string {
  const chunks: string[] = [];
  let chunk = '';
  for (let i = from; i < to; i++) {
    chunk += escapeByte(bytes[i]);
    if (chunk.length > 8192) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  chunks.push(chunk);
  return chunks.join('');
}

/** A quoted name (imports, exports): its UTF-8 bytes escaped. */
export function quotedName(text: string): string {
  return `"${escapeBytes(utf8.encode(text))}"`;
}

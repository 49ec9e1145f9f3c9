/**
 * Names for printing, derived from the `name` section the way wabt derives them: each name gets
 * a `$` prefix and a name already taken in its index space gets `.1`, `.2`, … appended. The maps
 * hold these raw names; references print them through `escapeName` (bytes the identifier
 * syntax does not allow become `_`), while wabt declares params and locals with the raw name.
 * Also the string literals of names and data that imports, exports and segments print.
 */
import type { ImportDesc, ModuleInfo, NameMap } from '../types.ts';

/** The unique raw names of one module's index spaces (`$name`, or undefined when unnamed). */
export interface ModuleNames {
  funcs: Map<number, string>;
  types: Map<number, string>;
  tables: Map<number, string>;
  memories: Map<number, string>;
  globals: Map<number, string>;
  tags: Map<number, string>;
  elems: Map<number, string>;
  datas: Map<number, string>;
  /** Per function: local index → name. Filled lazily, one function at a time. */
  locals: Map<number, Map<number, string>>;
}

const cache = new WeakMap<ModuleInfo, ModuleNames>();

/** The printable names of `info` (computed once per module). */
export function moduleNames(info: ModuleInfo): ModuleNames {
  let names = cache.get(info);
  if (!names) {
    const n = info.names;
    names = {
      funcs: uniqueNames(n.functions),
      types: uniqueNames(n.types),
      tables: uniqueNames(n.tables),
      memories: uniqueNames(n.memories),
      globals: uniqueNames(n.globals),
      tags: uniqueNames(n.tags),
      elems: uniqueNames(n.elems),
      datas: uniqueNames(n.datas),
      locals: new Map(),
    };
    cache.set(info, names);
  }
  return names;
}

/** Local names of function `funcIndex` (params first, as the name section numbers them). */
export function localNames(info: ModuleInfo, funcIndex: number): Map<number, string> {
  const names = moduleNames(info);
  let locals = names.locals.get(funcIndex);
  if (!locals) {
    locals = uniqueNames(info.names.locals.get(funcIndex) ?? new Map());
    names.locals.set(funcIndex, locals);
  }
  return locals;
}

/** The names of the index space an import or export of `kind` is in. */
export function namesOfKind(names: ModuleNames, kind: ImportDesc['kind']): Map<number, string> {
  switch (kind) {
    case 'func':
      return names.funcs;
    case 'table':
      return names.tables;
    case 'memory':
      return names.memories;
    case 'global':
      return names.globals;
    case 'tag':
      return names.tags;
  }
}

/** The escaped `$name` of an entry, or `String(index)` when it has none. */
export function nameOrIndex(map: Map<number, string>, index: number): string {
  const name = map.get(index);
  return name === undefined ? String(index) : escapeName(name);
}

/**
 * Applies wabt's binding rules to one name map, in the order the section lists the entries:
 * empty names are ignored and a repeated name gets the first free `.N` suffix.
 */
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

/** Characters wabt's lexer accepts in an identifier (ASCII only; every other byte is not). */
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

/** A definition's name: the raw `$name`, or wabt's `(;N;)` index comment when unnamed. */
export function definedName(map: Map<number, string>, index: number): string {
  return map.get(index) ?? `(;${index};)`;
}

const HEX = '0123456789abcdef';

/**
 * The contents of wabt's string literal for `bytes[from, to)`, without the quotes: printable
 * ASCII as is, every other byte (and `"`, `\`) as `\hh`.
 */
export function escapeBytes(bytes: Uint8Array, from = 0, to = bytes.length): string {
  const chunks: string[] = [];
  let chunk = '';
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b < 0x20 || b >= 0x7f || b === 0x22 || b === 0x5c)
      chunk += '\\' + HEX[b >> 4] + HEX[b & 15];
    else chunk += String.fromCharCode(b);
    // Building one huge string by `+=` on every byte of a multi-megabyte segment is slow.
    if (chunk.length > 8192) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  chunks.push(chunk);
  return chunks.join('');
}

/** A quoted name (of an import or export): its UTF-8 bytes escaped as a string literal. */
export function quotedName(text: string): string {
  return `"${escapeBytes(utf8.encode(text))}"`;
}

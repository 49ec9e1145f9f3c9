/**
 * Type descriptors of the runtime layer: value types and the four extern types. They are
 * immutable plain objects; none of them wraps a JS API object.
 */
import { REF_SHORTHANDS, type AbstractHeapType } from '../wasm/index.ts';
import { LayerError } from './errors.ts';

/**
 * An abstract heap type: what a reference points to, named as in the text format. Concrete
 * (indexed) heap types of a module are represented by their abstract upper bound: `func` for a
 * function type, `struct` or `array` for a GC type; the engine checks the exact type wherever a
 * value crosses into wasm.
 */
export type HeapType = AbstractHeapType;

/** Every {@link HeapType}. */
export const HEAP_TYPES: readonly HeapType[] = Object.keys(REF_SHORTHANDS) as HeapType[];

/**
 * A reference type: nullable ones by their text-format shorthand (`funcref`, `anyref`, …),
 * non-nullable ones as `(ref func)`, `(ref any)`, …. The reference crate has only `funcref` and
 * `externref`; the others come from the function-references, GC and exception proposals.
 */
export type RefType = (typeof REF_SHORTHANDS)[HeapType] | `(ref ${HeapType})`;

/**
 * A value type: the four numeric types, the 128-bit vector, and the reference types. Its
 * display string is the name itself.
 */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | RefType;

/**
 * Which kind of `Val` carries values of a reference type: one per hierarchy of heap types
 * (functions, host references, GC references, exceptions).
 */
export type RefFamily = 'funcref' | 'externref' | 'anyref' | 'exnref';

const FAMILY: Record<HeapType, RefFamily> = {
  func: 'funcref',
  nofunc: 'funcref',
  extern: 'externref',
  noextern: 'externref',
  any: 'anyref',
  eq: 'anyref',
  i31: 'anyref',
  struct: 'anyref',
  array: 'anyref',
  none: 'anyref',
  exn: 'exnref',
  noexn: 'exnref',
};

/** What a reference type is made of: its heap type and whether it admits null. */
export interface RefTypeParts {
  heap: HeapType;
  nullable: boolean;
  /** The `Val` tag of its values. */
  family: RefFamily;
}

const REF_PARTS = new Map<string, RefTypeParts>();
for (const heap of HEAP_TYPES) {
  REF_PARTS.set(REF_SHORTHANDS[heap], { heap, nullable: true, family: FAMILY[heap] });
  REF_PARTS.set(`(ref ${heap})`, { heap, nullable: false, family: FAMILY[heap] });
}

/** Every {@link RefType}: the nullable shorthands, then the non-nullable forms. */
export const REF_TYPES: readonly RefType[] = [...REF_PARTS.keys()] as RefType[];

/**
 * The reference type to `heap`, nullable or not.
 *
 * @example
 * ```ts
 * refType('func', true); // "funcref"
 * refType('i31', false); // "(ref i31)"
 * ```
 */
export function refType(heap: HeapType, nullable: boolean): RefType {
  return nullable ? REF_SHORTHANDS[heap] : `(ref ${heap})`;
}

/**
 * The parts of a reference type, or undefined for a numeric or vector type.
 *
 * @example
 * ```ts
 * refTypeParts('(ref any)'); // { heap: 'any', nullable: false, family: 'anyref' }
 * ```
 */
export function refTypeParts(t: ValType): RefTypeParts | undefined {
  return REF_PARTS.get(t);
}

/** Every {@link ValType} of the reference crate, in the order of its enum. */
export const VAL_TYPES: readonly ValType[] = [
  'i32',
  'i64',
  'f32',
  'f64',
  'v128',
  'funcref',
  'externref',
];

const NUMERIC_NAMES: ReadonlySet<string> = new Set(['i32', 'i64', 'f32', 'f64', 'v128']);

/**
 * Returns true when `value` is a {@link ValType} name.
 *
 * @example
 * ```ts
 * isValType('i32'); // true
 * isValType('anyref'); // true
 * isValType('int'); // false
 * ```
 */
export function isValType(value: unknown): value is ValType {
  return typeof value === 'string' && (NUMERIC_NAMES.has(value) || REF_PARTS.has(value));
}

/**
 * Returns true when `value` is a {@link RefType} name.
 *
 * @example
 * ```ts
 * isRefType('funcref'); // true
 * isRefType('(ref struct)'); // true
 * isRefType('i32'); // false
 * ```
 */
export function isRefType(value: unknown): value is RefType {
  return typeof value === 'string' && REF_PARTS.has(value);
}

/**
 * The signature of a function: parameter and result types, plus an optional debug name that
 * equality ignores.
 *
 * @example
 * ```ts
 * const ty = new FuncType(['i32', 'i64'], ['f32']);
 * ty.toString(); // "func(i32, i64) -> f32"
 * ty.equals(ty.withName('add')); // true
 * ```
 */
export class FuncType {
  /** Parameter types, in order. */
  readonly params: readonly ValType[];
  /** Result types, in order. */
  readonly results: readonly ValType[];
  /** Debug name: the export or import name, or whatever a host function was given. */
  readonly name?: string;

  /**
   * Creates a signature. Fails with `type` when a list contains something that is not a
   * {@link ValType}.
   */
  constructor(params: readonly ValType[], results: readonly ValType[], name?: string) {
    for (const [list, what] of [
      [params, 'parameter'],
      [results, 'result'],
    ] as const) {
      for (const t of list) {
        if (!isValType(t)) {
          throw new LayerError(
            'type',
            `FuncType: expected a value type as ${what} but found ${String(t)}`,
          );
        }
      }
    }
    this.params = Object.freeze([...params]);
    this.results = Object.freeze([...results]);
    if (name !== undefined) this.name = name;
    Object.freeze(this);
  }

  /**
   * Returns the same signature carrying `name` (the receiver is unchanged).
   *
   * @example
   * ```ts
   * new FuncType([], []).withName('tick').name; // "tick"
   * ```
   */
  withName(name: string): FuncType {
    return new FuncType(this.params, this.results, name);
  }

  /**
   * Returns true when `other` has the same parameter and result types; names are ignored.
   *
   * @example
   * ```ts
   * new FuncType(['i32'], []).equals(new FuncType(['i32'], [])); // true
   * ```
   */
  equals(other: FuncType): boolean {
    return sameTypes(this.params, other.params) && sameTypes(this.results, other.results);
  }

  /**
   * Displays the signature as the reference crate does: `func(a, b)` followed by ` -> r` before
   * every result (so two results read `func() -> f32 -> f64`).
   */
  toString(): string {
    return `func(${this.params.join(', ')})${this.results.map((r) => ` -> ${r}`).join('')}`;
  }

  /** A stable key for caches keyed by signature (`"i32,i64:f32"`); ignores the name. */
  get key(): string {
    return `${this.params.join(',')}:${this.results.join(',')}`;
  }
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Options of {@link GlobalType} beyond its content and mutability. */
export interface GlobalTypeOptions {
  /**
   * True for a global that threads share (the shared-everything-threads proposal). Such
   * globals appear only where the engine has that proposal; see `engineHasProposal`.
   */
  shared?: boolean;
}

/**
 * The type of a global: its content type, whether it may be set, and whether it is shared
 * between threads.
 *
 * @example
 * ```ts
 * const ty = new GlobalType('i64', true);
 * ty.content; // "i64"
 * new GlobalType('i32', true, { shared: true }).toString(); // "global(shared mut i32)"
 * ```
 */
export class GlobalType {
  /** The value type the global holds. */
  readonly content: ValType;
  /** True when `Global.set` is allowed. */
  readonly mutable: boolean;
  /** True for a global shared between threads (shared-everything-threads). */
  readonly shared: boolean;

  /** Creates a global type. Fails with `type` when `content` is not a {@link ValType}. */
  constructor(content: ValType, mutable: boolean, options: GlobalTypeOptions = {}) {
    if (!isValType(content)) {
      throw new LayerError(
        'type',
        `GlobalType: expected a value type but found ${String(content)}`,
      );
    }
    this.content = content;
    this.mutable = mutable;
    this.shared = options.shared === true;
    Object.freeze(this);
  }

  /** Displays as `global(mut i32)` or `global(i32)`; a shared one as `global(shared mut i32)`. */
  toString(): string {
    return `global(${this.shared ? 'shared ' : ''}${this.mutable ? 'mut ' : ''}${this.content})`;
  }
}

/**
 * How a memory or table is indexed: with 32-bit addresses (the default) or 64-bit ones (the
 * memory64 proposal, which also covers tables). Sizes and indices stay JS numbers in this API
 * either way; the layer converts to the BigInts the JS API wants for 64-bit ones.
 */
export type AddressType = 'i32' | 'i64';

/** Options of {@link MemoryType} and {@link TableType} beyond their limits. */
export interface LimitsOptions {
  /** `'i64'` for a 64-bit memory or table; `'i32'` (the default) otherwise. */
  address?: AddressType;
}

/** Options of {@link MemoryType}: its address type, and whether threads share it. */
export interface MemoryTypeOptions extends LimitsOptions {
  /**
   * True for a shared memory (the threads proposal): its buffer is a `SharedArrayBuffer`
   * that workers can map, and it must declare a maximum.
   */
  shared?: boolean;
}

/**
 * The type of a linear memory, in 64 KiB pages. Like the reference crate its limits are not
 * validated here (`Memory.new` reports impossible ones), except that a shared memory must
 * declare a maximum, as the threads proposal requires of every shared memory.
 *
 * @example
 * ```ts
 * new MemoryType(1, 2).maximumPages; // 2
 * new MemoryType(1, undefined, { address: 'i64' }).toString(); // "memory64(1)"
 * new MemoryType(1, 16, { shared: true }).toString(); // "memory(1, 16, shared)"
 * new MemoryType(1, undefined, { shared: true }); // throws LayerError (code "limit")
 * ```
 */
export class MemoryType {
  /** Pages at creation. */
  readonly initialPages: number;
  /** Upper bound on pages, when declared (always, for a shared memory). */
  readonly maximumPages?: number;
  /** Whether addresses are 32-bit or 64-bit (memory64). */
  readonly address: AddressType;
  /** True for a memory shared between threads (its buffer is a `SharedArrayBuffer`). */
  readonly shared: boolean;

  /**
   * Creates a memory type of `initialPages` pages, at most `maximumPages` when given. Fails with
   * `limit` for a shared memory without a maximum, and with `type` for an address type that is
   * not `i32` or `i64`.
   */
  constructor(initialPages: number, maximumPages?: number, options: MemoryTypeOptions = {}) {
    this.initialPages = initialPages;
    if (maximumPages !== undefined) this.maximumPages = maximumPages;
    this.address = addressOf(options, 'MemoryType');
    this.shared = options.shared === true;
    if (this.shared && maximumPages === undefined) {
      throw new LayerError(
        'limit',
        'MemoryType: expected a maximum for a shared memory but found none',
      );
    }
    Object.freeze(this);
  }

  /**
   * Displays as `memory(1, 2)` or `memory(1)`; a 64-bit memory as `memory64(1, 2)`, a shared one
   * as `memory(1, 2, shared)`.
   */
  toString(): string {
    const limits = `${this.initialPages}${this.maximumPages === undefined ? '' : `, ${this.maximumPages}`}`;
    return `memory${this.address === 'i64' ? '64' : ''}(${limits}${this.shared ? ', shared' : ''})`;
  }
}

function addressOf(options: LimitsOptions | undefined, what: string): AddressType {
  const address = options?.address ?? 'i32';
  if (address !== 'i32' && address !== 'i64') {
    throw new LayerError(
      'type',
      `${what}: expected address i32 or i64 but found ${String(address)}`,
    );
  }
  return address;
}

/**
 * The type of a table: element reference type and size limits.
 *
 * @example
 * ```ts
 * new TableType('funcref', 2, 3).maximum; // 3
 * new TableType('funcref', 5, 3); // throws LayerError (code "limit")
 * ```
 */
export class TableType {
  /** What the table holds. */
  readonly element: RefType;
  /** Entries at creation. */
  readonly minimum: number;
  /** Upper bound on entries, when declared. */
  readonly maximum?: number;
  /** Whether indices are 32-bit or 64-bit (memory64's table64). */
  readonly address: AddressType;

  /**
   * Creates a table type. Fails with `limit` when `maximum < minimum` and with `type` when
   * `element` is not a {@link RefType}.
   */
  constructor(element: RefType, minimum: number, maximum?: number, options: LimitsOptions = {}) {
    if (!isRefType(element)) {
      throw new LayerError(
        'type',
        `TableType: expected a reference type but found ${String(element)}`,
      );
    }
    if (maximum !== undefined && maximum < minimum) {
      throw new LayerError(
        'limit',
        `TableType: expected maximum >= minimum but found minimum ${minimum} and maximum ${maximum}`,
      );
    }
    this.element = element;
    this.minimum = minimum;
    if (maximum !== undefined) this.maximum = maximum;
    this.address = addressOf(options, 'TableType');
    Object.freeze(this);
  }

  /** Displays as `table(funcref, 2, 3)`; a 64-bit table as `table64(funcref, 2, 3)`. */
  toString(): string {
    const limits = `${this.minimum}${this.maximum === undefined ? '' : `, ${this.maximum}`}`;
    return `table${this.address === 'i64' ? '64' : ''}(${this.element}, ${limits})`;
  }
}

/**
 * The type of an exception tag (the exception-handling proposal): the types of the values an
 * exception of the tag carries. An extension of the reference crate, which has no tags.
 *
 * @example
 * ```ts
 * new TagType(['i32', 'f64']).toString(); // "tag(i32, f64)"
 * ```
 */
export class TagType {
  /** The types of the exception's payload, in order. */
  readonly params: readonly ValType[];

  /** Creates a tag type. Fails with `type` when a parameter is not a {@link ValType}. */
  constructor(params: readonly ValType[]) {
    for (const t of params) {
      if (!isValType(t)) {
        throw new LayerError('type', `TagType: expected a value type but found ${String(t)}`);
      }
    }
    this.params = Object.freeze([...params]);
    Object.freeze(this);
  }

  /** Returns true when `other` carries the same payload types. */
  equals(other: TagType): boolean {
    return sameTypes(this.params, other.params);
  }

  /** Displays as `tag(i32, f64)`. */
  toString(): string {
    return `tag(${this.params.join(', ')})`;
  }
}

/** The type of anything a module can import or export. */
export type ExternType = FuncType | GlobalType | MemoryType | TableType | TagType;

/**
 * Returns true when `ty` describes a function.
 *
 * @example
 * ```ts
 * isFuncType(module.getExport('add_one')); // true
 * ```
 */
export function isFuncType(ty: ExternType | undefined): ty is FuncType {
  return ty instanceof FuncType;
}

/** Returns true when `ty` describes a global. */
export function isGlobalType(ty: ExternType | undefined): ty is GlobalType {
  return ty instanceof GlobalType;
}

/** Returns true when `ty` describes a memory. */
export function isMemoryType(ty: ExternType | undefined): ty is MemoryType {
  return ty instanceof MemoryType;
}

/** Returns true when `ty` describes a table. */
export function isTableType(ty: ExternType | undefined): ty is TableType {
  return ty instanceof TableType;
}

/** Returns true when `ty` describes an exception tag. */
export function isTagType(ty: ExternType | undefined): ty is TagType {
  return ty instanceof TagType;
}

/**
 * The kind word of an extern type (`"func"`, `"global"`, `"memory"`, `"table"`, `"tag"`), for
 * messages.
 *
 * @example
 * ```ts
 * externKindOf(new MemoryType(1)); // "memory"
 * ```
 */
export function externKindOf(ty: ExternType): 'func' | 'global' | 'memory' | 'table' | 'tag' {
  if (ty instanceof FuncType) return 'func';
  if (ty instanceof GlobalType) return 'global';
  if (ty instanceof MemoryType) return 'memory';
  if (ty instanceof TagType) return 'tag';
  return 'table';
}

/**
 * Returns true when two extern types are the same kind with the same contents (function names
 * are ignored).
 */
export function externTypesEqual(a: ExternType, b: ExternType): boolean {
  if (a instanceof FuncType) return b instanceof FuncType && a.equals(b);
  if (a instanceof TagType) return b instanceof TagType && a.equals(b);
  if (a instanceof GlobalType)
    return (
      b instanceof GlobalType &&
      a.content === b.content &&
      a.mutable === b.mutable &&
      a.shared === b.shared
    );
  if (a instanceof MemoryType)
    return (
      b instanceof MemoryType &&
      a.initialPages === b.initialPages &&
      a.maximumPages === b.maximumPages &&
      a.address === b.address &&
      a.shared === b.shared
    );
  return (
    b instanceof TableType &&
    a.element === b.element &&
    a.minimum === b.minimum &&
    a.maximum === b.maximum &&
    a.address === b.address
  );
}

/** One import a module declares: where it comes from and what it must be. */
export interface ImportType {
  /** The import's module (namespace) name. */
  module: string;
  /** The import's field name. */
  name: string;
  /** What the import must provide. */
  type: ExternType;
}

/** One export a module declares. */
export interface ExportType {
  /** The export name. */
  name: string;
  /** What the export provides. */
  type: ExternType;
}

/**
 * Type descriptors of the runtime layer: value types and the four extern types. They are
 * immutable plain objects; none of them wraps a JS API object.
 */
import { LayerError } from './errors.ts';

/**
 * A value type: the four numeric types, the 128-bit vector, and the two abstract nullable
 * reference types. Its display string is the name itself.
 */
export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

/** A reference type: what a table holds. */
export type RefType = 'funcref' | 'externref';

/** Every {@link ValType}, in the order of the reference crate's enum. */
export const VAL_TYPES: readonly ValType[] = [
  'i32',
  'i64',
  'f32',
  'f64',
  'v128',
  'funcref',
  'externref',
];

/**
 * Returns true when `value` is a {@link ValType} name.
 *
 * @example
 * ```ts
 * isValType('i32'); // true
 * isValType('anyref'); // false
 * ```
 */
export function isValType(value: unknown): value is ValType {
  return typeof value === 'string' && (VAL_TYPES as readonly string[]).includes(value);
}

/**
 * Returns true when `value` is a {@link RefType} name.
 *
 * @example
 * ```ts
 * isRefType('funcref'); // true
 * isRefType('i32'); // false
 * ```
 */
export function isRefType(value: unknown): value is RefType {
  return value === 'funcref' || value === 'externref';
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

/**
 * The type of a global: its content type and whether it may be set.
 *
 * @example
 * ```ts
 * const ty = new GlobalType('i64', true);
 * ty.content; // "i64"
 * ```
 */
export class GlobalType {
  /** The value type the global holds. */
  readonly content: ValType;
  /** True when `Global.set` is allowed. */
  readonly mutable: boolean;

  /** Creates a global type. Fails with `type` when `content` is not a {@link ValType}. */
  constructor(content: ValType, mutable: boolean) {
    if (!isValType(content)) {
      throw new LayerError(
        'type',
        `GlobalType: expected a value type but found ${String(content)}`,
      );
    }
    this.content = content;
    this.mutable = mutable;
    Object.freeze(this);
  }

  /** Displays as `global(mut i32)` or `global(i32)`. */
  toString(): string {
    return `global(${this.mutable ? 'mut ' : ''}${this.content})`;
  }
}

/**
 * The type of a linear memory, in 64 KiB pages. Like the reference crate it is not validated
 * here; `Memory.new` reports impossible limits.
 *
 * @example
 * ```ts
 * new MemoryType(1, 2).maximumPages; // 2
 * ```
 */
export class MemoryType {
  /** Pages at creation. */
  readonly initialPages: number;
  /** Upper bound on pages, when declared. */
  readonly maximumPages?: number;

  /** Creates a memory type of `initialPages` pages, at most `maximumPages` when given. */
  constructor(initialPages: number, maximumPages?: number) {
    this.initialPages = initialPages;
    if (maximumPages !== undefined) this.maximumPages = maximumPages;
    Object.freeze(this);
  }

  /** Displays as `memory(1, 2)` or `memory(1)`. */
  toString(): string {
    return `memory(${this.initialPages}${this.maximumPages === undefined ? '' : `, ${this.maximumPages}`})`;
  }
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

  /**
   * Creates a table type. Fails with `limit` when `maximum < minimum` and with `type` when
   * `element` is not a {@link RefType}.
   */
  constructor(element: RefType, minimum: number, maximum?: number) {
    if (!isRefType(element)) {
      throw new LayerError(
        'type',
        `TableType: expected funcref or externref but found ${String(element)}`,
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
    Object.freeze(this);
  }

  /** Displays as `table(funcref, 2, 3)`. */
  toString(): string {
    return `table(${this.element}, ${this.minimum}${this.maximum === undefined ? '' : `, ${this.maximum}`})`;
  }
}

/** The type of anything a module can import or export. */
export type ExternType = FuncType | GlobalType | MemoryType | TableType;

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

/**
 * The kind word of an extern type (`"func"`, `"global"`, `"memory"`, `"table"`), for messages.
 *
 * @example
 * ```ts
 * externKindOf(new MemoryType(1)); // "memory"
 * ```
 */
export function externKindOf(ty: ExternType): 'func' | 'global' | 'memory' | 'table' {
  if (ty instanceof FuncType) return 'func';
  if (ty instanceof GlobalType) return 'global';
  if (ty instanceof MemoryType) return 'memory';
  return 'table';
}

/**
 * Returns true when two extern types are the same kind with the same contents (function names
 * are ignored).
 */
export function externTypesEqual(a: ExternType, b: ExternType): boolean {
  if (a instanceof FuncType) return b instanceof FuncType && a.equals(b);
  if (a instanceof GlobalType)
    return b instanceof GlobalType && a.content === b.content && a.mutable === b.mutable;
  if (a instanceof MemoryType)
    return (
      b instanceof MemoryType &&
      a.initialPages === b.initialPages &&
      a.maximumPages === b.maximumPages
    );
  return (
    b instanceof TableType &&
    a.element === b.element &&
    a.minimum === b.minimum &&
    a.maximum === b.maximum
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

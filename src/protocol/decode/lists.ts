/**
 * Windows of a module's lists (imports, exports, functions, …): the panel asks for the rows it
 * shows, optionally filtered, and the worker answers with those rows and the filtered total.
 */

/** The lists a module has. */
export const LIST_KINDS = [
  'functions',
  'imports',
  'exports',
  'types',
  'tables',
  'memories',
  'globals',
  'tags',
  'datas',
  'elems',
] as const;

/** One of {@link LIST_KINDS}. */
export type ListKind = (typeof LIST_KINDS)[number];

/** What an entry is, where following it leads. */
export type EntityKind = 'func' | 'table' | 'memory' | 'global' | 'tag' | 'type' | 'data' | 'elem';

/** A reference to one entity of the module. */
export interface EntityRef {
  kind: EntityKind;
  index: number;
}

/** One row of any list. Columns not meaningful for a list are absent. */
export interface ListRow {
  /** Position in the unfiltered list. */
  ordinal: number;
  /** What the row describes (an import row points at the imported entity's index). */
  entity: EntityRef;
  /** Name from the name section, or the export/import name. */
  name: string;
  /** For imports: the module name. */
  module?: string;
  /** The type, as wasm text (`(param i32) (result i32)`, `1 16 shared`, `(mut i64)`). */
  type: string;
  /** Bytes the entry occupies in the module (function body, data payload). */
  size?: number;
  /** Function rows: number of locals (params excluded). */
  locals?: number;
  /** Function rows: imported rather than defined. */
  imported?: boolean;
  /** Export rows of functions, and imports: the export/import names of the entity. */
  note?: string;
  /** Byte offset of the entry in the module. */
  offset: number;
  /** Segment rows: how the segment is used. */
  mode?: 'active' | 'passive' | 'declarative';
  /** Active segment rows: the memory (data) or table (elements) it initializes. */
  target?: number;
  /**
   * As wasm text: an active segment's offset expression, a defined global's or table's
   * initializer.
   */
  init?: string;
  /**
   * Active segment rows whose offset is a constant: the memory address or table slot of the
   * first byte or item.
   */
  address?: number;
  /** Data rows: where the payload's bytes start in the module. */
  payloadOffset?: number;
}

/** A window of a list. */
export interface ListWindow {
  /** Rows in the (filtered) list. */
  total: number;
  /** Rows `start … start + rows.length - 1`. */
  rows: ListRow[];
}

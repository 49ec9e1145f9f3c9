/**
 * `Imports`: the (namespace, name) → extern map an instance is linked against. It is plain
 * bookkeeping; the JS import object is built from it by `Instance.new`. Wraps no JS API object.
 */
import { LayerError } from './errors.ts';
import { Func } from './func.ts';
import { Global } from './global.ts';
import { Memory } from './memory.ts';
import { Table } from './table.ts';
import { Tag } from './tag.ts';

/** Anything a module can import or export. */
export type Extern = Func | Global | Memory | Table | Tag;

/**
 * Returns true when `value` is a runtime extern object.
 *
 * @example
 * ```ts
 * isExtern(instance.getExport(store, 'memory')); // true
 * ```
 */
export function isExtern(value: unknown): value is Extern {
  return (
    value instanceof Func ||
    value instanceof Global ||
    value instanceof Memory ||
    value instanceof Table ||
    value instanceof Tag
  );
}

/**
 * The set of definitions available to instantiation, keyed by (namespace, name).
 *
 * @example
 * ```ts
 * const imports = new Imports();
 * imports.define('env', 'log', logFunc);
 * imports.exists('env', 'log'); // true
 * ```
 */
export class Imports implements Iterable<[string, string, Extern]> {
  readonly #namespaces = new Map<string, Map<string, Extern>>();

  /** Defines (or replaces) `ns.name`. Fails with `type` when `value` is not an extern. */
  define(ns: string, name: string, value: Extern): void {
    if (!isExtern(value)) {
      throw new LayerError(
        'type',
        `Imports.define("${ns}", "${name}"): expected a Func, Global, Memory or Table but found ${String(value)}`,
      );
    }
    let entries = this.#namespaces.get(ns);
    if (entries === undefined) {
      entries = new Map();
      this.#namespaces.set(ns, entries);
    }
    entries.set(name, value);
  }

  /** Returns the definition of `ns.name`, or undefined. */
  getExport(ns: string, name: string): Extern | undefined {
    return this.#namespaces.get(ns)?.get(name);
  }

  /** Returns true when `ns.name` is defined. */
  exists(ns: string, name: string): boolean {
    return this.#namespaces.get(ns)?.has(name) ?? false;
  }

  /** Returns true when some name is defined in exactly the namespace `ns`. */
  containsNamespace(ns: string): boolean {
    return (this.#namespaces.get(ns)?.size ?? 0) > 0;
  }

  /**
   * Defines every `[name, extern]` of `entries` in `ns`.
   *
   * @example
   * ```ts
   * imports.registerNamespace('env', [['memory', memory], ['log', logFunc]]);
   * ```
   */
  registerNamespace(ns: string, entries: Iterable<[string, Extern]>): void {
    for (const [name, value] of entries) this.define(ns, name, value);
  }

  /** Yields `[namespace, name, extern]` for every definition. */
  *[Symbol.iterator](): Iterator<[string, string, Extern]> {
    for (const [ns, entries] of this.#namespaces) {
      for (const [name, value] of entries) yield [ns, name, value];
    }
  }
}

/**
 * The objects the panel can name: every extern (function, memory, table, global, tag) and
 * reference the sandbox handed out gets a number, so the panel can call, read or pass it back
 * without holding it. A handle keeps its object alive (that is what the panel's handle means
 * in the lifetimes view); disposing a store drops its handles, and `drop` drops one.
 */
import type { AnyRef, ExnRef, Extern, ExternRef } from '../../../runtime/index.ts';

/** What a handle names. */
export type HandleTarget = Extern | ExternRef | AnyRef | ExnRef;

interface Entry {
  target: HandleTarget;
  storeId: number;
  label: string;
}

/** Numbered handles to runtime objects, one per object. */
export class HandleTable {
  readonly #entries = new Map<number, Entry>();
  readonly #byTarget = new Map<HandleTarget, number>();
  #next = 1;

  /** The handle of `target` (a new one the first time), labelled `label`. */
  intern(target: HandleTarget, storeId: number, label: string): number {
    const existing = this.#byTarget.get(target);
    if (existing !== undefined) return existing;
    const handle = this.#next++;
    this.#entries.set(handle, { target, storeId, label });
    this.#byTarget.set(target, handle);
    return handle;
  }

  /** The handle of `target`, if it has one. */
  find(target: HandleTarget): number | undefined {
    return this.#byTarget.get(target);
  }

  /** The object of `handle`, or undefined when there is none (never given, or dropped). */
  get(handle: number): HandleTarget | undefined {
    return this.#entries.get(handle)?.target;
  }

  /** The label `handle` was given. */
  label(handle: number): string {
    return this.#entries.get(handle)?.label ?? `handle ${handle}`;
  }

  /** The store of `handle`'s object. */
  storeOf(handle: number): number | undefined {
    return this.#entries.get(handle)?.storeId;
  }

  /** Drops `handle`; returns whether it existed. */
  drop(handle: number): boolean {
    const entry = this.#entries.get(handle);
    if (!entry) return false;
    this.#entries.delete(handle);
    this.#byTarget.delete(entry.target);
    return true;
  }

  /** Drops every handle of store `storeId`; returns them. */
  dropStore(storeId: number): number[] {
    const dropped: number[] = [];
    for (const [handle, entry] of this.#entries) {
      if (entry.storeId !== storeId) continue;
      this.drop(handle);
      dropped.push(handle);
    }
    return dropped;
  }

  /** Every handle with its object and store, in the order they were given. */
  *entries(): IterableIterator<{ handle: number; target: HandleTarget; storeId: number }> {
    for (const [handle, entry] of this.#entries)
      yield { handle, target: entry.target, storeId: entry.storeId };
  }

  /** How many handles exist. */
  get size(): number {
    return this.#entries.size;
  }
}

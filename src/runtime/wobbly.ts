/**
 * `Wobbly<T>`: the TypeScript form of the `wobbly` crate. A group of members shares one owner
 * of a value; the value is released as soon as the *first* member is dropped, while the group's
 * bookkeeping (the shared flag and counts) lives until every member is dropped. It wraps no JS
 * API object.
 *
 * Host functions use a two-member group: one member in the store, one in the callable that wasm
 * sees. Whichever goes first frees the closure, which breaks cycles neither side can see.
 */

interface WobblyGroup<T> {
  value: T | undefined;
  released: boolean;
  /** Members (and plain weak pointers) still alive; the crate's weak count. */
  members: number;
  weakPointers: number;
  onRelease: ((value: T) => void) | undefined;
}

function release<T>(group: WobblyGroup<T>): void {
  if (group.released) return;
  group.released = true;
  const value = group.value as T;
  group.value = undefined;
  group.onRelease?.(value);
  group.onRelease = undefined;
}

/**
 * A weak pointer made by {@link Wobbly.downgrade}: it can read the value while the group still
 * owns it, but it never keeps it and dropping it releases nothing.
 *
 * @example
 * ```ts
 * const weak = member.downgrade();
 * member.drop();
 * weak.upgrade(); // undefined
 * ```
 */
export class WobblyWeak<T> {
  #group: WobblyGroup<T> | undefined;

  /** @internal Made by {@link Wobbly.downgrade}. */
  constructor(group: WobblyGroup<T>) {
    this.#group = group;
    group.weakPointers++;
  }

  /** Returns the value while its group has not been released, otherwise undefined. */
  upgrade(): T | undefined {
    return this.#group?.value;
  }

  /** Forgets the pointer. Idempotent. */
  drop(): void {
    if (this.#group === undefined) return;
    this.#group.weakPointers--;
    this.#group = undefined;
  }
}

/**
 * One member of a wobbly group.
 *
 * @example
 * ```ts
 * const a = Wobbly.new({ big: 'closure' }, (v) => console.log('released', v));
 * const b = a.clone();
 * b.drop(); // logs "released": the first drop releases the value
 * a.upgrade(); // undefined
 * ```
 */
export class Wobbly<T> implements Disposable {
  #group: WobblyGroup<T> | undefined;

  private constructor(group: WobblyGroup<T>) {
    this.#group = group;
    group.members++;
  }

  /**
   * Starts a new group owning `value` and returns its first member. `onRelease` runs once, with
   * the value, when the group releases it.
   *
   * @example
   * ```ts
   * const member = Wobbly.new(42);
   * member.upgrade(); // 42
   * ```
   */
  static new<T>(value: T, onRelease?: (value: T) => void): Wobbly<T> {
    return new Wobbly<T>({ value, released: false, members: 0, weakPointers: 0, onRelease });
  }

  /**
   * Returns a new member of the same group. Cloning a dropped member fails with a plain
   * `Error` because it has no group any more.
   */
  clone(): Wobbly<T> {
    if (this.#group === undefined) throw new Error('Wobbly.clone: this member was dropped');
    return new Wobbly<T>(this.#group);
  }

  /** Returns the value while the group owns it, otherwise undefined. */
  upgrade(): T | undefined {
    return this.#group?.value;
  }

  /** Returns a weak pointer to the value that never owns it. */
  downgrade(): WobblyWeak<T> {
    if (this.#group === undefined) throw new Error('Wobbly.downgrade: this member was dropped');
    return new WobblyWeak<T>(this.#group);
  }

  /**
   * Drops this member. The first member of a group to be dropped releases the value; later drops
   * only update counts. Idempotent.
   */
  drop(): void {
    const group = this.#group;
    if (group === undefined) return;
    this.#group = undefined;
    group.members--;
    release(group);
  }

  /** Same as {@link Wobbly.drop}, for `using` declarations. */
  [Symbol.dispose](): void {
    this.drop();
  }

  /** True when the group has released its value. */
  get released(): boolean {
    return this.#group === undefined || this.#group.released;
  }

  /** 1 while the group owns the value, 0 after (TS has no other counted owners). */
  get strongCount(): number {
    return this.#group !== undefined && !this.#group.released ? 1 : 0;
  }

  /** Live members plus weak pointers while the value lives; 0 once it is released. */
  get weakCount(): number {
    const group = this.#group;
    if (group === undefined || group.released) return 0;
    return group.members + group.weakPointers;
  }
}

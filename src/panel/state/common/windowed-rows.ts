/**
 * Rows of a long list held a page at a time: a view asks for the rows it shows (`ensure`),
 * pages arrive from a worker, and only the most recently used pages are kept, so a list of
 * 700,000 entries costs what its visible window costs.
 */
import { signal, type Signal } from '@preact/signals';

/** A page of rows and the list's total length. */
export interface RowPage<T> {
  total: number;
  rows: T[];
}

/** Fetches rows `start … start + count - 1`. */
export type PageFetcher<T> = (start: number, count: number) => Promise<RowPage<T>>;

/** A windowed, page-cached list. */
export class WindowedRows<T> {
  /** The list's length; null until the first page arrived. */
  readonly total: Signal<number | null> = signal(null);
  /** Bumped whenever a page arrives (views re-read `get`). */
  readonly version: Signal<number> = signal(0);
  /** Why the last page failed, if it did. */
  readonly error: Signal<string | null> = signal(null);
  readonly #pages = new Map<number, T[]>();
  readonly #loading = new Set<number>();
  #disposed = false;
  /** Bumped by `revalidate`: pages fetched before it are not kept. */
  #generation = 0;

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly pageSize = 200,
    private readonly maxPages = 40,
  ) {}

  /** Row `index`, if its page is here. */
  get(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.#pages.get(page);
    if (!rows) return undefined;
    // Touch: most recently used pages are kept.
    this.#pages.delete(page);
    this.#pages.set(page, rows);
    return rows[index - page * this.pageSize];
  }

  /** Makes sure rows `start … end - 1` are here or on their way. */
  ensure(start: number, end: number): void {
    if (this.#disposed) return;
    const first = Math.max(0, Math.floor(start / this.pageSize));
    const last = Math.floor(Math.max(start, end - 1) / this.pageSize);
    for (let page = first; page <= last; page++) this.#load(page);
  }

  /** Fetches from scratch (the data changed underneath). */
  refresh(): void {
    this.#pages.clear();
    this.version.value++;
    this.ensure(0, this.pageSize);
  }

  /**
   * The data changed underneath (a call wrote a table): fetches the pages of rows
   * `start … end - 1` again and forgets the others. Unlike {@link refresh}, the rows in view
   * stay shown until their new page arrives, so a live view does not flash placeholders.
   */
  revalidate(start: number, end: number): void {
    if (this.#disposed) return;
    this.#generation++;
    this.#loading.clear();
    const first = Math.max(0, Math.floor(start / this.pageSize));
    const last = Math.floor(Math.max(start, end - 1) / this.pageSize);
    for (const page of [...this.#pages.keys()]) {
      if (page < first || page > last) this.#pages.delete(page);
    }
    for (let page = first; page <= last; page++) this.#fetch(page);
  }

  /** Stops loading; late pages are ignored. */
  dispose(): void {
    this.#disposed = true;
    this.#pages.clear();
  }

  #load(page: number): void {
    if (this.#pages.has(page) || this.#loading.has(page)) return;
    const total = this.total.peek();
    if (total !== null && page * this.pageSize >= total && page > 0) return;
    this.#fetch(page);
  }

  #fetch(page: number): void {
    const generation = this.#generation;
    this.#loading.add(page);
    this.fetchPage(page * this.pageSize, this.pageSize)
      .then((result) => {
        if (this.#disposed || generation !== this.#generation) return;
        this.#pages.set(page, result.rows);
        while (this.#pages.size > this.maxPages) {
          this.#pages.delete(this.#pages.keys().next().value as number);
        }
        this.error.value = null;
        this.total.value = result.total;
        this.version.value++;
      })
      .catch((error: unknown) => {
        if (this.#disposed || generation !== this.#generation) return;
        this.error.value = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        if (generation === this.#generation) this.#loading.delete(page);
      });
  }
}

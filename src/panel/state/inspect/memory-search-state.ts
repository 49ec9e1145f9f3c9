/**
 * The Memory view's search: a pattern typed as hex or text, every match listed a batch at a
 * time (the first {@link SEARCH_BATCH}, then more when the user steps past the last), next and
 * previous relative to the cursor, progress and cancel. It runs in the source's worker when
 * the source can search, else over windows the panel reads.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { ByteRange } from './byte-ranges.ts';
import type { MemorySource } from './memory-source.ts';
import { searchMemory } from './memory-tasks.ts';
import { parseSearchQuery, type SearchKind } from './search-query.ts';

/** Matches found per search call. */
export const SEARCH_BATCH = 10_000;

/** Where a search is. */
export type SearchStatus =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; ms: number }
  | { kind: 'error'; message: string };

/** The search area of a Memory view. */
export interface MemorySearchState {
  readonly query: Signal<string>;
  readonly kind: Signal<SearchKind>;
  /** Whether ASCII letters match either case (text searches). */
  readonly caseInsensitive: Signal<boolean>;
  readonly status: Signal<SearchStatus>;
  /** Match addresses found so far, ascending. */
  readonly matches: Signal<number[]>;
  readonly patternLength: Signal<number>;
  /** Index in {@link matches} of the match the cursor was taken to, or -1. */
  readonly current: Signal<number>;
  /** Whether every match is listed (false: more may follow the last). */
  readonly complete: Signal<boolean>;
  /** The memory changed since the search ran. */
  readonly stale: Signal<boolean>;
  /** The query, kind or case differ from those the results are for (Enter searches anew). */
  readonly outdated: ReadonlySignal<boolean>;
  /** Whether the search runs where the bytes are (a worker) or in the panel. */
  readonly where: 'source' | 'panel';
  /** The matched bytes, merged, for highlighting. */
  readonly matchRanges: ReadonlySignal<ByteRange[]>;
  readonly currentRange: ReadonlySignal<ByteRange | null>;
  /** Searches for the query and goes to the first match at or after the cursor. */
  run(): Promise<void>;
  /** Goes to the next match after the cursor (wrapping, or finding more). */
  next(): Promise<void>;
  /** Goes to the previous match before the cursor. */
  previous(): Promise<void>;
  cancel(): void;
  /** Forgets the results. */
  clear(): void;
  /** Called by the inspector when the memory changed. */
  memoryChanged(): void;
}

/** What the search needs from the inspector. */
export interface SearchHost {
  readonly cursor: Signal<number>;
  readonly length: Signal<number | null>;
  /** Moves the cursor to a match `[start, end)`. */
  goToMatch(start: number, end: number): void;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Creates the search area over `source`. */
export function createMemorySearch(source: MemorySource, host: SearchHost): MemorySearchState {
  const query = signal('');
  const kind = signal<SearchKind>('text');
  const caseInsensitive = signal(false);
  const status = signal<SearchStatus>({ kind: 'idle' });
  const matches = signal<number[]>([]);
  const patternLength = signal(0);
  const current = signal(-1);
  const complete = signal(true);
  const stale = signal(false);
  /** What the results are for. */
  const searched = signal<{ query: string; kind: SearchKind; caseInsensitive: boolean } | null>(
    null,
  );
  let pattern: Uint8Array | null = null;
  let ignoreCase = false;
  let resumeAt: number | null = null;
  let controller: AbortController | null = null;

  const matchRanges = computed<ByteRange[]>(() => {
    const size = patternLength.value;
    const out: ByteRange[] = [];
    for (const start of matches.value) {
      const last = out.at(-1);
      if (last && start <= last.end) last.end = Math.max(last.end, start + size);
      else out.push({ start, end: start + size });
    }
    return out;
  });
  const currentRange = computed<ByteRange | null>(() => {
    const at = matches.value[current.value];
    return at === undefined ? null : { start: at, end: at + patternLength.value };
  });

  const show = (index: number): void => {
    current.value = index;
    const at = matches.peek()[index];
    host.goToMatch(at, at + patternLength.peek());
  };

  /** Scans from `from` for the next batch; returns how many matches it added. */
  async function scan(from: number): Promise<number> {
    if (!pattern) return 0;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    const started = performance.now();
    status.value = { kind: 'running', done: 0, total: 0 };
    try {
      const outcome = await searchMemory(
        source,
        {
          pattern,
          caseInsensitive: ignoreCase,
          from,
          direction: 'forward',
          maxMatches: SEARCH_BATCH,
        },
        {
          signal: own.signal,
          onProgress: (done, total) => {
            if (controller === own) status.value = { kind: 'running', done, total };
          },
        },
      );
      if (controller !== own) return 0;
      resumeAt = outcome.resumeAt;
      batch(() => {
        matches.value = [...matches.peek(), ...outcome.matches];
        complete.value = outcome.resumeAt === null;
        status.value = { kind: 'done', ms: performance.now() - started };
      });
      return outcome.matches.length;
    } catch (error) {
      if (controller === own)
        status.value = isAbort(error)
          ? { kind: 'idle' }
          : { kind: 'error', message: error instanceof Error ? error.message : String(error) };
      return 0;
    } finally {
      if (controller === own) controller = null;
    }
  }

  const state: MemorySearchState = {
    query,
    kind,
    caseInsensitive,
    status,
    matches,
    patternLength,
    current,
    complete,
    stale,
    outdated: computed(() => {
      const last = searched.value;
      return (
        last === null ||
        last.query !== query.value ||
        last.kind !== kind.value ||
        (kind.value === 'text' && last.caseInsensitive !== caseInsensitive.value)
      );
    }),
    where: source.search ? 'source' : 'panel',
    matchRanges,
    currentRange,
    async run() {
      const parsed = parseSearchQuery(query.peek(), kind.peek());
      if (!parsed.ok) {
        status.value = { kind: 'error', message: parsed.error };
        return;
      }
      pattern = parsed.pattern;
      ignoreCase = kind.peek() === 'text' && caseInsensitive.peek();
      searched.value = {
        query: query.peek(),
        kind: kind.peek(),
        caseInsensitive: caseInsensitive.peek(),
      };
      batch(() => {
        matches.value = [];
        current.value = -1;
        patternLength.value = parsed.pattern.length;
        complete.value = true;
        stale.value = false;
      });
      resumeAt = null;
      await scan(0);
      const list = matches.peek();
      if (list.length === 0) return;
      const at = host.cursor.peek();
      const index = list.findIndex((match) => match >= at);
      show(index >= 0 ? index : 0);
    },
    async next() {
      const list = matches.peek();
      if (list.length === 0) return;
      const at = host.cursor.peek();
      let index = list.findIndex((match) => match > at);
      if (index < 0 && !complete.peek() && resumeAt !== null) {
        const before = list.length;
        if ((await scan(resumeAt)) > 0) index = before;
      }
      show(index >= 0 ? index : 0);
    },
    async previous() {
      const list = matches.peek();
      if (list.length === 0) return;
      const at = host.cursor.peek();
      let index = -1;
      for (let i = list.length - 1; i >= 0; i--)
        if (list[i] < at) {
          index = i;
          break;
        }
      // Wrapping to the last match needs the whole list; with more to find, stay put.
      if (index < 0) index = complete.peek() ? list.length - 1 : 0;
      show(index);
    },
    cancel() {
      controller?.abort();
      controller = null;
      if (status.peek().kind === 'running') status.value = { kind: 'idle' };
    },
    clear() {
      state.cancel();
      pattern = null;
      batch(() => {
        searched.value = null;
        matches.value = [];
        current.value = -1;
        patternLength.value = 0;
        complete.value = true;
        stale.value = false;
        status.value = { kind: 'idle' };
      });
    },
    memoryChanged() {
      if (pattern && status.peek().kind === 'done') stale.value = true;
    },
  };
  return state;
}

/**
 * The state of one Memory view over a {@link MemorySource}: the window of bytes in view (read
 * again when the source says it changed, at most ten times a second, and diffed against the
 * previous read to highlight what the last call changed), the cursor and selection, the
 * address history, edits, the value inspector's settings, `memory.grow` events, and the
 * search and snapshot areas. No JSX; it runs in Node under test.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { parseAddress, type AddressParse } from './address-expression.ts';
import {
  differingRanges,
  markRanges,
  mergeRanges,
  rangeBytes,
  type ByteRange,
} from './byte-ranges.ts';
import type { MemoryChange, MemorySource, MemoryTaskOptions } from './memory-source.ts';
import { createMemorySearch, type MemorySearchState } from './memory-search-state.ts';
import { createMemorySnapshots, type MemorySnapshotsState } from './memory-snapshots-state.ts';
import { TEXT_PREVIEW_BYTES, textAtCursor, type TextAtCursor } from './text-at-cursor.ts';
import {
  interpretValues,
  type Endianness,
  type FloatFormat,
  type IntegerFormat,
  type InterpretedValue,
} from './value-interpreter.ts';
import { SCAN_WINDOW_BYTES, yieldToEventLoop } from './windowed-scan.ts';

/** Bytes read at an address: the window in view, or the bytes at the cursor. */
export interface MemoryWindow {
  offset: number;
  bytes: Uint8Array;
}

/** A `memory.grow` the view saw. */
export interface GrowEvent {
  /** When it was seen (ms since the epoch). */
  at: number;
  /** Size before and after, in bytes. */
  from: number;
  to: number;
}

/** A message about the last action (a refused edit, a write that failed). */
export interface InspectorNotice {
  kind: 'error' | 'info';
  text: string;
}

/** What the view is asked to scroll to (a new `seq` each time, so a repeat scrolls again). */
export interface MemoryScrollRequest {
  row: number;
  align: 'nearest' | 'center';
  seq: number;
}

/** Per-byte flags of the window (see {@link MemoryInspector.marks}). */
export const MARK = {
  /** Changed by the last call (or the last refresh that saw a change). */
  changed: 1,
  /** Changed since the selected snapshot. */
  sinceSnapshot: 2,
  /** Part of a search match. */
  match: 4,
  /** Part of the current search match. */
  currentMatch: 8,
} as const;

/** Timers, replaceable in tests. */
export interface InspectorClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Options of {@link createMemoryInspector}. */
export interface MemoryInspectorOptions {
  /** Least time between two refreshes asked for by change notices (default 100 ms: 10×/s). */
  minRefreshMs?: number;
  /** How often a source without `onChange` is read again while shown (default 1000 ms). */
  pollMs?: number;
  clock?: InspectorClock;
}

/** The Memory view's state over one source. */
export interface MemoryInspector {
  readonly source: MemorySource;
  /** The memory's size; null before the first read. */
  readonly length: Signal<number | null>;
  readonly bytesPerRow: Signal<number>;
  /** Rows of the whole memory at the current width. */
  readonly rowCount: ReadonlySignal<number>;
  /** The bytes read around the visible rows. */
  readonly window: Signal<MemoryWindow | null>;
  /** Per byte of {@link window}: {@link MARK} flags. */
  readonly marks: ReadonlySignal<Uint8Array | null>;
  /** Why the last read failed (the memory is gone), or null. */
  readonly error: Signal<string | null>;
  readonly notice: Signal<InspectorNotice | null>;
  /** Reads made so far (the view's refresh counter, for tests and the status line). */
  readonly reads: Signal<number>;

  readonly cursor: Signal<number>;
  /** The other end of the selection, or null when only the cursor is selected. */
  readonly anchor: Signal<number | null>;
  /** The selected bytes `[start, end)`. */
  readonly selection: ReadonlySignal<ByteRange>;
  /** Which column the keyboard edits. */
  readonly column: Signal<'hex' | 'text'>;
  /** In the hex column: 0 when the next digit is the high nibble, 1 for the low one. */
  readonly nibble: Signal<0 | 1>;
  readonly scrollRequest: Signal<MemoryScrollRequest | null>;
  readonly canGoBack: ReadonlySignal<boolean>;
  readonly canGoForward: ReadonlySignal<boolean>;

  readonly endianness: Signal<Endianness>;
  readonly integerFormat: Signal<IntegerFormat>;
  readonly floatFormat: Signal<FloatFormat>;
  /** The bytes from the cursor on (up to {@link TEXT_PREVIEW_BYTES}), when read. */
  readonly cursorBytes: ReadonlySignal<Uint8Array | null>;
  readonly values: ReadonlySignal<InterpretedValue[]>;
  readonly text: ReadonlySignal<TextAtCursor | null>;

  /** Bytes the last call changed (in what was read), in address order. */
  readonly changed: Signal<ByteRange[]>;
  readonly changedBytes: ReadonlySignal<number>;
  /** `memory.grow` events, newest first. */
  readonly growEvents: Signal<GrowEvent[]>;

  readonly search: MemorySearchState;
  readonly snapshots: MemorySnapshotsState;

  /** Starts following the source (notices or polling) while a view shows it; returns the stop. */
  attach(): () => void;
  /** The view shows rows `[first, end)`. */
  setVisibleRows(first: number, end: number): void;
  setBytesPerRow(count: number): void;
  /** Reads the window again now. */
  refresh(): Promise<void>;
  /** Goes to the address `text` names (see `parseAddress`), recording history. */
  goTo(text: string): AddressParse;
  /** Goes to `address` (recorded in history unless `history` is false). */
  goToAddress(address: number, options?: { history?: boolean; selectTo?: number }): void;
  goBack(): void;
  goForward(): void;
  /** Moves the cursor by `delta` bytes (clamped); `extend` grows the selection. */
  moveCursor(delta: number, extend?: boolean): void;
  /** Puts the cursor on `address`; `extend` grows the selection. */
  setCursor(address: number, extend?: boolean): void;
  /** Types a hex digit over the cursor's nibble (writes the byte). */
  typeHexDigit(digit: number): Promise<void>;
  /** Types text over the bytes at the cursor, as UTF-8. */
  typeText(text: string): Promise<void>;
  /** Undoes the last edit. */
  undo(): Promise<void>;
  /** Reads `[start, end)` into a Blob (for saving), a window at a time. */
  readRange(start: number, end: number, options?: MemoryTaskOptions): Promise<Blob>;
  /** Stops everything (timers, tasks) and drops the source's snapshots. */
  dispose(): void;
}

/** Most bytes a window read covers, whatever the viewport. */
export const MAX_WINDOW_BYTES = 256 * 1024;
/** Largest range saved as a file. */
export const MAX_SAVE_BYTES = 1024 * 1024 * 1024;
const MAX_HISTORY = 100;
const MAX_GROW_EVENTS = 100;

const realClock: InspectorClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the state of a Memory view over `source`. */
export function createMemoryInspector(
  source: MemorySource,
  options: MemoryInspectorOptions = {},
): MemoryInspector {
  const clock = options.clock ?? realClock;
  const minRefreshMs = options.minRefreshMs ?? 100;
  const pollMs = options.pollMs ?? 1000;

  const length = signal<number | null>(null);
  const bytesPerRow = signal(16);
  const window = signal<MemoryWindow | null>(null);
  const error = signal<string | null>(null);
  const notice = signal<InspectorNotice | null>(null);
  const reads = signal(0);
  const cursor = signal(0);
  const anchor = signal<number | null>(null);
  const column = signal<'hex' | 'text'>('hex');
  const nibble = signal<0 | 1>(0);
  const scrollRequest = signal<MemoryScrollRequest | null>(null);
  const back = signal<number[]>([]);
  const forward = signal<number[]>([]);
  const endianness = signal<Endianness>('little');
  const integerFormat = signal<IntegerFormat>('dec');
  const floatFormat = signal<FloatFormat>('dec');
  const changed = signal<ByteRange[]>([]);
  const growEvents = signal<GrowEvent[]>([]);
  /** Bytes at the cursor read apart from the window (when the window does not cover them). */
  const cursorRead = signal<MemoryWindow | null>(null);

  let visible = { first: 0, end: 0 };
  let scrollSeq = 0;
  const undoStack: { address: number; before: Uint8Array }[] = [];

  const rowCount = computed(() => Math.ceil((length.value ?? 0) / bytesPerRow.value));
  const selection = computed<ByteRange>(() => {
    const a = anchor.value ?? cursor.value;
    return { start: Math.min(a, cursor.value), end: Math.max(a, cursor.value) + 1 };
  });

  const cursorBytes = computed<Uint8Array | null>(() => {
    const at = cursor.value;
    const size = length.value ?? 0;
    const want = Math.min(TEXT_PREVIEW_BYTES, Math.max(0, size - at));
    for (const read of [window.value, cursorRead.value]) {
      if (!read) continue;
      const start = at - read.offset;
      if (start >= 0 && start + want <= read.bytes.length)
        return read.bytes.subarray(start, start + want);
    }
    return null;
  });
  const values = computed(() => {
    const bytes = cursorBytes.value;
    if (!bytes) return [];
    return interpretValues(bytes.subarray(0, 8), {
      endianness: endianness.value,
      integerFormat: integerFormat.value,
      floatFormat: floatFormat.value,
      memoryLength: length.value ?? 0,
    });
  });
  const text = computed(() => {
    const bytes = cursorBytes.value;
    return bytes ? textAtCursor(bytes) : null;
  });
  const changedBytes = computed(() => rangeBytes(changed.value));

  // ---- reading ------------------------------------------------------------------------

  /** Notices not yet acted on by a read. */
  let notices: (MemoryChange | undefined)[] = [];
  let epochCallId: number | undefined;
  let pending = false;
  let urgent = false;
  let running = false;
  let lastReadAt = -Infinity;
  let timer: unknown = null;
  let disposed = false;
  let readWaiters: (() => void)[] = [];
  /** Counts writes begun: a read that overlapped one may hold bytes from before it. */
  let writes = 0;

  /** The window the visible rows need, with a page of rows above and below. */
  const wantedWindow = (): ByteRange => {
    const size = length.peek() ?? 0;
    const perRow = bytesPerRow.peek();
    const rows = Math.max(1, visible.end - visible.first);
    let start = Math.max(0, (visible.first - rows) * perRow);
    let end = Math.min(size, (visible.end + rows) * perRow);
    if (end - start > MAX_WINDOW_BYTES) {
      start = Math.max(0, visible.first * perRow - perRow * 4);
      end = Math.min(size, start + MAX_WINDOW_BYTES);
    }
    return { start, end: Math.max(start, end) };
  };

  /** Whether the window read covers the visible rows and the cursor's value. */
  const covered = (): boolean => {
    const current = window.peek();
    if (!current || length.peek() === null) return false;
    const size = length.peek() ?? 0;
    const perRow = bytesPerRow.peek();
    const start = visible.first * perRow;
    const end = Math.min(size, visible.end * perRow);
    return current.offset <= start && current.offset + current.bytes.length >= end;
  };

  function requestRead(now: boolean): Promise<void> {
    const done = new Promise<void>((resolve) => readWaiters.push(resolve));
    pending = true;
    if (now) urgent = true;
    kick();
    return done;
  }

  function kick(): void {
    if (disposed || running || !pending) return;
    const wait = urgent ? 0 : lastReadAt + minRefreshMs - clock.now();
    if (wait > 0) {
      if (timer === null)
        timer = clock.setTimeout(() => {
          timer = null;
          kick();
        }, wait);
      return;
    }
    if (timer !== null) {
      clock.clearTimeout(timer);
      timer = null;
    }
    pending = false;
    urgent = false;
    lastReadAt = clock.now();
    running = true;
    const waiters = readWaiters;
    readWaiters = [];
    void readNow().finally(() => {
      running = false;
      for (const resolve of waiters) resolve();
      kick();
    });
  }

  async function readNow(): Promise<void> {
    const taken = notices;
    notices = [];
    const writesBefore = writes;
    try {
      const previousLength = length.peek();
      const size = await source.length();
      if (disposed) return;
      if (length.peek() !== size) {
        length.value = size;
        if (cursor.peek() >= size) cursor.value = Math.max(0, size - 1);
      }
      const range = wantedWindow();
      const at = cursor.peek();
      const cursorEnd = Math.min(size, at + TEXT_PREVIEW_BYTES);
      const needCursor = at < range.start || cursorEnd > range.end;
      const [bytes, atCursor] = await Promise.all([
        source.read(range.start, range.end - range.start),
        needCursor && at < size ? source.read(at, cursorEnd - at) : Promise.resolve(null),
      ]);
      if (disposed) return;
      if (writes !== writesBefore) {
        // A write landed while this read was on its way: read again rather than show (and
        // diff) bytes from before it.
        notices = [...taken, ...notices];
        pending = true;
        urgent = true;
        return;
      }
      const before = window.peek();
      const found: ByteRange[] = [];
      if (before) {
        // Compare where the two reads overlap.
        const start = Math.max(before.offset, range.start);
        const end = Math.min(before.offset + before.bytes.length, range.start + bytes.length);
        if (end > start)
          found.push(
            ...differingRanges(
              start,
              before.bytes.subarray(start - before.offset, end - before.offset),
              bytes.subarray(start - range.start, end - range.start),
            ),
          );
      }
      batch(() => {
        window.value = { offset: range.start, bytes };
        if (atCursor) cursorRead.value = { offset: at, bytes: atCursor };
        updateChanged(taken, found);
        recordGrowth(taken, previousLength, size);
        error.value = null;
        reads.value++;
      });
      if (taken.length > 0) {
        search.memoryChanged();
        snapshots.memoryChanged();
      }
    } catch (failure) {
      if (!disposed) error.value = message(failure);
    }
  }

  function updateChanged(taken: (MemoryChange | undefined)[], found: ByteRange[]): void {
    let newCall = false;
    let sameCall = false;
    for (const notice of taken) {
      if (notice?.callId === undefined) continue;
      if (notice.callId !== epochCallId) {
        newCall = true;
        epochCallId = notice.callId;
      } else sameCall = true;
    }
    if (newCall) changed.value = found;
    else if (found.length === 0) return;
    else if (sameCall) changed.value = mergeRanges(changed.peek(), found);
    else changed.value = found;
  }

  function recordGrowth(
    taken: (MemoryChange | undefined)[],
    previous: number | null,
    size: number,
  ): void {
    const told = taken.flatMap((notice) => (notice?.grew ? [notice.grew] : []));
    const now = Date.now();
    const events: GrowEvent[] =
      told.length > 0
        ? told.map((grew) => ({ at: now, from: grew.from, to: grew.to }))
        : previous !== null && size > previous
          ? [{ at: now, from: previous, to: size }]
          : [];
    if (events.length === 0) return;
    growEvents.value = [...events.reverse(), ...growEvents.peek()].slice(0, MAX_GROW_EVENTS);
  }

  // ---- cursor and history ------------------------------------------------------------

  // Before the first read the size is unknown: any address stands until then.
  const clampAddress = (address: number): number => {
    const size = length.peek();
    return Math.max(0, size === null ? address : Math.min(Math.max(0, size - 1), address));
  };

  function scrollToCursor(align: 'nearest' | 'center'): void {
    scrollRequest.value = {
      row: Math.floor(cursor.peek() / bytesPerRow.peek()),
      align,
      seq: ++scrollSeq,
    };
  }

  function ensureCursorRead(): void {
    if (cursorBytes.peek() === null && length.peek() !== null) void requestRead(true);
  }

  function place(address: number, extend: boolean): void {
    const target = clampAddress(address);
    batch(() => {
      if (extend) anchor.value = anchor.peek() ?? cursor.peek();
      else anchor.value = null;
      cursor.value = target;
      nibble.value = 0;
    });
    scrollToCursor('nearest');
    ensureCursorRead();
  }

  function goToAddress(address: number, opts: { history?: boolean; selectTo?: number } = {}) {
    const target = clampAddress(address);
    if (opts.history !== false && target !== cursor.peek()) {
      back.value = [...back.peek(), cursor.peek()].slice(-MAX_HISTORY);
      forward.value = [];
    }
    batch(() => {
      cursor.value = target;
      anchor.value = opts.selectTo === undefined ? null : clampAddress(opts.selectTo);
      nibble.value = 0;
    });
    scrollToCursor('center');
    ensureCursorRead();
  }

  // ---- edits ---------------------------------------------------------------------------

  /** The byte at `address` from what was read, or null. */
  function knownByte(address: number): number | null {
    for (const read of [window.peek(), cursorRead.peek()]) {
      if (!read) continue;
      const index = address - read.offset;
      if (index >= 0 && index < read.bytes.length) return read.bytes[index];
    }
    return null;
  }

  /** Puts `bytes` into what was read, so the edit shows at once and is not a "change". */
  function patchReads(address: number, bytes: Uint8Array): void {
    const patch = (read: MemoryWindow | null): MemoryWindow | null => {
      if (!read) return read;
      const start = Math.max(address, read.offset);
      const end = Math.min(address + bytes.length, read.offset + read.bytes.length);
      if (end <= start) return read;
      const copy = read.bytes.slice();
      copy.set(bytes.subarray(start - address, end - address), start - read.offset);
      return { offset: read.offset, bytes: copy };
    };
    batch(() => {
      window.value = patch(window.peek());
      cursorRead.value = patch(cursorRead.peek());
    });
  }

  async function writeBytes(
    address: number,
    bytes: Uint8Array,
    remember: boolean,
  ): Promise<boolean> {
    if (!source.write) {
      notice.value = { kind: 'info', text: `${source.label} is read-only here` };
      return false;
    }
    const size = length.peek() ?? 0;
    if (address + bytes.length > size) {
      notice.value = { kind: 'error', text: 'the edit runs past the end of the memory' };
      return false;
    }
    const before = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      const known = knownByte(address + i);
      if (known === null) {
        const read = await source.read(address, bytes.length);
        before.set(read);
        break;
      }
      before[i] = known;
    }
    writes++;
    patchReads(address, bytes);
    try {
      await source.write(address, bytes);
      if (remember) undoStack.push({ address, before });
      if (undoStack.length > MAX_HISTORY) undoStack.shift();
      notice.value = null;
      return true;
    } catch (failure) {
      notice.value = { kind: 'error', text: `could not write: ${message(failure)}` };
      patchReads(address, before);
      void requestRead(true);
      return false;
    }
  }

  /**
   * Edits run one after another: keys typed faster than a write's round trip must each see
   * the byte and the nibble the previous one left.
   */
  let edits: Promise<void> = Promise.resolve();
  const queueEdit = (edit: () => Promise<void>): Promise<void> => (edits = edits.then(edit, edit));

  async function typeHexDigitNow(digit: number): Promise<void> {
    const address = cursor.peek();
    let old = knownByte(address);
    if (old === null) {
      const read = await source.read(address, 1);
      if (read.length === 0) return;
      old = read[0];
    }
    const high = nibble.peek() === 0;
    const value = high ? (digit << 4) | (old & 0x0f) : (old & 0xf0) | digit;
    // The byte is written at each digit; undo takes back both digits of one byte at once.
    const written = await writeBytes(address, Uint8Array.of(value), high);
    if (!written) return;
    if (high) nibble.value = 1;
    else if (address + 1 < (length.peek() ?? 0)) place(address + 1, false);
    else nibble.value = 0;
  }

  // ---- the areas that need the cursor --------------------------------------------------

  const search = createMemorySearch(source, {
    cursor,
    length,
    goToMatch: (address, end) => goToAddress(address, { selectTo: end - 1 }),
  });
  const snapshots = createMemorySnapshots(source, { clock });

  const marks = computed<Uint8Array | null>(() => {
    const read = window.value;
    if (!read) return null;
    const flags = new Uint8Array(read.bytes.length);
    markRanges(flags, read.offset, changed.value, MARK.changed);
    const diff = snapshots.shownRanges.value;
    if (diff.length > 0) markRanges(flags, read.offset, diff, MARK.sinceSnapshot);
    const found = search.matchRanges.value;
    if (found.length > 0) markRanges(flags, read.offset, found, MARK.match);
    const current = search.currentRange.value;
    if (current) markRanges(flags, read.offset, [current], MARK.currentMatch);
    return flags;
  });

  // ---- following the source ------------------------------------------------------------

  let attached = 0;
  let stopFollowing: (() => void) | null = null;

  function follow(): () => void {
    if (source.onChange) {
      return source.onChange((change) => {
        notices.push(change);
        void requestRead(false);
      });
    }
    const poll = clock.setInterval(() => void requestRead(false), pollMs);
    return () => clock.clearInterval(poll);
  }

  const inspector: MemoryInspector = {
    source,
    length,
    bytesPerRow,
    rowCount,
    window,
    marks,
    error,
    notice,
    reads,
    cursor,
    anchor,
    selection,
    column,
    nibble,
    scrollRequest,
    canGoBack: computed(() => back.value.length > 0),
    canGoForward: computed(() => forward.value.length > 0),
    endianness,
    integerFormat,
    floatFormat,
    cursorBytes,
    values,
    text,
    changed,
    changedBytes,
    growEvents,
    search,
    snapshots,

    attach() {
      if (attached++ === 0) {
        stopFollowing = follow();
        void requestRead(true);
      }
      let detached = false;
      return () => {
        if (detached) return;
        detached = true;
        if (--attached === 0) {
          stopFollowing?.();
          stopFollowing = null;
        }
      };
    },
    setVisibleRows(first, end) {
      visible = { first, end };
      if (!covered()) void requestRead(true);
    },
    setBytesPerRow(count) {
      if (count === bytesPerRow.peek()) return;
      bytesPerRow.value = count;
      scrollToCursor('nearest');
    },
    refresh: () => requestRead(true),
    goTo(textValue) {
      const parsed = parseAddress(textValue, {
        cursor: cursor.peek(),
        length: length.peek() ?? 0,
      });
      if (parsed.ok) goToAddress(parsed.address);
      return parsed;
    },
    goToAddress,
    goBack() {
      const stack = back.peek();
      const target = stack.at(-1);
      if (target === undefined) return;
      batch(() => {
        back.value = stack.slice(0, -1);
        forward.value = [...forward.peek(), cursor.peek()];
      });
      goToAddress(target, { history: false });
    },
    goForward() {
      const stack = forward.peek();
      const target = stack.at(-1);
      if (target === undefined) return;
      batch(() => {
        forward.value = stack.slice(0, -1);
        back.value = [...back.peek(), cursor.peek()];
      });
      goToAddress(target, { history: false });
    },
    moveCursor(delta, extend = false) {
      place(cursor.peek() + delta, extend);
    },
    setCursor(address, extend = false) {
      place(address, extend);
    },
    typeHexDigit(digit) {
      if (!Number.isInteger(digit) || digit < 0 || digit > 15) return Promise.resolve();
      return queueEdit(() => typeHexDigitNow(digit));
    },
    typeText(value) {
      const bytes = new TextEncoder().encode(value);
      if (bytes.length === 0) return Promise.resolve();
      return queueEdit(async () => {
        const address = cursor.peek();
        if (await writeBytes(address, bytes, true)) place(address + bytes.length, false);
      });
    },
    undo() {
      return queueEdit(async () => {
        const last = undoStack.pop();
        if (!last) return;
        if (await writeBytes(last.address, last.before, false))
          goToAddress(last.address, { history: false });
      });
    },
    async readRange(start, end, taskOptions) {
      const size = length.peek() ?? (await source.length());
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end, size));
      if (to - from > MAX_SAVE_BYTES)
        throw new RangeError(`a saved range is at most ${MAX_SAVE_BYTES / 1024 / 1024} MiB`);
      const parts: Uint8Array<ArrayBuffer>[] = [];
      for (let offset = from; offset < to; offset += SCAN_WINDOW_BYTES) {
        if (taskOptions?.signal?.aborted)
          throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
        const part = await source.read(offset, Math.min(SCAN_WINDOW_BYTES, to - offset));
        parts.push(new Uint8Array(part));
        taskOptions?.onProgress?.(offset + part.length - from, to - from);
        await yieldToEventLoop();
      }
      return new Blob(parts, { type: 'application/octet-stream' });
    },
    dispose() {
      disposed = true;
      stopFollowing?.();
      stopFollowing = null;
      if (timer !== null) clock.clearTimeout(timer);
      search.cancel();
      snapshots.dispose();
      for (const resolve of readWaiters) resolve();
      readWaiters = [];
    },
  };
  return inspector;
}

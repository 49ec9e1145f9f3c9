import { afterEach, describe, expect, it } from 'vitest';
import {
  BufferMemorySource,
  createMemoryInspector,
  createMemoryList,
  MARK,
  SEARCH_BATCH,
  type MemoryInspector,
  type MemorySource,
} from '../../../../src/panel/state/index.ts';
import { ManualClock, settle, workerBackedSource } from '../../support/memory-sources.ts';

const PAGE = 65536;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** An attached inspector over `source`, showing rows [0, 20) of 16 bytes. */
async function open(source: MemorySource, clock = new ManualClock()): Promise<MemoryInspector> {
  const inspector = createMemoryInspector(source, { clock });
  const detach = inspector.attach();
  cleanups.push(() => {
    detach();
    inspector.dispose();
  });
  inspector.setVisibleRows(0, 20);
  await settle();
  return inspector;
}

function pageWith(entries: [number, ArrayLike<number>][], pages = 1): WebAssembly.Memory {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 100 });
  const bytes = new Uint8Array(memory.buffer);
  for (const [at, values] of entries) bytes.set(values, at);
  return memory;
}

describe('the Memory view state: reading and refreshing', () => {
  it('reads only a window around the visible rows, also of a 1 GiB memory', async () => {
    const memory = new WebAssembly.Memory({ initial: 16384, maximum: 16384 });
    new Uint8Array(memory.buffer).set([0xaa, 0xbb], 1024 * 1024 * 1024 - 2);
    const source = new BufferMemorySource(memory);
    const inspector = await open(source);
    expect(inspector.length.value).toBe(1024 * 1024 * 1024);
    expect(inspector.rowCount.value).toBe(64 * 1024 * 1024);
    inspector.goToAddress(1024 * 1024 * 1024 - 1);
    const lastRow = inspector.rowCount.value - 1;
    inspector.setVisibleRows(lastRow - 19, lastRow + 1);
    await settle();
    expect(inspector.values.value.find((v) => v.type === 'u8')?.text).toBe(String(0xbb));
    // The window is visible rows plus a page each side; nothing near 1 GiB was copied.
    expect(source.bytesRead).toBeLessThan(64 * 1024);
  });

  it('reads again on a change notice at most ten times a second, and once after the last', async () => {
    const clock = new ManualClock();
    const memory = pageWith([]);
    const source = new BufferMemorySource(memory);
    const inspector = await open(source, clock);
    const readsAfterOpen = inspector.reads.value;
    for (let tick = 0; tick < 50; tick++) {
      new Uint8Array(memory.buffer)[tick] = 1;
      source.notify({ callId: 1 });
      await clock.advance(10);
    }
    await clock.advance(200);
    const reads = inspector.reads.value - readsAfterOpen;
    // 500 ms of notices every 10 ms: one read per 100 ms, plus the trailing one.
    expect(reads).toBeGreaterThanOrEqual(5);
    expect(reads).toBeLessThanOrEqual(6);
    expect(inspector.window.value?.bytes[49]).toBe(1);
  });

  it('polls a source that cannot tell when it changed, while attached only', async () => {
    const clock = new ManualClock();
    const memory = pageWith([]);
    const source = new BufferMemorySource(memory, { silent: true });
    const inspector = createMemoryInspector(source, { clock, pollMs: 500 });
    const detach = inspector.attach();
    inspector.setVisibleRows(0, 20);
    await settle();
    new Uint8Array(memory.buffer)[3] = 7;
    await clock.advance(500);
    expect(inspector.window.value?.bytes[3]).toBe(7);
    expect(inspector.changed.value).toEqual([{ start: 3, end: 4 }]);
    detach();
    expect(clock.pending).toBe(0);
    inspector.dispose();
  });

  it('highlights the bytes the last call changed, across the notices of one call', async () => {
    const clock = new ManualClock();
    const memory = pageWith([]);
    const bytes = () => new Uint8Array(memory.buffer);
    const source = new BufferMemorySource(memory);
    const inspector = await open(source, clock);

    bytes().set([1, 2], 16);
    source.notify({ callId: 1 });
    await clock.advance(100);
    bytes()[40] = 9; // still call 1: added to its highlight
    source.notify({ callId: 1 });
    await clock.advance(100);
    expect(inspector.changed.value).toEqual([
      { start: 16, end: 18 },
      { start: 40, end: 41 },
    ]);
    const marks = inspector.marks.value!;
    expect(marks[16] & MARK.changed).toBeTruthy();
    expect(marks[18] & MARK.changed).toBeFalsy();

    bytes()[100] = 5; // call 2 starts a new highlight
    source.notify({ callId: 2 });
    await clock.advance(100);
    expect(inspector.changed.value).toEqual([{ start: 100, end: 101 }]);
    expect(inspector.changedBytes.value).toBe(1);

    source.notify({ callId: 3 }); // a call that changed nothing in view clears it
    await clock.advance(100);
    expect(inspector.changed.value).toEqual([]);
  });

  it('shows memory.grow as an event with the old and new size', async () => {
    const clock = new ManualClock();
    const memory = pageWith([]);
    const source = new BufferMemorySource(memory);
    const inspector = await open(source, clock);
    memory.grow(2);
    source.notify({ callId: 1 });
    await clock.advance(100);
    expect(inspector.length.value).toBe(3 * PAGE);
    expect(inspector.growEvents.value).toMatchObject([{ from: PAGE, to: 3 * PAGE }]);
    // A source that says what grew is believed (two grows between reads).
    memory.grow(1);
    memory.grow(1);
    source.notify({ callId: 2, grew: { from: 3 * PAGE, to: 4 * PAGE } });
    source.notify({ callId: 2, grew: { from: 4 * PAGE, to: 5 * PAGE } });
    await clock.advance(100);
    expect(inspector.growEvents.value.map((e) => [e.from / PAGE, e.to / PAGE])).toEqual([
      [4, 5],
      [3, 4],
      [1, 3],
    ]);
  });

  it('says why when the memory cannot be read any more', async () => {
    const source: MemorySource = {
      id: 'lost',
      label: 'memory 0',
      is64: false,
      length: async () => PAGE,
      read: async () => {
        throw new Error('memory 0 is gone: the sandbox was stopped');
      },
    };
    const inspector = await open(source);
    expect(inspector.error.value).toBe('memory 0 is gone: the sandbox was stopped');
  });
});

describe('the Memory view state: cursor, history and the value inspector', () => {
  it('moves the cursor, extends a selection, and reads the values at the cursor', async () => {
    const memory = pageWith([[0x20, [0x78, 0x56, 0x34, 0x12]]]);
    const inspector = await open(new BufferMemorySource(memory));
    inspector.setCursor(0x1e);
    inspector.moveCursor(2);
    expect(inspector.cursor.value).toBe(0x20);
    const u32 = () => inspector.values.value.find((v) => v.type === 'u32')?.text;
    expect(u32()).toBe(String(0x12345678));
    inspector.endianness.value = 'big';
    inspector.integerFormat.value = 'hex';
    expect(u32()).toBe('0x78563412');
    inspector.moveCursor(3, true);
    expect(inspector.selection.value).toEqual({ start: 0x20, end: 0x24 });
    inspector.moveCursor(-1000);
    expect(inspector.cursor.value).toBe(0);
    expect(inspector.anchor.value).toBeNull();
  });

  it('goes to typed addresses, back and forward', async () => {
    const inspector = await open(new BufferMemorySource(pageWith([])));
    expect(inspector.goTo('0x100')).toEqual({ ok: true, address: 0x100 });
    expect(inspector.goTo('. + 0x10')).toEqual({ ok: true, address: 0x110 });
    expect(inspector.goTo('0x99999').ok).toBe(false);
    expect(inspector.cursor.value).toBe(0x110);
    expect(inspector.scrollRequest.value).toMatchObject({ row: 0x11, align: 'center' });
    inspector.goBack();
    expect(inspector.cursor.value).toBe(0x100);
    inspector.goBack();
    expect(inspector.cursor.value).toBe(0);
    expect(inspector.canGoBack.value).toBe(false);
    inspector.goForward();
    inspector.goForward();
    expect(inspector.cursor.value).toBe(0x110);
    expect(inspector.canGoForward.value).toBe(false);
  });

  it('follows a pointer to where it points and reads the bytes there', async () => {
    const memory = pageWith([
      [0x10, [0x00, 0x80, 0, 0]],
      [0x8000, new TextEncoder().encode('far away\0')],
    ]);
    const inspector = await open(new BufferMemorySource(memory));
    inspector.setCursor(0x10);
    const pointer = inspector.values.value.find((v) => v.type === 'ptr32');
    expect(pointer?.target).toBe(0x8000);
    inspector.goToAddress(pointer!.target!);
    await settle();
    expect(inspector.text.value?.cString).toBe('far away');
    inspector.goBack();
    expect(inspector.cursor.value).toBe(0x10);
  });
});

describe('the Memory view state: edits', () => {
  it('writes a byte a hex digit at a time and moves on, and undoes it', async () => {
    const memory = pageWith([[4, [0x12]]]);
    const inspector = await open(new BufferMemorySource(memory));
    inspector.setCursor(4);
    await inspector.typeHexDigit(0xa);
    expect(new Uint8Array(memory.buffer)[4]).toBe(0xa2);
    expect(inspector.nibble.value).toBe(1);
    await inspector.typeHexDigit(0xb);
    expect(new Uint8Array(memory.buffer)[4]).toBe(0xab);
    expect(inspector.cursor.value).toBe(5);
    expect(inspector.window.value?.bytes[4]).toBe(0xab);
    // An edit of ours is not a change of the last call.
    expect(inspector.changed.value).toEqual([]);
    await inspector.undo();
    expect(new Uint8Array(memory.buffer)[4]).toBe(0x12);
  });

  it('types text as UTF-8', async () => {
    const memory = pageWith([]);
    const inspector = await open(new BufferMemorySource(memory));
    inspector.setCursor(8);
    await inspector.typeText('é!');
    expect([...new Uint8Array(memory.buffer, 8, 3)]).toEqual([0xc3, 0xa9, 0x21]);
    expect(inspector.cursor.value).toBe(11);
  });

  it('refuses to edit a read-only memory and says so', async () => {
    const memory = pageWith([]);
    const inspector = await open(
      new BufferMemorySource(memory, { readOnly: true, label: 'memory 1' }),
    );
    await inspector.typeHexDigit(1);
    expect(new Uint8Array(memory.buffer)[0]).toBe(0);
    expect(inspector.notice.value).toEqual({ kind: 'info', text: 'memory 1 is read-only here' });
  });

  it('reads a range for saving', async () => {
    const memory = pageWith([[PAGE - 4, [1, 2, 3, 4]]], 2);
    const inspector = await open(new BufferMemorySource(memory));
    const blob = await inspector.readRange(PAGE - 4, PAGE + 2);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 4, 0, 0]);
  });
});

describe.each([
  [
    'in the panel, by windowed reads',
    (memory: WebAssembly.Memory) => ({ source: new BufferMemorySource(memory), close: () => {} }),
  ],
  ['in the source’s worker', (memory: WebAssembly.Memory) => workerBackedSource(memory)],
])('the Memory view state: search and snapshots %s', (_where, makeSource) => {
  function sourceOver(memory: WebAssembly.Memory) {
    const made = makeSource(memory);
    cleanups.push(made.close);
    return made.source;
  }

  it('finds every match, goes to the first after the cursor, and steps through them', async () => {
    const text = new TextEncoder().encode('needle');
    const memory = pageWith(
      [
        [0x10, text],
        [0x2000, text],
        [3 * PAGE - 6, text],
      ],
      3,
    );
    const inspector = await open(sourceOver(memory));
    const search = inspector.search;
    inspector.setCursor(0x100);
    search.query.value = 'needle';
    search.kind.value = 'text';
    await search.run();
    expect(search.matches.value).toEqual([0x10, 0x2000, 3 * PAGE - 6]);
    expect(search.complete.value).toBe(true);
    expect(inspector.cursor.value).toBe(0x2000);
    expect(inspector.selection.value).toEqual({ start: 0x2000, end: 0x2006 });
    await search.next();
    expect(inspector.cursor.value).toBe(3 * PAGE - 6);
    await search.next();
    expect(inspector.cursor.value).toBe(0x10);
    await search.previous();
    expect(inspector.cursor.value).toBe(3 * PAGE - 6);
    expect(search.current.value).toBe(2);
  });

  it('searches hex and ignores ASCII case when asked', async () => {
    const memory = pageWith([
      [0x30, [0xde, 0xad, 0xbe, 0xef]],
      [0x40, new TextEncoder().encode('NeEdLe')],
    ]);
    const inspector = await open(sourceOver(memory));
    const search = inspector.search;
    search.kind.value = 'hex';
    search.query.value = 'de ad be ef';
    await search.run();
    expect(search.matches.value).toEqual([0x30]);
    search.kind.value = 'text';
    search.query.value = 'needle';
    search.caseInsensitive.value = true;
    await search.run();
    expect(search.matches.value).toEqual([0x40]);
    search.query.value = 'zz';
    search.kind.value = 'hex';
    await search.run();
    expect(search.status.value).toEqual({ kind: 'error', message: '"zz" is not hex' });
  });

  it('lists a batch of matches, then finds more past the last', async () => {
    const inspector = await open(sourceOver(pageWith([], 1)));
    const search = inspector.search;
    search.kind.value = 'hex';
    search.query.value = '00 00';
    await search.run();
    expect(search.matches.value).toHaveLength(SEARCH_BATCH);
    expect(search.complete.value).toBe(false);
    inspector.setCursor(search.matches.value.at(-1)!);
    await search.next();
    expect(inspector.cursor.value).toBe(SEARCH_BATCH);
    expect(search.matches.value.length).toBeGreaterThan(SEARCH_BATCH);
  });

  it('lists the ranges changed since a snapshot, and tints them', async () => {
    const clock = new ManualClock();
    const memory = pageWith([[0x100, [1, 2, 3, 4]]], 4);
    const source = sourceOver(memory);
    const inspector = await open(source, clock);
    const snapshots = inspector.snapshots;
    await snapshots.take();
    expect(snapshots.list.value).toHaveLength(1);
    expect(snapshots.diff.value).toMatchObject({ kind: 'done', diff: { ranges: [] } });

    const bytes = new Uint8Array(memory.buffer);
    bytes[0x101] = 9;
    bytes.fill(7, 3 * PAGE, 3 * PAGE + 10);
    memory.grow(1);
    await snapshots.compare(1);
    const status = snapshots.diff.value;
    expect(status.kind === 'done' && status.diff.ranges).toEqual([
      { start: 0x101, end: 0x102, kind: 'changed' },
      { start: 3 * PAGE, end: 3 * PAGE + 10, kind: 'changed' },
      { start: 4 * PAGE, end: 5 * PAGE, kind: 'grown' },
    ]);
    await inspector.refresh();
    expect(inspector.marks.value![0x101] & MARK.sinceSnapshot).toBeTruthy();
    expect(inspector.marks.value![0x100] & MARK.sinceSnapshot).toBeFalsy();

    await snapshots.drop(1);
    expect(snapshots.list.value).toEqual([]);
    expect(snapshots.shownRanges.value).toEqual([]);
  });

  it('compares again by itself after a change when comparing is cheap', async () => {
    const clock = new ManualClock();
    const memory = pageWith([]);
    const source = sourceOver(memory);
    const inspector = await open(source, clock);
    await inspector.snapshots.take();
    new Uint8Array(memory.buffer)[5] = 1;
    (source as BufferMemorySource).notify({ callId: 1 });
    await clock.advance(100);
    await clock.advance(1000);
    await settle(20);
    const status = inspector.snapshots.diff.value;
    expect(status.kind === 'done' && status.diff.ranges).toEqual([
      { start: 5, end: 6, kind: 'changed' },
    ]);
  });
});

describe('several memories', () => {
  it('keeps one inspector per listed source and disposes those that go', async () => {
    const a = new BufferMemorySource(pageWith([]), { id: 'a', label: 'memory 0' });
    const b = new BufferMemorySource(pageWith([]), { id: 'b', label: 'memory 1' });
    const list = createMemoryList([a, b]);
    expect(list.selected.value?.source).toBe(a);
    list.selected.value!.setCursor(7);
    list.select('b');
    expect(list.selected.value?.source).toBe(b);
    list.select('a');
    expect(list.selected.value?.cursor.value).toBe(7);
    list.setSources([b]);
    expect(list.selectedId.value).toBe('b');
    list.dispose();
  });
});

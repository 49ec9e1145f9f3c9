/**
 * The gallery's teaching examples: each a `.wat` file beside this one (the text the editor
 * gets) and what to read and try in it. Examples are grouped the way a learner meets the
 * ideas: the language, memory and tables, the host, failure, proposals. A new example is one
 * file in `examples/` and one entry here.
 */
import add from './examples/add.wat?raw';
import bulkMemory from './examples/bulk-memory.wat?raw';
import exceptions from './examples/exceptions.wat?raw';
import externref from './examples/externref.wat?raw';
import factorial from './examples/factorial.wat?raw';
import globals from './examples/globals.wat?raw';
import hostImports from './examples/host-imports.wat?raw';
import lifetimes from './examples/lifetimes.wat?raw';
import memoryStrings from './examples/memory-strings.wat?raw';
import multiValue from './examples/multi-value.wat?raw';
import simd from './examples/simd.wat?raw';
import tableCallIndirect from './examples/table-call-indirect.wat?raw';
import tailCalls from './examples/tail-calls.wat?raw';
import traps from './examples/traps.wat?raw';
import wasiHello from './examples/wasi-hello.wat?raw';
import type { Guide } from '../state/sandbox/guide.ts';
import { LIFETIMES_GUIDE } from './guides/lifetimes-guide.ts';

/** A heading of the gallery, in display order. */
export type GalleryGroup =
  'The language' | 'Memory and tables' | 'The host' | 'When things fail' | 'Proposals';

/** The groups, top to bottom (an example of another group is listed after these). */
export const GALLERY_GROUPS: readonly GalleryGroup[] = [
  'The language',
  'Memory and tables',
  'The host',
  'When things fail',
  'Proposals',
];

/** One teaching example. */
export interface GalleryExample {
  /** Stable id (the file's base name), kept in the editor's saved state. */
  id: string;
  title: string;
  group: GalleryGroup;
  /** The file name the editor shows (`factorial.wat`). */
  fileName: string;
  /** The WAT text. */
  text: string;
  /** One sentence: what the example shows. */
  summary: string;
  /** What to look at, in the text and in the explorer. */
  look: string[];
  /** What to change or run, and what happens. */
  try: string[];
  /**
   * Proposals the example needs beyond what Node.js 20 runs (the gallery test validates these
   * in Chromium instead).
   */
  needs?: string[];
  /**
   * Steps the Run tab walks the learner through for this example's module, each performing an
   * action in the sandbox and reading what the lifetime registry saw.
   */
  guide?: Guide;
}

/** Every example, in gallery order. */
export const GALLERY_EXAMPLES: readonly GalleryExample[] = [
  {
    id: 'add',
    title: 'Add two numbers',
    group: 'The language',
    fileName: 'add.wat',
    text: add,
    summary: 'A function with two parameters and a result, written flat and folded.',
    look: [
      'The stack: `local.get` pushes, `i32.add` pops two values and pushes one.',
      'Both functions assemble to the same body: open the module’s Code tab and compare.',
      'The Imports/Exports tab lists `add` and `add_folded` with their types.',
    ],
    try: [
      'Delete `local.get $b`: the validator says the stack is one value short, at that line.',
      'Change `i32.add` to `i64.add`: a type mismatch, because the parameters are i32.',
      'Rename the export to "sum" and press Ctrl+Enter: the module’s tab shows the new name.',
    ],
  },
  {
    id: 'factorial',
    title: 'Recursion: factorial',
    group: 'The language',
    fileName: 'factorial.wat',
    text: factorial,
    summary: 'n! by a function that calls itself, and by a loop with branches.',
    look: [
      '`if (result i64)` is an expression: each arm leaves one value.',
      '`block`/`loop` labels: `br_if $done` leaves the block, `br $again` restarts the loop.',
      'In the Code tab, follow the `call` in `$fac` to itself.',
    ],
    try: [
      'Run `fac` with 20, then 21: 21! does not fit in 64 bits and wraps around.',
      'Remove the `(else …)` arm: an `if` with a result needs both arms.',
      'Swap `i64.le_u` for `i64.lt_u` in the loop and compare `fac_loop(1)`.',
    ],
  },
  {
    id: 'globals',
    title: 'Mutable globals',
    group: 'The language',
    fileName: 'globals.wat',
    text: globals,
    summary: 'A constant, an exported counter the host can read and write, and private state.',
    look: [
      '`(mut i32)` marks a global the code may change; the others are constants.',
      'The Imports/Exports tab shows which globals the host sees, and their mutability.',
    ],
    try: [
      'Add `(global.set $version (i32.const 4))` to `reset`: the validator refuses it.',
      'Call `bump` a few times, then read `counter` from the host.',
    ],
  },
  {
    id: 'multi-value',
    title: 'Multiple results',
    group: 'The language',
    fileName: 'multi-value.wat',
    text: multiValue,
    summary: 'Functions and blocks that return more than one value.',
    look: [
      '`(result i32 i32)`: `divmod` leaves the quotient and the remainder on the stack.',
      'A `block` with `(param …)` takes its inputs from the stack, like a function.',
    ],
    try: [
      'Call `divmod` with 17 and 5: two results, 3 and 2.',
      'Drop the second `(result …)` type of `swap`: one value too many at the end.',
    ],
  },
  {
    id: 'tail-calls',
    title: 'Tail calls',
    group: 'The language',
    fileName: 'tail-calls.wat',
    text: tailCalls,
    summary: '`return_call` lets mutual recursion run in constant stack space.',
    look: [
      '`return_call` in `$even` and `$odd`, against a plain `call` in `$even_plain`.',
      'The Code tab links each call to the function it calls.',
    ],
    try: [
      'Run `even` with 1000000, then `even_plain` with the same: the second overflows the stack.',
      'Make `$odd` return an i64: `return_call` requires the same results as the caller.',
    ],
  },
  {
    id: 'memory-strings',
    title: 'Memory and strings',
    group: 'Memory and tables',
    fileName: 'memory-strings.wat',
    text: memoryStrings,
    summary: 'A data segment with a zero-terminated string, and loops that read and write bytes.',
    look: [
      'The data segment puts the bytes at address 16 when the module is instantiated.',
      '`i32.load8_u` reads one byte; `i32.store8` writes one.',
      'The Overview counts one memory, one data segment and four exports: the memory, `greeting` and two functions.',
    ],
    try: [
      'Call `strlen` with the address in `greeting` (16): 19 bytes.',
      'Call `upper(16)` and look at the memory: the letters are capitals now.',
      'Change the data offset to 65530: instantiation fails, the string does not fit.',
    ],
  },
  {
    id: 'bulk-memory',
    title: 'Bulk memory',
    group: 'Memory and tables',
    fileName: 'bulk-memory.wat',
    text: bulkMemory,
    summary: 'Fill, copy and initialise memory ranges, and a passive data segment.',
    look: [
      'A passive segment has no offset: it is copied only when `memory.init` runs.',
      '`memory.grow` returns the old size in pages, or -1.',
    ],
    try: [
      'Call `banner(0)` twice: the second call traps, the segment was dropped.',
      'Call `fill(0, 65, 8)` and read the memory: eight letters A.',
      'Call `grow(1)` then `pages()`: two pages.',
    ],
  },
  {
    id: 'table-call-indirect',
    title: 'Tables and call_indirect',
    group: 'Memory and tables',
    fileName: 'table-call-indirect.wat',
    text: tableCallIndirect,
    summary: 'A table of functions, filled by an element segment, called by index.',
    look: [
      'The element segment puts four functions at table indices 0 to 3.',
      '`call_indirect` checks the entry’s type at run time, against `$binary`.',
    ],
    try: [
      'Call `apply(2, 6, 7)`: 42, through the table.',
      'Call `apply(3, 1, 1)`: the entry has another type, so the call traps.',
      'Call `apply(4, 1, 1)`: the slot is empty, another trap.',
    ],
  },
  {
    id: 'host-imports',
    title: 'Host imports',
    group: 'The host',
    fileName: 'host-imports.wat',
    text: hostImports,
    summary: 'Functions and a global the host must provide before the module can run.',
    look: [
      'Each `import` names a module ("env") and a field, with the type the host must match.',
      'Imported functions take the first indices: `$log` is function 0.',
      'The Imports/Exports tab lists the three imports with their types.',
    ],
    try: [
      'Give `limit` the value 3 and call `count`: `log_i32` is called with 0, 1 and 2.',
      'Change the import of `log_i32` to take an i64: the host function no longer matches.',
    ],
  },
  {
    id: 'externref',
    title: 'Host references (externref)',
    group: 'The host',
    fileName: 'externref.wat',
    text: externref,
    summary: 'A table of opaque host values the module stores and hands back.',
    look: [
      'An `externref` can be stored, passed and compared with null, never read.',
      'The table `slots` is exported: the host can see what the module keeps.',
    ],
    try: [
      'Call `keep(0, …)` with any host value, then `take(0)`: the same value comes back.',
      'Try `(i32.add (local.get $value) …)`: an externref is not a number.',
    ],
  },
  {
    id: 'lifetimes',
    title: 'Who owns a host function? (guided)',
    group: 'The host',
    fileName: 'lifetimes.wat',
    text: lifetimes,
    summary:
      'A guided tour of host-function lifetimes: stores, instances, the collector, and each kind of leak once.',
    look: [
      'Two function imports: in the sandbox each becomes a host function (`Func.new`) owned by a two-member wobbly group.',
      'Open the module’s Run tab: the guide at the top runs one step at a time; the Lifetimes and Leaks panes show what the registry saw.',
    ],
    try: [
      'Follow the ten steps in order: the clean ending first, then each of the four leaks.',
      'In the Lifetimes pane, select `env.log` to see its timeline: created, called, released, members dropped.',
      'Call `answer` after store C is disposed: even pure guest code reports `freed`.',
    ],
    guide: LIFETIMES_GUIDE,
  },
  {
    id: 'wasi-hello',
    title: 'WASI: hello',
    group: 'The host',
    fileName: 'wasi-hello.wat',
    text: wasiHello,
    summary: 'A command that prints "hello" through WASI preview 1’s `fd_write`.',
    look: [
      'The imports come from "wasi_snapshot_preview1": the module talks to WASI, not to a browser.',
      'The iovec at address 0 points at the text at address 16.',
      'A command exports `memory` and `_start`.',
    ],
    try: [
      'Run `_start` with WASI: "hello" on standard output, exit code 0.',
      'Change the file descriptor from 1 to 2: the text goes to standard error.',
      'Change the length 6 to 3: only "hel" is written.',
    ],
  },
  {
    id: 'traps',
    title: 'Traps',
    group: 'When things fail',
    fileName: 'traps.wat',
    text: traps,
    summary: 'Every common way a call stops with a trap, and one that clamps instead.',
    look: [
      'Each export triggers one trap: unreachable, division by zero, out of bounds, bad conversion, empty table slot, stack overflow.',
      '`i32.trunc_sat_f64_s` is the saturating conversion that never traps.',
    ],
    try: [
      'Call `divide(1, 0)`, then `divide(-2147483648, -1)`: two different integer traps.',
      'Call `load(65533)`: the four bytes end past the memory.',
      'Call `truncate(1e10)` and `truncate_sat(1e10)`: a trap, and 2147483647.',
    ],
  },
  {
    id: 'exceptions',
    title: 'Exceptions',
    group: 'When things fail',
    fileName: 'exceptions.wat',
    text: exceptions,
    summary: 'A tag, `throw` in one function and `try_table` catching it in another.',
    look: [
      'The tag `$not_found` carries one i32; `throw` gives it the value.',
      '`try_table (catch $not_found $missing)` turns the exception into a branch.',
      'The Overview counts one tag; the module uses the exceptions proposal.',
    ],
    try: [
      'Call `find(7)` and `find(8)`: 1, and -1 after a caught exception.',
      'Call `find_or_throw(8)`: the exception leaves the module.',
      'Catch with `catch_all $missing` instead: the block then receives no value.',
    ],
    needs: ['exceptions (try_table)'],
  },
  {
    id: 'simd',
    title: 'SIMD vectors',
    group: 'Proposals',
    fileName: 'simd.wat',
    text: simd,
    summary: '128-bit vectors: four floats multiplied at once, lanes added, a vector maximum.',
    look: [
      '`v128.load` reads 16 bytes; `f32x4.mul` multiplies four pairs of floats.',
      'The data segments hold the floats 1–4 and 5–8, little-endian.',
      'The Overview lists the proposals the module uses: simd.',
    ],
    try: [
      'Call `dot(0, 16)`: 1·5 + 2·6 + 3·7 + 4·8 = 70.',
      'Call `max_lane()`: lane 2 of the maximum is 30. Pick lane 4: there is none.',
      'Change `f32x4.mul` to `i32x4.mul`: valid, but now the floats’ bits are multiplied.',
    ],
  },
];

/** The example with `id`, if there is one. */
export function galleryExample(id: string | null | undefined): GalleryExample | undefined {
  return id ? GALLERY_EXAMPLES.find((example) => example.id === id) : undefined;
}

/**
 * The code index: one walk over every function body of a module, table-driven (immediates are
 * skipped with the decoder's opcode table, as `src/wasm/features/code-features.ts` does) and without an
 * object per instruction, that yields what the code view and the size profile need:
 *
 * - each function's line count, exactly as `printFunction` prints it (plus the display lines a
 *   long `br_table` is split into), so the module's text can be numbered without printing it;
 * - every direct call (`call`, `return_call`) and `ref.func`, as compressed edge lists in both
 *   directions (who it calls, who calls it).
 *
 * It is built in slices between which the worker reads its mailbox (`checkpoint`), so it can be
 * cancelled and other requests are answered meanwhile.
 *
 * It reads immediates with the decoder's `BodyCursor` (shared with the feature scanner), and
 * keeps only its own hot loop, which counts lines and records edges; it lives in the panel's
 * worker, written against the decoder's public API only.
 */
import {
  WasmDecodeError,
  definedFunction,
  definedFunctionCount,
  type ModuleInfo,
} from '../../../../wasm/index.ts';
import {
  ATOMIC_SPACE,
  BodyCursor,
  GC_SPACE,
  IMM_INVALID,
  Imm,
  MISC_SPACE,
  SIMD_SPACE,
  SINGLE_BYTE,
  skipLeb,
} from '../../../../wasm/code/index.ts';

/** Targets of a `br_table` per display line (a table of 10,000 targets is one text line). */
export const BR_TABLE_TARGETS_PER_LINE = 16;

/** How an edge reaches its target. */
export const EdgeKind = { call: 0, returnCall: 1, refFunc: 2 } as const;

/** The index of one module's code. */
export interface CodeIndex {
  /** Imported functions (defined function `i` is function `imported + i`). */
  readonly imported: number;
  /** Defined functions. */
  readonly defined: number;
  /** Lines of each defined function's text (header, locals, body; long lines split). */
  readonly lineCounts: Uint32Array;
  /** Where each defined function's entry starts (its size field), ascending. */
  readonly bodyOffsets: Uint32Array;
  /** Where each defined function's body ends. */
  readonly codeEnds: Uint32Array;
  /** Out-edges of defined function `i` are `edgeStart[i] … edgeStart[i + 1] - 1`. */
  readonly edgeStart: Uint32Array;
  /** Per edge: the function it reaches (function index space). */
  readonly edgeTarget: Uint32Array;
  /** Per edge: the function it is in (function index space). */
  readonly edgeSource: Uint32Array;
  /** Per edge: the byte offset of the instruction. */
  readonly edgeSite: Uint32Array;
  /** Per edge: an {@link EdgeKind}. */
  readonly edgeKind: Uint8Array;
  /** In-edges of function `f` are `inEdge[inStart[f]] … inEdge[inStart[f + 1] - 1]`. */
  readonly inStart: Uint32Array;
  /** Edge ids ordered by target, then by position. */
  readonly inEdge: Uint32Array;
  /** Defined functions whose body could not be decoded (function index → error). */
  readonly malformed: Map<number, WasmDecodeError>;
}

/** What the builder needs from the call it runs in. */
export interface SliceControl {
  /** Reports how many functions are done. */
  progress(done: number, total: number): void;
  /** Yields to the worker's mailbox; throws when the work was cancelled. */
  checkpoint(): Promise<void>;
}

/** Work between two checkpoints, at most. */
const SLICE_MS = 12;

/** Builds the index of `info`'s code in slices. */
export async function buildCodeIndex(info: ModuleInfo, control: SliceControl): Promise<CodeIndex> {
  const defined = definedFunctionCount(info);
  const imported = info.importedFuncs;
  const lineCounts = new Uint32Array(defined);
  const bodyOffsets = new Uint32Array(defined);
  const codeEnds = new Uint32Array(defined);
  const edgeStart = new Uint32Array(defined + 1);
  const edges = new EdgeList(Math.max(1024, defined * 2));
  const malformed = new Map<number, WasmDecodeError>();
  const walker = new BodyWalker(info, edges);

  let sliceStart = performance.now();
  for (let i = 0; i < defined; i++) {
    if ((i & 255) === 0 && performance.now() - sliceStart > SLICE_MS) {
      control.progress(i, defined);
      await control.checkpoint();
      sliceStart = performance.now();
    }
    const funcIndex = imported + i;
    edgeStart[i] = edges.length;
    let func;
    try {
      func = definedFunction(info, funcIndex);
    } catch (error) {
      // The code section's entry sizes are broken from here on: no later body can be found.
      if (!(error instanceof WasmDecodeError)) throw error;
      for (let j = i; j < defined; j++) {
        malformed.set(imported + j, error);
        lineCounts[j] = 1;
        edgeStart[j + 1] = edges.length;
      }
      break;
    }
    if (!func) break;
    bodyOffsets[i] = func.bodyOffset;
    codeEnds[i] = func.codeEnd;
    try {
      lineCounts[i] = walker.walk(funcIndex, func.codeOffset, func.codeEnd);
    } catch (error) {
      if (!(error instanceof WasmDecodeError)) throw error;
      edges.length = edgeStart[i];
      malformed.set(funcIndex, error);
      lineCounts[i] = 1;
    }
    edgeStart[i + 1] = edges.length;
  }
  control.progress(defined, defined);

  const total = imported + defined;
  const { inStart, inEdge } = invert(edges.target.subarray(0, edges.length), total);
  return {
    imported,
    defined,
    lineCounts,
    bodyOffsets,
    codeEnds,
    edgeStart,
    edgeTarget: edges.target.slice(0, edges.length),
    edgeSource: edges.source.slice(0, edges.length),
    edgeSite: edges.site.slice(0, edges.length),
    edgeKind: edges.kind.slice(0, edges.length),
    inStart,
    inEdge,
    malformed,
  };
}

/** A counting sort of edge ids by target: the reverse lists in one array. */
function invert(
  targets: Uint32Array,
  total: number,
): { inStart: Uint32Array; inEdge: Uint32Array } {
  const inStart = new Uint32Array(total + 1);
  for (const target of targets) if (target < total) inStart[target + 1]++;
  for (let f = 0; f < total; f++) inStart[f + 1] += inStart[f];
  const next = inStart.slice(0, total);
  const inEdge = new Uint32Array(inStart[total]);
  for (let e = 0; e < targets.length; e++) {
    const target = targets[e];
    if (target < total) inEdge[next[target]++] = e;
  }
  return { inStart, inEdge };
}

/** Growable parallel typed arrays of edges. */
class EdgeList {
  target: Uint32Array;
  source: Uint32Array;
  site: Uint32Array;
  kind: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.target = new Uint32Array(capacity);
    this.source = new Uint32Array(capacity);
    this.site = new Uint32Array(capacity);
    this.kind = new Uint8Array(capacity);
  }

  push(source: number, target: number, site: number, kind: number): void {
    if (this.length === this.target.length) this.grow();
    const i = this.length++;
    this.source[i] = source;
    this.target[i] = target;
    this.site[i] = site;
    this.kind[i] = kind;
  }

  private grow(): void {
    const size = this.target.length * 2;
    const grown = <T extends Uint32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.target = grown(this.target, (n) => new Uint32Array(n));
    this.source = grown(this.source, (n) => new Uint32Array(n));
    this.site = grown(this.site, (n) => new Uint32Array(n));
    this.kind = grown(this.kind, (n) => new Uint8Array(n));
  }
}

function fail(reason: string, offset: number): never {
  throw new WasmDecodeError(reason, offset, 'code');
}

const OP_ELSE = 0x05;
const OP_END = 0x0b;
const OP_DELEGATE = 0x18;
const OP_CALL = 0x10;
const OP_RETURN_CALL = 0x12;
const OP_REF_FUNC = 0xd2;

const OPENS_BLOCK = new Uint8Array(256);
for (const op of [0x02, 0x03, 0x04, 0x06, 0x1f]) OPENS_BLOCK[op] = 1;

const PREFIXED_SPACES = [GC_SPACE, MISC_SPACE, SIMD_SPACE, ATOMIC_SPACE];

/** How the hot loop handles each immediate kind. */
const SKIP_NONE = 0;
const SKIP_U32 = 1;
const SKIP_S32 = 2;
const SKIP_S64 = 3;
const SKIP_F32 = 4;
const SKIP_F64 = 5;
const SKIP_MEMARG = 6;
const SKIP_INVALID = 7;
const READ_FUNC = 8;
const SKIP_OTHER = 9;
const SKIP_CLASS = new Uint8Array(256).fill(SKIP_OTHER);
SKIP_CLASS[Imm.None] = SKIP_NONE;
for (const kind of [Imm.Local, Imm.Global, Imm.Label, Imm.Tag, Imm.Elem, Imm.Table, Imm.Type]) {
  SKIP_CLASS[kind] = SKIP_U32;
}
SKIP_CLASS[Imm.Func] = READ_FUNC;
SKIP_CLASS[Imm.I32] = SKIP_S32;
SKIP_CLASS[Imm.I64] = SKIP_S64;
SKIP_CLASS[Imm.F32] = SKIP_F32;
SKIP_CLASS[Imm.F64] = SKIP_F64;
SKIP_CLASS[Imm.MemArg] = SKIP_MEMARG;
SKIP_CLASS[IMM_INVALID] = SKIP_INVALID;

/** Walks one body at a time, on the decoder's body cursor. */
class BodyWalker extends BodyCursor {
  private readonly needsDataCount: boolean;

  constructor(
    info: ModuleInfo,
    private readonly edges: EdgeList,
  ) {
    super(info.bytes);
    this.needsDataCount = info.dataCount === undefined;
  }

  /** Walks the body in `[start, end)` of function `funcIndex` and returns its line count. */
  walk(funcIndex: number, start: number, end: number): number {
    this.pos = start;
    this.end = end;
    const locals = this.locals();
    return 1 + (locals > 0 ? 1 : 0) + this.walkInstructions(funcIndex);
  }

  /**
   * Walks the instructions and returns the lines the printer gives them: one per instruction
   * but the final `end`, none for an `else` whose branch is empty, one per `try_table` catch
   * clause, and the display lines of long `br_table`s.
   */
  private walkInstructions(funcIndex: number): number {
    const bytes = this.bytes;
    const end = this.end;
    let pos = this.pos;
    let depth = 1;
    let lines = 0;
    let previous = -1;
    while (pos < end) {
      const at = pos;
      const op = bytes[pos++];
      let kind: number;
      lines++;
      if (op < 0xfb || op > 0xfe) {
        kind = SINGLE_BYTE.imm[op];
        if (OPENS_BLOCK[op] === 1) depth++;
        else if (op === OP_END || op === OP_DELEGATE) {
          if (op === OP_END && previous === OP_ELSE) lines--;
          if (--depth === 0) {
            if (op === OP_DELEGATE) fail('delegate cannot close the function body', at);
            if (pos !== end) fail('operators remaining after the end of the function', pos);
            this.pos = pos;
            // the final `end` is not printed
            return lines - 1;
          }
        }
        previous = op;
      } else {
        this.pos = pos;
        const sub = this.u32();
        pos = this.pos;
        const space = PREFIXED_SPACES[op - 0xfb];
        kind = sub < space.imm.length ? space.imm[sub] : IMM_INVALID;
        if (kind === IMM_INVALID) fail(`illegal opcode 0x${op.toString(16)} ${sub}`, at);
        if (this.needsDataCount && (kind === Imm.Data || kind === Imm.MemoryInit))
          fail(`data count section required by ${space.names[sub] ?? 'this instruction'}`, at);
        previous = -1;
      }
      switch (SKIP_CLASS[kind]) {
        case SKIP_NONE:
          break;
        case SKIP_U32:
          if (pos < end && bytes[pos] < 0x80) pos++;
          else pos = skipLeb(bytes, pos, end, 5, 0x70, false);
          break;
        case READ_FUNC: {
          this.pos = pos;
          const target = this.u32();
          pos = this.pos;
          const edgeKind =
            op === OP_CALL
              ? EdgeKind.call
              : op === OP_RETURN_CALL
                ? EdgeKind.returnCall
                : op === OP_REF_FUNC
                  ? EdgeKind.refFunc
                  : -1;
          if (edgeKind >= 0) this.edges.push(funcIndex, target, at, edgeKind);
          break;
        }
        case SKIP_S32:
          if (pos < end && bytes[pos] < 0x80) pos++;
          else pos = skipLeb(bytes, pos, end, 5, 0x78, true);
          break;
        case SKIP_S64:
          if (pos < end && bytes[pos] < 0x80) pos++;
          else pos = skipLeb(bytes, pos, end, 10, 0x7f, true);
          break;
        case SKIP_F32:
          if (end - pos < 4) fail('unexpected end in f32 constant', pos);
          pos += 4;
          break;
        case SKIP_F64:
          if (end - pos < 8) fail('unexpected end in f64 constant', pos);
          pos += 8;
          break;
        case SKIP_MEMARG:
          this.pos = pos;
          this.memArg();
          pos = this.pos;
          break;
        case SKIP_INVALID:
          fail(`illegal opcode 0x${op.toString(16)}`, at);
          break;
        default:
          this.pos = pos;
          lines += this.immediates(kind);
          pos = this.pos;
      }
    }
    return fail(
      depth === 1
        ? 'function body must end with an end opcode'
        : `${depth} blocks are not closed by end`,
      end,
    );
  }

  /** Skips the less common immediates; returns the extra lines they print as. */
  private immediates(kind: number): number {
    switch (kind) {
      case Imm.Block:
        this.blockType();
        return 0;
      case Imm.CallIndirect:
      case Imm.TypeField:
      case Imm.TypeCount:
      case Imm.TypeData:
      case Imm.TypeElem:
      case Imm.TypeType:
      case Imm.MemoryInit:
      case Imm.MemoryCopy:
      case Imm.TableInit:
      case Imm.TableCopy:
        this.u32();
        this.u32();
        return 0;
      case Imm.Data:
      case Imm.Memory:
        this.u32();
        return 0;
      case Imm.BrTable:
        return Math.ceil((this.brTable() + 1) / BR_TABLE_TARGETS_PER_LINE) - 1;
      case Imm.MemArgLane:
        this.memArg();
        this.skipBytes(1);
        return 0;
      case Imm.V128:
      case Imm.Shuffle:
        this.skipBytes(16);
        return 0;
      case Imm.Lane:
        this.skipBytes(1);
        return 0;
      case Imm.ZeroByte: {
        const at = this.pos;
        if (this.u8() !== 0) fail('atomic.fence: reserved byte must be zero', at);
        return 0;
      }
      case Imm.SelectTypes: {
        const n = this.count('select type');
        for (let i = 0; i < n; i++) this.valType();
        return 0;
      }
      case Imm.HeapType:
      case Imm.RefType:
        this.heapType();
        return 0;
      case Imm.TryTable:
        this.blockType();
        // each catch clause prints on a line of its own
        return this.catchClauses();
      case Imm.BrOnCast:
        this.brOnCast();
        return 0;
      default:
        return fail(`no immediates decoder for kind ${kind}`, this.pos);
    }
  }
}

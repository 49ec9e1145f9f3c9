/**
 * The hot path of `scanFeatures`: walks every function body (local declarations and
 * instructions) and records which proposals it uses, without building an object per
 * instruction. Immediates are skipped with typed-array lookups of their shape, and every LEB is
 * bounds- and length-checked so a malformed body still ends in a `WasmDecodeError`.
 */
import {
  locateBodies,
  ATOMIC_SPACE,
  Control,
  GC_SPACE,
  IMM_INVALID,
  Imm,
  MISC_SPACE,
  ONCE_RESERVED_INDEX,
  type OpcodeSpace,
  SIMD_SPACE,
  SINGLE_BYTE,
  MAX_LOCALS,
} from '../code/index.ts';
import { WasmDecodeError } from '../binary/index.ts';
import {
  FUNCTION_REFERENCES,
  HEAP_CODE_MASK,
  IS_HEAP_CODE,
  IS_NUM_CODE,
  REFERENCE_TYPES,
  VALTYPE_CODE_MASK,
  bit,
  tallyMask,
} from './type-features.ts';
import { FEATURE_INDEX, type FeatureTally, type ModuleInfo } from '../types.ts';

const MULTI_VALUE = FEATURE_INDEX['multi-value'];
const MULTI_MEMORY = FEATURE_INDEX['multi-memory'];
const MEMORY64 = FEATURE_INDEX.memory64;

/**
 * Walks every defined function body of `info` and adds the proposals it uses to `tally`
 * (opcode features plus the immediate- and type-dependent ones described in `scanFeatures`).
 * Throws `WasmDecodeError` for a malformed body.
 */
export function tallyCodeFeatures(info: ModuleInfo, tally: FeatureTally): void {
  const walker = new BodyWalker(info.bytes, tally);
  locateBodies(info);
  const { bodies } = info.functionLayout;
  for (let i = 0; i < bodies.length; i += 3) walker.walk(bodies[i + 1], bodies[i + 2]);
}

function fail(reason: string, offset: number): never {
  throw new WasmDecodeError(reason, offset, 'code');
}

/** Per immediate kind, the feature index its once-reserved indices need; -1 for none. */
const RESERVED_INDEX_FEATURE = new Int8Array(256).fill(-1);
for (const [kind, feature] of Object.entries(ONCE_RESERVED_INDEX))
  RESERVED_INDEX_FEATURE[Number(kind)] = FEATURE_INDEX[feature];

const SINGLE_CONTROL = SINGLE_BYTE.control;
// Plain numbers for the hot loop, rather than property reads of `Control`.
const CONTROL_OPEN: number = Control.Open;
const CONTROL_END: number = Control.End;
const CONTROL_DELEGATE: number = Control.Delegate;
/** How the hot loop skips each immediate kind; `SKIP_OTHER` goes through `immediates`. */
const SKIP_NONE = 0;
const SKIP_U32 = 1;
const SKIP_S32 = 2;
const SKIP_S64 = 3;
const SKIP_F32 = 4;
const SKIP_F64 = 5;
const SKIP_MEMARG = 6;
const SKIP_INVALID = 7;
const SKIP_BLOCK = 8;
const SKIP_OTHER = 9;
const SKIP_CLASS = new Uint8Array(256).fill(SKIP_OTHER);
SKIP_CLASS[Imm.None] = SKIP_NONE;
for (const kind of [
  Imm.Local,
  Imm.Global,
  Imm.Func,
  Imm.Label,
  Imm.Tag,
  Imm.Data,
  Imm.Elem,
  Imm.Table,
]) {
  SKIP_CLASS[kind] = SKIP_U32;
}
SKIP_CLASS[Imm.I32] = SKIP_S32;
SKIP_CLASS[Imm.I64] = SKIP_S64;
SKIP_CLASS[Imm.F32] = SKIP_F32;
SKIP_CLASS[Imm.F64] = SKIP_F64;
SKIP_CLASS[Imm.MemArg] = SKIP_MEMARG;
SKIP_CLASS[Imm.Block] = SKIP_BLOCK;
SKIP_CLASS[IMM_INVALID] = SKIP_INVALID;

/**
 * What the hot loop tallies per opcode, from the table's `feature` and `alsoNeeds`: -1 for
 * nothing, a feature index, or `PAIR_BASE + i` for the i-th pair of `PAIRS` (an instruction
 * that needs two proposals, like `return_call_ref`), so the common case stays one load.
 */
const PAIR_BASE = 64;
const PAIRS: [number, number][] = [];
function tallyCodes(space: OpcodeSpace): Int8Array {
  const codes = Int8Array.from(space.feature);
  space.alsoNeeds.forEach((also, op) => {
    if (also < 0) return;
    codes[op] = PAIR_BASE + PAIRS.length;
    PAIRS.push([space.feature[op], also]);
  });
  return codes;
}
const SINGLE_TALLY = tallyCodes(SINGLE_BYTE);

/**
 * How the hot loop skips each opcode's immediates: a `SKIP_*` class, or for the kinds that go
 * through `immediates`, `SKIP_OTHER + kind`, so one load per instruction says both.
 */
function skipCodes(space: OpcodeSpace): Uint8Array {
  return space.imm.map((kind) => {
    const skip = SKIP_CLASS[kind];
    return skip === SKIP_OTHER ? SKIP_OTHER + kind : skip;
  });
}
const SINGLE_SKIP = skipCodes(SINGLE_BYTE);
/** Per prefix byte 0xfb–0xfe: the skip and tally codes of its opcodes. */
const PREFIXED_SPACES = [GC_SPACE, MISC_SPACE, SIMD_SPACE, ATOMIC_SPACE].map((space) => ({
  skip: skipCodes(space),
  tally: tallyCodes(space),
}));

/**
 * Skips a LEB128 at `pos` of at most `maxBytes` bytes and returns the position after it. In a
 * maximal-length encoding the bits of the last byte selected by `highMask` lie beyond the
 * integer's width: unsigned encodings need them zero, signed ones equal to the sign.
 */
function skipLeb(
  bytes: Uint8Array,
  pos: number,
  end: number,
  maxBytes: number,
  highMask: number,
  signed: boolean,
): number {
  const start = pos;
  for (let i = 1; ; i++) {
    if (pos >= end) fail('unexpected end in LEB128 integer', start);
    const b = bytes[pos++];
    if ((b & 0x80) === 0) {
      const high = b & highMask;
      if (i === maxBytes && high !== 0 && !(signed && high === highMask)) {
        fail('integer too large', start);
      }
      return pos;
    }
    if (i === maxBytes) fail('integer representation too long', start);
  }
}

/**
 * Whether the well-formed LEB128 offset in `[start, end)` needs a u64, as memory64 made
 * memarg offsets: more than 5 bytes, or 5 whose last carries bits beyond 2^32. Before
 * memory64 the offset was a u32, so such an offset is a memory64 use even on a 32-bit memory.
 */
function isU64Offset(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  return length > 5 || (length === 5 && bytes[end - 1] > 0x0f);
}

/**
 * One walker per scan: the cursor lives in a field so the LEB helpers can return values and
 * advance it without allocating.
 */
class BodyWalker {
  private pos = 0;
  private end = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly tally: FeatureTally,
  ) {}

  walk(start: number, end: number): void {
    this.pos = start;
    this.end = end;
    this.walkLocals();
    this.walkInstructions();
  }

  private walkLocals(): void {
    const groupsAt = this.pos;
    const groups = this.u32();
    if (groups * 2 > this.end - this.pos)
      fail(`local declaration count ${groups} is larger than the body could hold`, groupsAt);
    let total = 0;
    for (let i = 0; i < groups; i++) {
      const countAt = this.pos;
      total += this.u32();
      if (total > MAX_LOCALS) fail(`too many locals: ${total} (at most ${MAX_LOCALS})`, countAt);
      const typeAt = this.pos;
      const mask = this.valType();
      if (mask !== 0) tallyMask(this.tally, mask, typeAt);
    }
  }

  /**
   * The hot loop. The cursor stays in a local and the common immediates (indices, constants,
   * plain memargs) are skipped inline; everything else goes through `immediates`.
   */
  private walkInstructions(): void {
    const bytes = this.bytes;
    const end = this.end;
    const count = this.tally.count;
    const first = this.tally.first;
    let pos = this.pos;
    let depth = 1;
    while (pos < end) {
      const at = pos;
      const op = bytes[pos++];
      let skip: number;
      let feature: number;
      if (op < 0xfb) {
        skip = SINGLE_SKIP[op];
        feature = SINGLE_TALLY[op];
        const control = SINGLE_CONTROL[op];
        if (control === CONTROL_OPEN) depth++;
        else if (control >= CONTROL_END && --depth === 0) {
          // the function's final `end` (a `delegate` cannot close the body)
          if (control === CONTROL_DELEGATE) fail('delegate cannot close the function body', at);
          if (pos !== end) fail('operators remaining after the end of the function', pos);
          this.pos = pos;
          return;
        }
      } else {
        this.pos = pos;
        const sub = this.u32();
        pos = this.pos;
        const space = PREFIXED_SPACES[op - 0xfb];
        if (space === undefined || sub >= space.skip.length) {
          skip = SKIP_INVALID;
          feature = -1;
        } else {
          skip = space.skip[sub];
          feature = space.tally[sub];
        }
      }
      if (feature >= 0) {
        if (feature < PAIR_BASE) {
          count[feature]++;
          if (at < first[feature]) first[feature] = at;
        } else {
          const [one, two] = PAIRS[feature - PAIR_BASE];
          tallyMask(this.tally, bit(one) | bit(two), at);
        }
      }
      switch (skip) {
        case SKIP_NONE:
          break;
        case SKIP_U32:
          if (pos < end && bytes[pos] < 0x80) pos++;
          else pos = skipLeb(bytes, pos, end, 5, 0x70, false);
          break;
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
        case SKIP_BLOCK:
          if (pos < end && bytes[pos] === 0x40) pos++;
          else {
            this.pos = pos;
            this.blockType(at);
            pos = this.pos;
          }
          break;
        case SKIP_MEMARG:
          // alignment without a memory index, then the offset
          if (pos < end && bytes[pos] < 0x40) {
            pos++;
            if (pos < end && bytes[pos] < 0x80) pos++;
            else {
              const start = pos;
              pos = skipLeb(bytes, pos, end, 10, 0x7e, false);
              if (pos - start > 4) this.longOffset(start, pos, at);
            }
            break;
          }
          this.pos = pos;
          this.memArg(at);
          pos = this.pos;
          break;
        case SKIP_INVALID:
          fail(`illegal opcode 0x${op.toString(16)}`, at);
          break;
        default:
          this.pos = pos;
          this.immediates(skip - SKIP_OTHER, op, at);
          pos = this.pos;
      }
    }
    fail(
      depth === 1
        ? 'function body must end with an end opcode'
        : `${depth} blocks are not closed by end`,
      end,
    );
  }

  /** Skips the immediates of one instruction, tallying the immediate-dependent features. */
  private immediates(kind: number, op: number, at: number): void {
    // Indices, numeric constants and plain memargs never get here: the hot loop skips them.
    switch (kind) {
      case Imm.Type:
        this.skipU32();
        break;
      case Imm.Block:
        this.blockType(at);
        break;
      case Imm.CallIndirect:
        this.skipU32();
        this.onceReservedIndices(kind, 1, at);
        break;
      case Imm.BrTable: {
        const n = this.u32();
        if (n > this.end - this.pos) fail(`br_table target count ${n} is too large`, at + 1);
        for (let i = 0; i <= n; i++) this.skipU32();
        break;
      }
      case Imm.Memory:
        this.onceReservedIndices(kind, 1, at);
        break;
      case Imm.MemArgLane:
        this.memArg(at);
        this.skipBytes(1);
        break;
      case Imm.V128:
      case Imm.Shuffle:
        this.skipBytes(16);
        break;
      case Imm.Lane:
        this.skipBytes(1);
        break;
      case Imm.ZeroByte:
        if (this.u8() !== 0) fail('atomic.fence: reserved byte must be zero', at);
        break;
      case Imm.SelectTypes: {
        const n = this.u32();
        if (n > this.end - this.pos) fail(`select type count ${n} is too large`, at + 1);
        for (let i = 0; i < n; i++) {
          const mask = this.valType();
          if (mask !== 0) tallyMask(this.tally, mask, at);
        }
        break;
      }
      case Imm.HeapType:
      case Imm.RefType: {
        const mask = this.heapType();
        if (mask !== 0) tallyMask(this.tally, mask, at);
        break;
      }
      case Imm.TryTable:
        this.tryTable(at);
        break;
      case Imm.TypeField:
      case Imm.TypeCount:
      case Imm.TypeData:
      case Imm.TypeElem:
      case Imm.TypeType:
        this.skipU32();
        this.skipU32();
        break;
      case Imm.MemoryInit:
      case Imm.TableInit:
        this.skipU32();
        this.onceReservedIndices(kind, 1, at);
        break;
      case Imm.MemoryCopy:
      case Imm.TableCopy:
        this.onceReservedIndices(kind, 2, at);
        break;
      case Imm.BrOnCast:
        this.skipBytes(1);
        this.skipU32();
        this.heapType();
        this.heapType();
        break;
      default:
        fail(`no immediates decoder for kind ${kind}`, at);
    }
  }

  private memArg(at: number): void {
    const flagsAt = this.pos;
    const flags = this.u32();
    if (flags >= 0x80) fail(`malformed memarg alignment flags 0x${flags.toString(16)}`, flagsAt);
    // Bit 6 says a memory index follows, even index 0: an alignment of 2^64 before multi-memory.
    if (flags & 0x40) {
      this.skipU32();
      tallyMask(this.tally, bit(MULTI_MEMORY), at);
    }
    this.memOffset(at);
  }

  /** Tallies memory64 for a plain memarg's offset of 5 bytes or more, if only a u64 holds it. */
  private longOffset(start: number, end: number, at: number): void {
    if (isU64Offset(this.bytes, start, end)) tallyMask(this.tally, bit(MEMORY64), at);
  }

  /** Skips a memarg's offset, tallying memory64 when only a u64 holds it (`isU64Offset`). */
  private memOffset(at: number): void {
    const start = this.pos;
    this.pos = skipLeb(this.bytes, start, this.end, 10, 0x7e, false);
    if (isU64Offset(this.bytes, start, this.pos)) tallyMask(this.tally, bit(MEMORY64), at);
  }

  /**
   * Reads `count` indices of an immediate of `kind` that were reserved zero bytes before a
   * proposal made them indices (`ONCE_RESERVED_INDEX`). Unless every one is still that single
   * 0x00 byte (an overlong zero is not), the instruction is one use of that proposal.
   */
  private onceReservedIndices(kind: number, count: number, at: number): void {
    let reserved = true;
    for (let i = 0; i < count; i++) {
      if (this.pos < this.end && this.bytes[this.pos] === 0) this.pos++;
      else {
        this.u32();
        reserved = false;
      }
    }
    if (!reserved) tallyMask(this.tally, bit(RESERVED_INDEX_FEATURE[kind]), at);
  }

  private blockType(at: number): void {
    if (this.pos >= this.end) fail('unexpected end', this.pos);
    const code = this.bytes[this.pos];
    if (code === 0x40) {
      this.pos++;
      return;
    }
    if (code >= 0x40 && code < 0x80) {
      const mask = this.valType();
      if (mask !== 0) tallyMask(this.tally, mask, at);
      return;
    }
    // A non-negative s33 type index, which only multi-value reads: before it a block type was
    // one byte, so even the index of a type with no parameters and one result needs it.
    const typeAt = this.pos;
    this.pos = skipLeb(this.bytes, typeAt, this.end, 5, 0x70, true);
    if (this.bytes[this.pos - 1] & 0x40) fail('malformed block type', typeAt);
    tallyMask(this.tally, bit(MULTI_VALUE), at);
  }

  private tryTable(at: number): void {
    this.blockType(at);
    const n = this.u32();
    if (n * 2 > this.end - this.pos) fail(`catch clause count ${n} is too large`, at + 1);
    for (let i = 0; i < n; i++) {
      const kindAt = this.pos;
      const kind = this.u8();
      if (kind > 3) fail(`malformed catch clause kind ${kind}`, kindAt);
      if (kind < 2) this.skipU32();
      this.skipU32();
    }
  }

  /** Reads a value type, returning its feature bits. */
  private valType(): number {
    const at = this.pos;
    const code = this.u8();
    if (IS_NUM_CODE[code] === 1 || (code < 128 && IS_HEAP_CODE[code] === 1))
      return VALTYPE_CODE_MASK[code];
    if (code === 0x63 || code === 0x64) {
      let mask = bit(REFERENCE_TYPES) | this.heapType();
      if (code === 0x64) mask |= bit(FUNCTION_REFERENCES);
      return mask;
    }
    return fail(`malformed value type 0x${code.toString(16)}`, at);
  }

  /** Reads an s33 heap type, returning its feature bits. */
  private heapType(): number {
    const at = this.pos;
    if (at >= this.end) fail('unexpected end', at);
    const code = this.bytes[at];
    if (code >= 0x40 && code < 0x80) {
      this.pos++;
      if (IS_HEAP_CODE[code] !== 1) fail(`malformed heap type 0x${code.toString(16)}`, at);
      return HEAP_CODE_MASK[code];
    }
    // A non-negative s33 type index: at most 5 bytes, value below 2^32.
    this.pos = skipLeb(this.bytes, this.pos, this.end, 5, 0x70, true);
    if (this.bytes[this.pos - 1] & 0x40) fail('malformed heap type', at);
    return bit(FUNCTION_REFERENCES);
  }

  private u8(): number {
    if (this.pos >= this.end) fail('unexpected end', this.pos);
    return this.bytes[this.pos++];
  }

  private skipBytes(n: number): void {
    if (n > this.end - this.pos) fail(`unexpected end: ${n} bytes needed`, this.pos);
    this.pos += n;
  }

  /** Unsigned 32-bit LEB128. */
  private u32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    const start = pos;
    const end = this.end;
    if (pos < end && bytes[pos] < 0x80) {
      this.pos = pos + 1;
      return bytes[pos];
    }
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= end) fail('unexpected end in LEB128 integer', start);
      const b = bytes[pos++];
      if (shift === 28) {
        if (b & 0x80) fail('integer representation too long', start);
        if (b & 0x70) fail('integer too large', start);
        result += b * 0x10000000;
        break;
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
    }
    this.pos = pos;
    return result >>> 0;
  }

  private skipU32(): void {
    const pos = this.pos;
    if (pos < this.end && this.bytes[pos] < 0x80) this.pos = pos + 1;
    else this.u32();
  }
}

/**
 * The hot path of `scanFeatures`: walks every function body (local declarations and
 * instructions) and records which proposals it uses, without building an object per
 * instruction. Immediates are skipped with typed-array lookups of their shape, and every LEB is
 * bounds- and length-checked so a malformed body still ends in a `WasmDecodeError`.
 */
import {
  locateBodies,
  ATOMIC_SPACE,
  BLOCK_EMPTY,
  BLOCK_TYPE_INDEX,
  BodyCursor,
  Control,
  GC_SPACE,
  HEAP_TYPE_INDEX,
  IMM_INVALID,
  Imm,
  MEMARG_MEMORY_INDEX,
  MEMARG_U64_OFFSET,
  MISC_SPACE,
  ONCE_RESERVED_INDEX,
  type OpcodeSpace,
  SIMD_SPACE,
  REF_CODE,
  REF_NULL_CODE,
  SINGLE_BYTE,
  isU64Offset,
  skipLeb,
} from '../code/index.ts';
import { WasmDecodeError } from '../binary/index.ts';
import {
  FUNCTION_REFERENCES,
  HEAP_CODE_MASK,
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
 * One walker per scan, on the decoder's body cursor: the cursor's readers say what they read
 * (a type's code, a memarg's shape) and this walker turns that into feature bits.
 */
class BodyWalker extends BodyCursor {
  constructor(
    bytes: Uint8Array,
    private readonly tally: FeatureTally,
  ) {
    super(bytes);
  }

  walk(start: number, end: number): void {
    this.pos = start;
    this.end = end;
    this.locals();
    this.walkInstructions();
  }

  protected override localType(code: number, at: number): void {
    const mask = this.typeMask(code);
    if (mask !== 0) tallyMask(this.tally, mask, at);
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
            this.blockTypeAt(at);
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
          this.memArgAt(at);
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
        this.blockTypeAt(at);
        break;
      case Imm.CallIndirect:
        this.skipU32();
        this.onceReservedIndices(kind, 1, at);
        break;
      case Imm.BrTable:
        this.brTable();
        break;
      case Imm.Memory:
        this.onceReservedIndices(kind, 1, at);
        break;
      case Imm.MemArgLane:
        this.memArgAt(at);
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
        const n = this.count('select type');
        for (let i = 0; i < n; i++) {
          const mask = this.typeMask(this.valType());
          if (mask !== 0) tallyMask(this.tally, mask, at);
        }
        break;
      }
      case Imm.HeapType:
      case Imm.RefType: {
        const mask = heapMask(this.heapType());
        if (mask !== 0) tallyMask(this.tally, mask, at);
        break;
      }
      case Imm.TryTable:
        this.blockTypeAt(at);
        this.catchClauses();
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
        // the opcode itself is the GC use: its heap types add nothing
        this.brOnCast();
        break;
      default:
        fail(`no immediates decoder for kind ${kind}`, at);
    }
  }

  /** Skips a memarg, tallying multi-memory for a memory index and memory64 for a u64 offset. */
  private memArgAt(at: number): void {
    const shape = this.memArg();
    if (shape & MEMARG_MEMORY_INDEX) tallyMask(this.tally, bit(MULTI_MEMORY), at);
    if (shape & MEMARG_U64_OFFSET) tallyMask(this.tally, bit(MEMORY64), at);
  }

  /** Tallies memory64 for a plain memarg's offset of 5 bytes or more, if only a u64 holds it. */
  private longOffset(start: number, end: number, at: number): void {
    if (isU64Offset(this.bytes, start, end)) tallyMask(this.tally, bit(MEMORY64), at);
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

  /**
   * Skips a block type, tallying its value type's features, or multi-value for a type index:
   * before multi-value a block type was one byte, so even the index of a type with no
   * parameters and one result needs it.
   */
  private blockTypeAt(at: number): void {
    const code = this.blockType();
    if (code === BLOCK_EMPTY) return;
    const mask = code === BLOCK_TYPE_INDEX ? bit(MULTI_VALUE) : this.typeMask(code);
    if (mask !== 0) tallyMask(this.tally, mask, at);
  }

  /** The feature bits of the value type whose code `valType` just returned. */
  private typeMask(code: number): number {
    if (code !== REF_NULL_CODE && code !== REF_CODE) return VALTYPE_CODE_MASK[code];
    let mask = bit(REFERENCE_TYPES) | heapMask(this.refHeap);
    if (code === REF_CODE) mask |= bit(FUNCTION_REFERENCES);
    return mask;
  }
}

/** The feature bits of a heap type as `BodyCursor.heapType` returns it. */
function heapMask(heap: number): number {
  return heap === HEAP_TYPE_INDEX ? bit(FUNCTION_REFERENCES) : HEAP_CODE_MASK[heap];
}

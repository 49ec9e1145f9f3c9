/**
 * The one walker over constant expressions, driven by the opcode table: which instructions a
 * constant expression may hold, their immediates and the proposal each needs there all come
 * from `opcodes.ts`. Decoding uses it to find where an expression ends; the feature scan to
 * tally what it uses. Decoding an expression into instruction objects is `decodeConstExpr`.
 */
import { IMM_INVALID, Imm, PREFIX_ATOMIC, PREFIX_GC, SINGLE_BYTE, opcodeSpace } from './opcodes.ts';
import { type ByteReader, readHeapType } from '../binary/index.ts';
import type { ConstExpr, HeapTypeInfo } from '../types.ts';

const OP_END = 0x0b;

/**
 * What a walk reports about the instructions it passes, for the feature scan. Decoding passes
 * none. One object serves a whole module, so walking allocates nothing per instruction.
 */
export interface ConstExprUses {
  /** An instruction at `offset` that needs feature `feature` (an index into `FEATURES`). */
  feature(feature: number, offset: number): void;
  /** `global.get index` at `offset` (MVP allows only imported globals there). */
  globalGet(index: number, offset: number): void;
  /** `ref.null heap` at `offset` (its heap type may need more than reference types). */
  refNull(heap: HeapTypeInfo, offset: number): void;
}

/**
 * Walks a constant expression from `r.pos` up to and including its `end` and returns its byte
 * range, reporting its instructions to `uses` when given. Throws `WasmDecodeError` for an
 * instruction a constant expression may not hold (see `markConstExpr` in `opcodes.ts`) or
 * malformed immediates.
 */
export function walkConstExpr(r: ByteReader, uses?: ConstExprUses): ConstExpr {
  const offset = r.pos;
  for (;;) {
    const at = r.pos;
    const first = r.u8();
    if (first === OP_END) return { offset, end: r.pos };
    let space = SINGLE_BYTE;
    let op = first;
    if (first >= PREFIX_GC && first <= PREFIX_ATOMIC) {
      space = opcodeSpace(first)!;
      op = r.u32();
    }
    if (op >= space.inConstExpr.length || space.inConstExpr[op] === 0) {
      const code =
        space === SINGLE_BYTE ? `0x${first.toString(16)}` : `0x${first.toString(16)} ${op}`;
      r.fail(`illegal opcode ${code} in constant expression`, at);
    }
    switch (space.imm[op]) {
      case Imm.None:
        break;
      case Imm.I32:
        r.s32();
        break;
      case Imm.I64:
        r.s64();
        break;
      case Imm.F32:
        r.skip(4);
        break;
      case Imm.F64:
        r.skip(8);
        break;
      case Imm.V128:
        r.skip(16);
        break;
      case Imm.Local:
      case Imm.Func:
      case Imm.Type:
        r.u32();
        break;
      case Imm.Global: {
        const index = r.u32();
        uses?.globalGet(index, at);
        break;
      }
      case Imm.HeapType: {
        const heap = readHeapType(r);
        uses?.refNull(heap, at);
        break;
      }
      case Imm.TypeCount:
      case Imm.TypeData:
      case Imm.TypeElem:
        r.u32();
        r.u32();
        break;
      case IMM_INVALID:
      default:
        // The table test keeps every opcode marked for constant expressions readable here.
        r.fail(`no constant-expression reader for the immediates of opcode ${first}:${op}`, at);
    }
    const feature = space.constFeature[op];
    if (feature >= 0) uses?.feature(feature, at);
  }
}

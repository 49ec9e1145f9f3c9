/**
 * Finds the end of a constant expression without decoding it. Only the instructions a constant
 * expression may hold (plus immediate-free numeric operators, so invalid-but-well-formed
 * expressions still parse) are known here; the full instruction set lives in `instructions.ts`.
 */
import type { ByteReader } from './reader.ts';
import type { ConstExpr } from './types.ts';
import { readHeapType } from './valtypes.ts';

/** Skips a constant expression up to and including its `end`, returning its byte range. */
export function readConstExpr(r: ByteReader): ConstExpr {
  const offset = r.pos;
  for (;;) {
    const opOffset = r.pos;
    const op = r.u8();
    if (op === 0x0b) return { offset, end: r.pos };
    // Numeric operators 0x45–0xc4 carry no immediates.
    if (op >= 0x45 && op <= 0xc4) continue;
    switch (op) {
      case 0x41:
        r.s32();
        break;
      case 0x42:
        r.s64();
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0x20: // local.get/set/tee and global.get/set: invalid here but well formed
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x24:
      case 0xd2: // ref.func
        r.u32();
        break;
      case 0xd0: // ref.null
        readHeapType(r);
        break;
      case 0x00: // unreachable, nop, drop, select, ref.is_null, ref.as_non_null
      case 0x01:
      case 0x1a:
      case 0x1b:
      case 0xd1:
      case 0xd3:
        break;
      case 0xfb:
        skipGcImmediates(r, opOffset);
        break;
      case 0xfd: {
        const sub = r.u32();
        if (sub !== 12) r.fail(`illegal opcode 0xfd ${sub} in constant expression`, opOffset);
        r.skip(16); // v128.const
        break;
      }
      default:
        r.fail(`illegal opcode 0x${op.toString(16)} in constant expression`, opOffset);
    }
  }
}

/** Immediates of the GC instructions allowed in constant expressions. */
function skipGcImmediates(r: ByteReader, opOffset: number): void {
  const sub = r.u32();
  switch (sub) {
    case 0: // struct.new, struct.new_default, array.new, array.new_default
    case 1:
    case 6:
    case 7:
      r.u32();
      return;
    case 8: // array.new_fixed, array.new_data, array.new_elem
    case 9:
    case 10:
      r.u32();
      r.u32();
      return;
    case 0x1a: // any.convert_extern, extern.convert_any, ref.i31
    case 0x1b:
    case 0x1c:
      return;
    default:
      r.fail(`illegal opcode 0xfb ${sub} in constant expression`, opOffset);
  }
}

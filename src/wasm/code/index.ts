/**
 * Function bodies and instructions: the one opcode table every walker reads, the function and
 * code sections' compact layout, decoding of bodies and constant expressions into
 * instructions, the constant-expression walker, and the byte cursor the table-driven body
 * walkers build on.
 */
export {
  ATOMIC_SPACE,
  Control,
  GC_SPACE,
  IMM_INVALID,
  Imm,
  MISC_SPACE,
  ONCE_RESERVED_INDEX,
  OPCODES,
  PREFIX_ATOMIC,
  PREFIX_GC,
  PREFIX_MISC,
  PREFIX_SIMD,
  SIMD_SPACE,
  SINGLE_BYTE,
  lookupOpcode,
  opcodeSpace,
  type ControlKind,
  type ImmKind,
  type OpcodeInfo,
  type OpcodeSpace,
} from './opcodes.ts';
export {
  checkWindow,
  definedFunction,
  definedFunctionCount,
  definedFunctions,
  locateBodies,
  readFunctionSection,
  startFunctionLayout,
} from './function-table.ts';
export {
  MAX_LOCALS,
  decodeConstExpr,
  decodeFunction,
  decodeInstructions,
  readInstruction,
  type BlockType,
  type CatchClause,
  type DecodedFunction,
  type Immediate,
  type Instruction,
  type LocalDecl,
  type MemArg,
} from './instructions.ts';
export { walkConstExpr, type ConstExprUses } from './const-expr.ts';
export {
  BLOCK_EMPTY,
  BLOCK_TYPE_INDEX,
  BodyCursor,
  HEAP_TYPE_INDEX,
  MEMARG_MEMORY_INDEX,
  MEMARG_U64_OFFSET,
  REF_CODE,
  REF_NULL_CODE,
  isU64Offset,
  skipLeb,
} from './body-cursor.ts';

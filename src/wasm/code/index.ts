/**
 * Function bodies and instructions: the one opcode table every walker reads, the function and
 * code sections' compact layout, decoding of bodies and constant expressions into
 * instructions, and the constant-expression walker.
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

/**
 * wasm2wat-compatible text: whole modules, their header fields, one function, one constant
 * expression or instruction, and the value, reference, heap and block types inside them.
 */
export {
  printConstExpr,
  printFunction,
  type PrintConstExprOptions,
  type PrintFunctionOptions,
} from './function.ts';
export { printInstruction, type InstructionContext } from './instruction.ts';
export { printModule, printModuleHeader, type PrintModuleOptions } from './module.ts';
export { printBlockType, printHeapType, printRefType, printValType } from './value-types.ts';

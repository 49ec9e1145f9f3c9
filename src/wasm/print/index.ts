/**
 * wasm2wat-compatible text: whole modules, their header fields, one function, one constant
 * expression or instruction, and the value, reference, heap and block types inside them; and
 * the names and literals they are written with, for callers that build such text themselves.
 */
export {
  printConstExpr,
  printFunction,
  type PrintConstExprOptions,
  type PrintFunctionOptions,
} from './function.ts';
export { printInstruction, type InstructionContext } from './instruction.ts';
export { printModule, printModuleHeader, type PrintModuleOptions } from './module.ts';
export {
  printBlockType,
  printFieldType,
  printGlobalType,
  printHeapType,
  printMemoryType,
  printRefType,
  printTableType,
  printValType,
  typeList,
} from './value-types.ts';
export {
  definedName,
  escapeBytes,
  escapeName,
  localNames,
  moduleNames,
  nameOrIndex,
  namesOfKind,
  quotedName,
  type ModuleNames,
} from './names.ts';
export { printComposite } from './type-section.ts';

/**
 * The WebAssembly binary decoder: structure without the bodies, bodies on demand, the proposals
 * a module uses, and wasm2wat-compatible text, all from plain data that can cross a
 * `postMessage` boundary. Everything malformed ends in a `WasmDecodeError`.
 *
 * Folders, each with an `index.ts` as its face: `binary/` (byte reader, LEB128, type grammar,
 * the error type), `code/` (the opcode table, bodies, instructions, constant expressions),
 * `custom/` (custom sections), `module/` (`decodeModule` and its on-demand lists),
 * `features/` (`scanFeatures`) and `print/` (wasm2wat text). This file is the package's
 * public face.
 *
 * @example
 * const info = decodeModule(bytes);
 * console.log(scanFeatures(info).used.map((use) => use.feature));
 * console.log(decodeExports(info, 0, 20).map((e) => e.name));
 * console.log(printFunction(info, info.importedFuncs, { offsets: true }));
 *
 * @packageDocumentation
 */

// Decodes a module's sections (bodies are only located); see `decodeModule`.
export { decodeModule } from './module/index.ts';
// Decodes one element segment's items on demand (function indices or expression ranges).
export { decodeElemItems } from './module/index.ts';
// Lists the proposals a module uses with first offset and count.
export { scanFeatures } from './features/index.ts';
// Defined functions' locations: one, a window of them, and how many there are.
export { definedFunction, definedFunctionCount, definedFunctions } from './code/index.ts';
// The exports: a window of them, decoded on demand, and how many there are.
export { decodeExports, exportCount } from './module/index.ts';
// Decodes one function body into instructions with offsets.
export { decodeFunction } from './code/index.ts';
// Decodes a constant expression's instructions.
export { decodeConstExpr } from './code/index.ts';
// Limit on locals per function that the decoder enforces, as engines do.
export { MAX_LOCALS } from './code/index.ts';
// Prints one defined function (or a constant expression) as wasm2wat does.
export { printConstExpr, printFunction } from './print/index.ts';
// Prints value, reference, heap and block types as wasm2wat does.
export { printBlockType, printHeapType, printRefType, printValType } from './print/index.ts';
// Prints a whole module, or just its header fields without bodies, as wasm2wat does.
export { printModule, printModuleHeader } from './print/index.ts';
// The one error type of the decoder, with the byte offset and section of the problem.
export { WasmDecodeError } from './binary/index.ts';
// The proposals `scanFeatures` can report, in report order.
export { FEATURES } from './types.ts';
// Encodings and text-format shorthands of the abstract heap types.
export { HEAP_TYPE_CODES, REF_SHORTHANDS } from './binary/index.ts';

// Shapes of decoded instructions and function bodies.
export type {
  BlockType,
  CatchClause,
  DecodedFunction,
  Immediate,
  Instruction,
  LocalDecl,
  MemArg,
} from './code/index.ts';
// Options of the printers.
export type {
  PrintConstExprOptions,
  PrintFunctionOptions,
  PrintModuleOptions,
} from './print/index.ts';
// The plain-data description of a module and everything in it.
export type {
  AbstractHeapType,
  ArrayTypeInfo,
  CompositeType,
  ConstExpr,
  ContTypeInfo,
  CustomSectionInfo,
  DataSegmentInfo,
  DylinkInfo,
  ElemSegmentInfo,
  ExportInfo,
  ExternalKind,
  Feature,
  FeatureReport,
  FeatureUse,
  FieldType,
  FuncTypeInfo,
  FunctionInfo,
  FunctionLayout,
  GlobalInfo,
  GlobalTypeInfo,
  HeapTypeInfo,
  ImportDesc,
  ImportInfo,
  IndirectNameMap,
  Limits,
  MemoryTypeInfo,
  ModuleInfo,
  NameMap,
  NameSectionInfo,
  NumType,
  ProducersInfo,
  RecGroupInfo,
  RefTypeInfo,
  SectionInfo,
  SegmentMode,
  StorageType,
  StructTypeInfo,
  SubTypeInfo,
  TableInfo,
  TableTypeInfo,
  TagTypeInfo,
  TargetFeatureInfo,
  ValTypeInfo,
} from './types.ts';

/**
 * Prints functions and constant expressions exactly as wabt's `wasm2wat` does (flat, not
 * folded), straight from the binary, one function at a time, so modules too large for wabt.js
 * can still be shown.
 */
import {
  decodeConstExpr,
  decodeFunction,
  type Instruction,
  Control,
  SINGLE_BYTE,
} from '../code/index.ts';
import { printInstruction } from './instruction.ts';
import { escapeName, localNames, moduleNames, nameOrIndex } from './names.ts';
import { printValType, typeList } from './value-types.ts';
import type { ConstExpr, ModuleInfo, ValTypeInfo } from '../types.ts';

/** Options of `printFunction`. */
export interface PrintFunctionOptions {
  /** Append each instruction's byte offset as `(;@1a2b;)` (not part of wabt's output). */
  offsets?: boolean;
}

/** wabt indents a module's fields by one step and a function body by two. */
const INDENT = '  ';
const BODY_BASE_DEPTH = 2;

/**
 * The whole `(func …)` form of defined function `funcIndex` (function index space, imports
 * first) as wasm2wat prints it inside a module: header, local declarations, body indented by
 * block depth, closing parenthesis. Lines after the first carry wabt's absolute indentation.
 * Decodes only that body. Throws `RangeError` for an imported or missing index and
 * `WasmDecodeError` for a malformed body, as `decodeFunction` does.
 *
 * @example
 * printFunction(info, info.importedFuncs, { offsets: true });
 * // "(func $add (type 0) (param i32 i32) (result i32)\n    local.get 0 (;@2e;)\n…"
 */
export function printFunction(
  info: ModuleInfo,
  funcIndex: number,
  options: PrintFunctionOptions = {},
): string {
  const decoded = decodeFunction(info, funcIndex);
  const names = moduleNames(info);
  const locals = localNames(info, funcIndex);
  const funcType = info.types[decoded.typeIndex]?.composite;
  const params = funcType?.kind === 'func' ? funcType.params : [];
  const results = funcType?.kind === 'func' ? funcType.results : [];

  const funcName = names.funcs.get(funcIndex);
  const header = ['(func', funcName === undefined ? `(;${funcIndex};)` : escapeName(funcName)];
  header.push(`(type ${nameOrIndex(names.types, decoded.typeIndex)})`);
  header.push(...typeBindings(info, 'param', params, locals, 0));
  const resultText = typeList(info, 'result', results);
  if (resultText !== '') header.push(resultText);

  const lines = [header.join(' ')];
  const localTypes: ValTypeInfo[] = [];
  for (const decl of decoded.locals)
    for (let i = 0; i < decl.count; i++) localTypes.push(decl.type);
  if (localTypes.length > 0) {
    const bindings = typeBindings(info, 'local', localTypes, locals, params.length);
    lines.push(INDENT.repeat(BODY_BASE_DEPTH) + bindings.join(' '));
  }
  printBody(info, funcIndex, decoded.instructions, options.offsets ?? false, lines);
  lines[lines.length - 1] += ')';
  return lines.join('\n');
}

/**
 * wabt's grouping of params or locals: an unnamed run shares one `(local t1 t2)`, each named
 * entry gets its own `(local $n t)`, its name written raw (wabt escapes only references).
 */
function typeBindings(
  info: ModuleInfo,
  keyword: string,
  types: readonly ValTypeInfo[],
  names: Map<number, string>,
  firstIndex: number,
): string[] {
  const groups: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) groups.push(`(${keyword} ${run.join(' ')})`);
    run = [];
  };
  types.forEach((type, i) => {
    const name = names.get(firstIndex + i);
    if (name === undefined) {
      run.push(printValType(info, type));
    } else {
      flush();
      groups.push(`(${keyword} ${name} ${printValType(info, type)})`);
    }
  });
  flush();
  return groups;
}

const OP_ELSE = 0x05;

/** The instruction's part in the block structure, from the opcode table. */
function controlOf(instr: Instruction): number {
  return instr.prefix === 0 ? SINGLE_BYTE.control[instr.opcode] : Control.None;
}

/** Indentation by depth, built once per depth reached. */
const indents: string[] = [];
function indentFor(depth: number): string {
  for (let d = indents.length; d <= depth; d++) indents.push(INDENT.repeat(d));
  return indents[depth];
}

/** Appends the body's lines (every instruction but the final `end`) to `lines`. */
function printBody(
  info: ModuleInfo,
  funcIndex: number,
  instructions: Instruction[],
  offsets: boolean,
  lines: string[],
): void {
  let depth = 0;
  const last = instructions.length - 1;
  for (let i = 0; i < last; i++) {
    const instr = instructions[i];
    const control = controlOf(instr);
    const context = { funcIndex, labelDepth: depth + 1 };
    let lineDepth = depth;
    if (control === Control.End || control === Control.Delegate) {
      depth--;
      lineDepth = depth;
      context.labelDepth = depth + 1;
    } else if (control === Control.Arm) {
      // wabt drops an `else` whose branch is empty
      const next = instructions[i + 1];
      const isElse = instr.prefix === 0 && instr.opcode === OP_ELSE;
      if (isElse && controlOf(next) === Control.End) continue;
      lineDepth = depth - 1;
    } else if (control === Control.Open) depth++;
    const text = printInstruction(info, instr, context);
    const indent = indentFor(BODY_BASE_DEPTH + Math.max(lineDepth, 0));
    const offset = offsets ? ` (;@${instr.offset.toString(16)};)` : '';
    if (instr.imm.kind !== 'tryTable') {
      lines.push(indent + text + offset);
      continue;
    }
    // try_table's catch clauses sit one level in, like the body they guard
    const [header, ...catches] = text.split('\n');
    lines.push(indent + header + offset);
    for (const clause of catches) lines.push(indent + INDENT + clause);
  }
}

/** Options of `printConstExpr`. */
export interface PrintConstExprOptions {
  /** Indentation of the lines after the first (default: 4 spaces, as for module fields). */
  indent?: string;
}

/**
 * A constant expression (as `decodeModule` located it: a global's initializer, a segment's
 * offset, an element item) as wabt prints it in a global, elem or data segment: the
 * instructions without the final `end` inside one pair of parentheses, e.g. `(i32.const 0)`,
 * and for several instructions one per line: `(i64.const 1\n    i64.const 2\n    i64.add)`;
 * `''` for an empty expression. Throws `WasmDecodeError` for malformed bytes.
 */
export function printConstExpr(
  info: ModuleInfo,
  expr: ConstExpr,
  options: PrintConstExprOptions = {},
): string {
  const instructions = decodeConstExpr(info, expr);
  const lastInstr = instructions[instructions.length - 1];
  if (lastInstr !== undefined && controlOf(lastInstr) === Control.End) instructions.pop();
  const indent = options.indent ?? INDENT.repeat(BODY_BASE_DEPTH);
  const texts = instructions.map((instr) =>
    printInstruction(info, instr, { funcIndex: -1, labelDepth: 1 }),
  );
  // wabt writes nothing at all for an empty expression
  if (texts.length === 0) return '';
  return `(${texts.join(`\n${indent}`)})`;
}

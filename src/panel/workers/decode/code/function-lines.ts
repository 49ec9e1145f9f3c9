/**
 * The display lines of one defined function: the decoder's `printFunction` text (wasm2wat's,
 * indented as inside a module) line by line, each instruction line with its byte offset and
 * length and its operands linked, and a long `br_table` split over several lines.
 */
import {
  WasmDecodeError,
  decodeFunction,
  definedFunction,
  printFunction,
  type Instruction,
  type ModuleInfo,
} from '../../../../wasm/index.ts';
import { BR_TABLE_TARGETS_PER_LINE } from './code-index.ts';
import type { DocLine } from './doc-line.ts';
import { applyLinks, instructionRules, lexLine } from './tokens.ts';
import { escapeName, type ModuleNames } from '../../../../wasm/print/index.ts';

/** `printFunction(…, { offsets: true })` ends each instruction line with `(;@hex;)`. */
const OFFSET_SUFFIX = / \(;@([0-9a-f]+);\)(\)?)$/;

/** The module's indentation of a field's first line. */
const FIELD_INDENT = '  ';

/** The one line of a function whose body cannot be decoded: what is wrong, and where. */
export function malformedFunctionLine(
  names: ModuleNames,
  funcIndex: number,
  error: WasmDecodeError,
): DocLine {
  const named = names.funcs.get(funcIndex);
  const name = named === undefined ? `(;${funcIndex};)` : escapeName(named);
  // the message names the byte offset; `;)` inside it would end the comment early
  const reason = error.message.replaceAll(';)', '; )');
  const text = `${FIELD_INDENT}(func ${name} (;cannot decode: ${reason};))`;
  return { text, tokens: lexLine(text), offset: error.offset, length: 1, wrapped: false };
}

/** Splits a `br_table` line after every {@link BR_TABLE_TARGETS_PER_LINE}-th target. */
function brTablePieces(text: string, targets: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  let seen = 0;
  let at = text.indexOf(';)');
  while (at >= 0) {
    seen++;
    if (seen % BR_TABLE_TARGETS_PER_LINE === 0 && seen < targets) {
      pieces.push(text.slice(start, at + 2));
      start = at + 2;
    }
    at = text.indexOf(';)', at + 2);
  }
  pieces.push(text.slice(start));
  return pieces;
}

function instructionLines(text: string, instr: Instruction, names: ModuleNames): DocLine[] {
  const offset = instr.offset;
  const length = instr.end - instr.offset;
  if (instr.imm.kind === 'brTable') {
    const targets = instr.imm.labels.length + 1;
    if (targets > BR_TABLE_TARGETS_PER_LINE) {
      return brTablePieces(text, targets).map((piece, i) => ({
        text: piece,
        tokens: lexLine(piece),
        offset,
        length,
        wrapped: i > 0,
      }));
    }
  }
  const tokens = lexLine(text);
  applyLinks(text, tokens, instructionRules(instr, names));
  return [{ text, tokens, offset, length, wrapped: false }];
}

/**
 * The lines of defined function `funcIndex`, or the one line saying why its body cannot be
 * decoded. Throws `RangeError` for an index that is not a defined function.
 */
export function functionLines(info: ModuleInfo, names: ModuleNames, funcIndex: number): DocLine[] {
  let func;
  let decoded;
  let text;
  try {
    func = definedFunction(info, funcIndex);
    if (!func) throw new RangeError(`function ${funcIndex} is not defined in this module`);
    decoded = decodeFunction(info, funcIndex);
    text = printFunction(info, funcIndex, { offsets: true });
  } catch (error) {
    if (!(error instanceof WasmDecodeError)) throw error;
    return [malformedFunctionLine(names, funcIndex, error)];
  }
  const printed = text.split('\n');
  const instructions = decoded.instructions;
  const firstInstruction = instructions[0]?.offset ?? func.codeEnd;
  const lines: DocLine[] = [];
  let cursor = 0;
  let current: Instruction | null = null;
  let clause = 0;
  for (let i = 0; i < printed.length; i++) {
    const line = i === 0 ? FIELD_INDENT + printed[i] : printed[i];
    // a `try_table`'s catch clauses follow it, one per line (their label comments look like
    // the offset comment)
    const isClause = current?.imm.kind === 'tryTable' && clause < current.imm.catches.length;
    const match = isClause ? null : OFFSET_SUFFIX.exec(line);
    if (match) {
      const offset = parseInt(match[1], 16);
      while (cursor < instructions.length - 1 && instructions[cursor].offset < offset) cursor++;
      current = instructions[cursor];
      clause = 0;
      lines.push(...instructionLines(line.slice(0, match.index) + match[2], current, names));
      continue;
    }
    if (current) {
      // a catch clause of the `try_table` above, on a line of its own
      const catches = current.imm.kind === 'tryTable' ? current.imm.catches : [];
      const tag = catches[clause++]?.tag ?? -1;
      const tokens = lexLine(line);
      applyLinks(line, tokens, { catchTags: tag >= 0 ? [tag] : [] });
      lines.push({
        text: line,
        tokens,
        offset: current.offset,
        length: current.end - current.offset,
        wrapped: false,
      });
      continue;
    }
    // the header, then the local declarations
    const tokens = lexLine(line);
    applyLinks(line, tokens, i === 0 ? { typeUse: decoded.typeIndex } : {});
    lines.push(
      i === 0
        ? {
            text: line,
            tokens,
            offset: func.bodyOffset,
            length: func.codeOffset - func.bodyOffset,
            wrapped: false,
          }
        : {
            text: line,
            tokens,
            offset: func.codeOffset,
            length: firstInstruction - func.codeOffset,
            wrapped: false,
          },
    );
  }
  return lines;
}

/**
 * Turns wabt.js's error text into diagnostics an editor can place. wabt reports
 * `file:line:column: error: message`, then the source line and a caret underline; its columns
 * count UTF-8 bytes, an editor's count UTF-16 code units, so each position is converted
 * against the text that was assembled.
 */
import {
  MAX_DIAGNOSTIC_CHARS,
  MAX_DIAGNOSTICS,
  type AssembleStage,
  type WatDiagnostic,
} from '../../../protocol/assemble/index.ts';

const LOCATED = /^(.*?):(\d+):(\d+): (error|warning): (.*)$/;
const CARETS = /^\s*(\^+)\s*$/;
const FAILED_HEADER = /^(parseWat|validate|readWasm) failed:\s*$/;

/** Which stage a wabt.js exception came from, by its first line. */
export function stageOfWabtError(message: string): AssembleStage {
  if (message.startsWith('validate failed')) return 'validate';
  if (message.startsWith('parseWat failed')) return 'parse';
  return 'write';
}

/** The 1-based UTF-16 column of the 1-based UTF-8 byte column `byteColumn` in `line`. */
export function charColumn(line: string, byteColumn: number): number {
  let bytes = 0;
  let chars = 0;
  const target = byteColumn - 1;
  while (chars < line.length && bytes < target) {
    const code = line.codePointAt(chars) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    chars += code > 0xffff ? 2 : 1;
  }
  // Past the end of the line (wabt points at the newline or EOF): one past the last character.
  return chars + 1 + Math.max(0, target - bytes);
}

function clampTo(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * The diagnostics in `message` (a wabt.js exception's message) about `text`. Lines without a
 * location are folded into the previous diagnostic, or, when wabt gave no location at all,
 * become one diagnostic at line 1, column 1, so a failure is never silent.
 */
export function parseWabtErrors(message: string, text: string): WatDiagnostic[] {
  const stage = stageOfWabtError(message);
  const sourceLines = text.split('\n');
  const lines = message.split('\n');
  const diagnostics: WatDiagnostic[] = [];
  const loose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = LOCATED.exec(lines[i]);
    if (!match) {
      const line = lines[i].trim();
      if (line && !FAILED_HEADER.test(line) && !CARETS.test(line) && diagnostics.length === 0)
        loose.push(line);
      continue;
    }
    if (diagnostics.length >= MAX_DIAGNOSTICS) break;
    // wabt echoes the source line, then underlines the span with carets.
    const carets = i + 2 < lines.length ? CARETS.exec(lines[i + 2]) : null;
    if (carets) i += 2;
    const lineNumber = clampTo(Number(match[2]), 1, sourceLines.length);
    const source = sourceLines[lineNumber - 1].replace(/\r$/, '');
    const byteColumn = Math.max(1, Number(match[3]));
    const column = clampTo(charColumn(source, byteColumn), 1, source.length + 1);
    const end = carets ? charColumn(source, byteColumn + carets[1].length) : column + 1;
    diagnostics.push({
      severity: match[4] === 'warning' ? 'warning' : 'error',
      stage,
      line: lineNumber,
      column,
      length: Math.max(1, Math.min(end, source.length + 1) - column),
      message: match[5].slice(0, MAX_DIAGNOSTIC_CHARS),
    });
  }
  if (diagnostics.length === 0) {
    const header = lines[0]?.replace(/[:.]\s*$/, '') || 'the assembler failed';
    diagnostics.push({
      severity: 'error',
      stage,
      line: 1,
      column: 1,
      length: 1,
      message: (loose.length > 0 ? loose.join('\n') : header).slice(0, MAX_DIAGNOSTIC_CHARS),
    });
  }
  return diagnostics;
}

/**
 * The assemble worker's service: WAT text in, a binary module or diagnostics out. The worker
 * runs wabt.js with every feature on; what crosses the boundary is plain data, checked on both
 * sides (parameters by the worker, results by the panel).
 *
 * @example
 * ```ts
 * const result = await client.call('assemble', { text: '(module)', fileName: 'a.wat' });
 * if (result.ok) open(result.bytes);
 * else for (const d of result.diagnostics) show(d.line, d.column, d.message);
 * ```
 */
import type { ParamValidators, ResultValidators } from '../rpc/index.ts';
import {
  isArrayOf,
  isBoundedString,
  isCount,
  isFiniteNumber,
  isOneOf,
  isRecord,
} from '../guards.ts';

/** Longest WAT text the worker accepts (characters). */
export const MAX_WAT_CHARS = 64 * 1024 * 1024;
/** Longest file name accepted. */
export const MAX_FILE_NAME_CHARS = 1024;
/** Most diagnostics one answer carries (wabt can report thousands for a broken file). */
export const MAX_DIAGNOSTICS = 200;
/** Longest diagnostic message. */
export const MAX_DIAGNOSTIC_CHARS = 4096;

/** Which step of assembling found the problem. */
export type AssembleStage = 'parse' | 'validate' | 'write';

/** The stages, for validators. */
export const ASSEMBLE_STAGES: readonly AssembleStage[] = ['parse', 'validate', 'write'];

/**
 * A problem in WAT text, where the editor shows it. Line and column are 1-based and count
 * UTF-16 code units (as an editor does), not wabt's UTF-8 bytes.
 */
export interface WatDiagnostic {
  severity: 'error' | 'warning';
  stage: AssembleStage;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** How many characters the problem spans on its line (at least 1). */
  length: number;
  message: string;
}

/** What one `assemble` call produced. */
export type AssembleResult =
  | {
      ok: true;
      /** The module's bytes (moved to the panel, not copied). */
      bytes: ArrayBuffer;
      /** Time wabt took, in milliseconds. */
      elapsedMs: number;
    }
  | {
      ok: false;
      /** At least one error, in the order wabt reported them. */
      diagnostics: WatDiagnostic[];
      elapsedMs: number;
    };

/** Method map of the assemble worker. */
export interface AssembleApi {
  assemble: {
    params: {
      text: string;
      /** Shown in wabt's messages; the editor's file name. */
      fileName: string;
    };
    result: AssembleResult;
  };
}

/** Parameter validators of every {@link AssembleApi} method. */
export const assembleApiValidators: ParamValidators<AssembleApi> = {
  assemble: (p: unknown): p is AssembleApi['assemble']['params'] =>
    isRecord(p) &&
    isBoundedString(p.text, MAX_WAT_CHARS) &&
    isBoundedString(p.fileName, MAX_FILE_NAME_CHARS),
};

/** Whether `value` is a well-formed {@link WatDiagnostic}. */
export function isWatDiagnostic(value: unknown): value is WatDiagnostic {
  return (
    isRecord(value) &&
    isOneOf(value.severity, ['error', 'warning'] as const) &&
    isOneOf(value.stage, ASSEMBLE_STAGES) &&
    isCount(value.line) &&
    value.line >= 1 &&
    isCount(value.column) &&
    value.column >= 1 &&
    isCount(value.length) &&
    value.length >= 1 &&
    isBoundedString(value.message, MAX_DIAGNOSTIC_CHARS)
  );
}

/** Whether `value` is a well-formed {@link AssembleResult}. */
export function isAssembleResult(value: unknown): value is AssembleResult {
  if (!isRecord(value) || !isFiniteNumber(value.elapsedMs) || value.elapsedMs < 0) return false;
  if (value.ok === true) return value.bytes instanceof ArrayBuffer;
  return (
    value.ok === false &&
    isArrayOf(value.diagnostics, MAX_DIAGNOSTICS, isWatDiagnostic) &&
    value.diagnostics.length > 0
  );
}

/** Result validators of every {@link AssembleApi} method (the panel checks what it gets). */
export const assembleResultValidators: ResultValidators<AssembleApi> = {
  assemble: isAssembleResult,
};

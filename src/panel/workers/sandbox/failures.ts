/**
 * Turns what guest code threw into a {@link FailureInfo}: the runtime's error code and message,
 * the cause it wraps (the engine's trap, or the message a host function failed with), and the
 * wasm frames of the stack with each function named from its module's name section.
 */
import { LayerError, type Module } from '../../../runtime/index.ts';
import { definedFunction, definedFunctionCount } from '../../../wasm/index.ts';
import type { FailureInfo, StackFrame } from '../../../protocol/sandbox/index.ts';
import { MAX_FRAMES } from '../../../protocol/sandbox/index.ts';

/** Longest message or cause kept. */
const MAX_MESSAGE_CHARS = 8192;

// V8: "at name (wasm://wasm/demo-1a2b:wasm-function[3]:0x4f)"; Firefox: "name@…:wasm-function[3]:0x4f".
const WASM_FRAME = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/i;

/** The function of `module` that contains byte `offset`, if `funcIndex` is one and does. */
function containsOffset(module: Module, funcIndex: number, offset: number): boolean {
  const info = module.info;
  const defined = funcIndex - info.importedFuncs;
  if (defined < 0 || defined >= definedFunctionCount(info)) return false;
  const fn = definedFunction(info, funcIndex);
  return fn !== undefined && offset >= fn.bodyOffset && offset <= fn.codeEnd;
}

/** `$name` from the name section, or `func[index]`. */
export function functionName(module: Module, funcIndex: number): string {
  return module.info.names.functions.get(funcIndex) ?? `func[${funcIndex}]`;
}

/**
 * The wasm frames of `stack`, innermost first. A frame's module is the one (of `modules`,
 * `preferred` first) whose function `index` contains its byte offset.
 */
export function parseWasmFrames(
  stack: string,
  modules: readonly Module[],
  preferred: Module | undefined,
): StackFrame[] {
  const candidates = preferred ? [preferred, ...modules.filter((m) => m !== preferred)] : modules;
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = WASM_FRAME.exec(line);
    if (!match) continue;
    const funcIndex = Number(match[1]);
    const offset = parseInt(match[2], 16);
    const module = candidates.find((m) => containsOffset(m, funcIndex, offset));
    frames.push({
      text: line.trim().replace(/^at /, '').slice(0, 1024),
      moduleId: module?.id ?? null,
      funcIndex,
      funcName: module ? functionName(module, funcIndex) : null,
      offset,
    });
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames;
}

function describe(error: unknown): string {
  // A plain Error is a host function's own message (the user's, for a chosen trap): say only it.
  if (error instanceof Error)
    return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  return String(error);
}

function stackOf(error: unknown): string {
  return error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
}

/**
 * The failure for `error`, thrown by guest code of `preferred` (or a host function it called,
 * named `hostImport`). Frames come from the innermost error that has them: the host function's
 * own error (thrown inside the call, so its stack holds the guest frames below it) or the
 * engine's trap.
 */
export function failureOf(
  error: unknown,
  modules: readonly Module[],
  preferred: Module | undefined,
  hostImport: string | null,
): FailureInfo {
  const cause = error instanceof LayerError ? error.cause : undefined;
  const code =
    error instanceof LayerError ? error.code : error instanceof Error ? error.name : 'error';
  const message = (error instanceof Error ? error.message : describe(error)).slice(
    0,
    MAX_MESSAGE_CHARS,
  );
  const stacks = [stackOf(cause), stackOf(error)];
  let frames: StackFrame[] = [];
  for (const stack of stacks) {
    frames = parseWasmFrames(stack, modules, preferred);
    if (frames.length > 0) break;
  }
  return {
    code,
    message,
    cause: cause === undefined ? null : describe(cause).slice(0, MAX_MESSAGE_CHARS),
    hostImport: code === 'host' ? hostImport : null,
    frames,
  };
}

/**
 * The function and code sections, kept compact: bodies are located incrementally into typed
 * arrays, as far as a reader asked for, and `FunctionInfo` objects are built only for the
 * functions a reader asks for.
 */
import { readU32Run, walkSizedEntries, ByteReader } from '../binary/index.ts';
import type { FunctionInfo, FunctionLayout, ModuleInfo } from '../types.ts';

/** Reads the function section: the type index of each defined function. */
export function readFunctionSection(r: ByteReader): Uint32Array {
  const count = r.count('function', 1);
  const typeIndices = new Uint32Array(count);
  readU32Run(r, count, typeIndices);
  return typeIndices;
}

/**
 * Reads the code section's count (it must match the function section) and returns a layout
 * whose bodies are located on demand by `locateBodies`; the reader is left at the section end.
 */
export function startFunctionLayout(r: ByteReader, functionTypes: Uint32Array): FunctionLayout {
  const countOffset = r.pos;
  const count = r.count('function body', 1);
  if (count !== functionTypes.length)
    r.fail(
      `function and code section have inconsistent lengths (${functionTypes.length} and ${count})`,
      countOffset,
    );
  const layout: FunctionLayout = {
    typeIndices: functionTypes,
    bodies: new Uint32Array(count * 3),
    located: 0,
    nextBody: r.pos,
    codeSectionEnd: r.end,
  };
  r.pos = r.end;
  return layout;
}

/**
 * Locates bodies until the first `count` are known (all of them by default), checking each
 * size against the section; once the last is located the section must end exactly there.
 * Throws `WasmDecodeError` (section `code`) for a malformed size.
 */
export function locateBodies(info: ModuleInfo, count = Infinity): void {
  const layout = info.functionLayout;
  const total = layout.typeIndices.length;
  const upTo = Math.min(count, total);
  if (layout.located >= upTo) return;
  const r = new ByteReader(info.bytes, layout.nextBody, layout.codeSectionEnd);
  r.section = 'code';
  walkSizedEntries(r, layout.located, upTo, layout.bodies);
  layout.located = upTo;
  layout.nextBody = r.pos;
  if (upTo === total && !r.atEnd) r.fail(`section size mismatch: ${r.remaining} bytes unread`);
}

function layoutEntry(layout: FunctionLayout, i: number): FunctionInfo {
  const { typeIndices, bodies } = layout;
  return {
    typeIndex: typeIndices[i],
    bodyOffset: bodies[3 * i],
    codeOffset: bodies[3 * i + 1],
    codeEnd: bodies[3 * i + 2],
  };
}

/** Checks a `from`/`count` window of one of the on-demand lists (functions, exports). */
export function checkWindow(from: number, count: number): void {
  if (!(Number.isInteger(from) && from >= 0))
    throw new RangeError(`a window starts at a non-negative integer, not ${from}`);
  if (!((Number.isInteger(count) || count === Infinity) && count >= 0))
    throw new RangeError(`a window holds a non-negative integer count, not ${count}`);
}

/** The number of functions the module defines (imports not counted). Never fails. */
export function definedFunctionCount(info: ModuleInfo): number {
  return info.functionLayout.typeIndices.length;
}

/**
 * Where the defined function at `funcIndex` of the function index space (imports first) is:
 * its type index and the byte range of its body; undefined when that index is imported or out
 * of range. Locates bodies only up to that one. Throws `WasmDecodeError` when a body size on
 * the way is malformed.
 */
export function definedFunction(info: ModuleInfo, funcIndex: number): FunctionInfo | undefined {
  const i = funcIndex - info.importedFuncs;
  if (!Number.isInteger(i) || i < 0 || i >= definedFunctionCount(info)) return undefined;
  locateBodies(info, i + 1);
  return layoutEntry(info.functionLayout, i);
}

/**
 * The defined functions from position `from` (0 is the first defined function, index
 * `info.importedFuncs` of the function index space), `count` of them (by default all the
 * rest); positions past the end are left out. Bodies are located only as far as the window
 * reaches. Throws `RangeError` for a negative or fractional `from` or `count`, and
 * `WasmDecodeError` for a malformed body size.
 *
 * @example
 * for (const f of definedFunctions(info, 0, 50)) console.log(f.typeIndex, f.codeEnd - f.codeOffset);
 */
export function definedFunctions(info: ModuleInfo, from = 0, count = Infinity): FunctionInfo[] {
  checkWindow(from, count);
  const to = Math.min(definedFunctionCount(info), from + count);
  if (to <= from) return [];
  locateBodies(info, to);
  const functions: FunctionInfo[] = [];
  for (let i = from; i < to; i++) functions.push(layoutEntry(info.functionLayout, i));
  return functions;
}

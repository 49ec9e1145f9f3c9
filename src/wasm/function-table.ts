/**
 * The function and code sections, kept compact: bodies are located incrementally into typed
 * arrays, as far as the function asked for, and `ModuleInfo.functions` is built from them on
 * first read (see `lazy-property.ts`).
 */
import { attachLazy } from './lazy-property.ts';
import { readU32Run, walkSizedEntries } from './leb-runs.ts';
import { ByteReader } from './reader.ts';
import type { FunctionInfo, FunctionLayout, ModuleInfo } from './types.ts';

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

/** Makes `info.functions` the list described by `info.functionLayout`, built on first read. */
export function attachFunctions(info: ModuleInfo): void {
  attachLazy(info, 'functions', () => {
    locateBodies(info);
    const layout = info.functionLayout;
    const functions: FunctionInfo[] = [];
    for (let i = 0; i < layout.typeIndices.length; i++) functions.push(layoutEntry(layout, i));
    return functions;
  });
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

/** Number of functions the module defines (not counting imports). */
export function definedFunctionCount(info: ModuleInfo): number {
  return info.functionLayout.typeIndices.length;
}

/**
 * The defined function at `funcIndex` of the function index space (imports first), or
 * undefined when that index is imported or out of range. Costs O(1) and never builds
 * `info.functions`.
 */
export function definedFunction(info: ModuleInfo, funcIndex: number): FunctionInfo | undefined {
  const i = funcIndex - info.importedFuncs;
  if (!Number.isInteger(i) || i < 0 || i >= definedFunctionCount(info)) return undefined;
  locateBodies(info, i + 1);
  return layoutEntry(info.functionLayout, i);
}

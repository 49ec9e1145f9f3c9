/**
 * The function and code sections, kept compact: the code section walk records offsets in typed
 * arrays and `ModuleInfo.functions` is built from them on first read (see `lazy-property.ts`).
 */
import { attachLazy } from './lazy-property.ts';
import { readU32Run, walkSizedEntries } from './leb-runs.ts';
import type { ByteReader } from './reader.ts';
import type { FunctionInfo, FunctionLayout, ModuleInfo } from './types.ts';

/** Reads the function section: the type index of each defined function. */
export function readFunctionSection(r: ByteReader): Uint32Array {
  const count = r.count('function', 1);
  const typeIndices = new Uint32Array(count);
  readU32Run(r, count, typeIndices);
  return typeIndices;
}

/**
 * Walks the code section's size prefixes. Returns `bodyOffset, codeOffset, codeEnd` per body,
 * after checking there is one body per declared function.
 */
export function locateFunctionBodies(r: ByteReader, functionTypes: Uint32Array): Uint32Array {
  const countOffset = r.pos;
  const count = r.count('function body', 1);
  if (count !== functionTypes.length)
    r.fail(
      `function and code section have inconsistent lengths (${functionTypes.length} and ${count})`,
      countOffset,
    );
  const bodies = new Uint32Array(count * 3);
  walkSizedEntries(r, count, bodies);
  return bodies;
}

/** Makes `info.functions` the list described by the compact arrays, built on first read. */
export function attachFunctions(info: ModuleInfo, layout: FunctionLayout): void {
  attachLazy(info, 'functions', () => {
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
  return layoutEntry(info.functionLayout, i);
}

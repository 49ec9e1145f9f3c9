/**
 * Finds the memories, tables and globals an instance exports or imports, and keeps them only
 * through WeakRefs so the hook never extends their lifetime.
 */
import type { ExternInfo, ExternOrigin } from '../../protocol/index.ts';
import { MAX_EXTERNS_PER_KIND } from '../../protocol/index.ts';

/** One extern held weakly, with the description the panel sees. */
export interface WeakExtern<T extends object> {
  info: ExternInfo;
  ref: WeakRef<T>;
}

/** An instance's externs, grouped by kind. */
export interface InstanceExterns {
  memories: WeakExtern<WebAssembly.Memory>[];
  tables: WeakExtern<WebAssembly.Table>[];
  globals: WeakExtern<WebAssembly.Global>[];
}

function sizeOf(value: object): number {
  try {
    if (value instanceof WebAssembly.Memory) return value.buffer.byteLength;
    // A 64-bit table (memory64) reports its length as a BigInt.
    if (value instanceof WebAssembly.Table) return Number(value.length);
  } catch {
    // A foreign object pretending to be one.
  }
  return 0;
}

function add<T extends object>(
  list: WeakExtern<T>[],
  seen: Set<object>,
  value: T,
  name: string,
  origin: ExternOrigin,
): void {
  if (seen.has(value) || list.length >= MAX_EXTERNS_PER_KIND) return;
  seen.add(value);
  list.push({
    info: { index: list.length, name, origin, size: sizeOf(value) },
    ref: new WeakRef(value),
  });
}

function collect(
  externs: InstanceExterns,
  seen: Set<object>,
  name: string,
  value: unknown,
  origin: ExternOrigin,
): void {
  if (value instanceof WebAssembly.Memory) add(externs.memories, seen, value, name, origin);
  else if (value instanceof WebAssembly.Table) add(externs.tables, seen, value, name, origin);
  else if (value instanceof WebAssembly.Global) add(externs.globals, seen, value, name, origin);
}

/** Own data properties only: calling the page's getters would be visible to the page. */
function dataEntries(value: object): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if ('value' in descriptor) entries.push([key, descriptor.value]);
  }
  return entries;
}

// Captured when the hook installs, before any page script can replace it.
const moduleExports = WebAssembly.Module.exports;

/**
 * Lists the instance's exported externs first (their order is the module's export order),
 * then imported ones that were not also exported.
 */
export function findExterns(
  instance: WebAssembly.Instance,
  module: WebAssembly.Module,
  imports: unknown,
): InstanceExterns {
  const externs: InstanceExterns = { memories: [], tables: [], globals: [] };
  const seen = new Set<object>();
  try {
    // Reading every export would make V8 create a JS wrapper for each exported function (about
    // 2 µs each: 130 ms for a module with 65,000 exports); the descriptors say which to read.
    const exports = instance.exports as Record<string, unknown>;
    for (const { name, kind } of moduleExports(module)) {
      if (kind !== 'function') collect(externs, seen, name, exports[name], 'export');
    }
  } catch {
    return externs;
  }
  if (typeof imports !== 'object' || imports === null) return externs;
  try {
    for (const [moduleName, namespace] of dataEntries(imports)) {
      if (typeof namespace !== 'object' || namespace === null) continue;
      for (const [field, value] of dataEntries(namespace)) {
        collect(externs, seen, `${moduleName}.${field}`, value, 'import');
      }
    }
  } catch {
    // A hostile import object (throwing getters): list what was readable.
  }
  return externs;
}

/** The protocol description of weakly held externs, with sizes refreshed from live objects. */
export function describe<T extends object>(list: WeakExtern<T>[]): ExternInfo[] {
  return list.map(({ info, ref }) => {
    const value = ref.deref();
    return { ...info, size: value ? sizeOf(value) : info.size };
  });
}

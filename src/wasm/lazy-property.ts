/**
 * Lazily built properties of `ModuleInfo`. The big lists of a module (hundreds of thousands of
 * functions, tens of thousands of exports) cost more as objects than as the bytes they come
 * from: they outlive the young generation and the GC copies them. Decoding checks and records
 * them compactly; the objects are built on first read.
 */
import type { ModuleInfo } from './types.ts';

/**
 * Makes `info[key]` a property that calls `build` on first read and then becomes an ordinary
 * writable data property. Reads, spreads, `JSON.stringify` and `structuredClone` all see the
 * built value; assigning replaces it like any property.
 */
export function attachLazy<K extends keyof ModuleInfo>(
  info: ModuleInfo,
  key: K,
  build: () => ModuleInfo[K],
): void {
  const settle = (value: ModuleInfo[K]) => {
    Object.defineProperty(info, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    return value;
  };
  Object.defineProperty(info, key, {
    enumerable: true,
    configurable: true,
    get: () => settle(build()),
    set: (value: ModuleInfo[K]) => settle(value),
  });
}

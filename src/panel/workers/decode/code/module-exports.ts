/**
 * A module's exports for the code view: decoded once per module (the decoder reads them on
 * demand) and kept, as every export is a line of the text and a possible referrer.
 */
import { decodeExports, type ExportInfo, type ModuleInfo } from '../../../../wasm/index.ts';

const decoded = new WeakMap<ModuleInfo, readonly ExportInfo[]>();

/** The exports of `info`, decoded on first use. */
export function exportsOf(info: ModuleInfo): readonly ExportInfo[] {
  let exports = decoded.get(info);
  if (!exports) {
    exports = decodeExports(info);
    decoded.set(info, exports);
  }
  return exports;
}

/**
 * The panel's actions exposed on the panel window as `globalThis.wasmLayer`, for debugging
 * from the DevTools-on-DevTools console and for the end-to-end tests.
 *
 * @example
 * ```js
 * wasmLayer.modules();                                   // captured modules (plain objects)
 * await wasmLayer.moduleBytes(hash);                     // Uint8Array, hash-verified
 * await wasmLayer.readMemory({ hash, offset: 0, length: 16 });   // Uint8Array
 * await wasmLayer.writeMemory({ instanceId, offset: 0, bytes: [1, 2] });
 * await wasmLayer.readGlobals({ hash });                 // [{ index, name, valueType, value }]
 * await wasmLayer.readTable({ hash, start: 0, count: 8 });
 * ```
 * Failures reject with a `LiveRequestError` whose `code` is one of `instance-collected`,
 * `not-found`, `out-of-bounds`, `immutable`, `invalid-request`, `frame-gone`, `timeout`, and
 * whose message starts with that code.
 */
import type { GlobalValue, InstanceEntry, TableEntry, TabStatus } from '../../../protocol/index.ts';
import type { PanelModule } from './capture-state.ts';

/** Addresses one instance, or the newest live instance of a module. */
export type TargetSpec = { instanceId: string } | { hash: string };

/** The debugging surface installed as `globalThis.wasmLayer`. */
export interface WasmLayerApi {
  /** The captured modules, as rendered. */
  modules(): PanelModule[];
  /** The tab's instances. */
  instances(): InstanceEntry[];
  /** The tab's hook status. */
  status(): TabStatus;
  /** The module's bytes once they reached the panel and matched the hash. */
  moduleBytes(hash: string): Promise<Uint8Array>;
  /** Reads `length` (≤ 1 MiB) bytes at `offset` of memory `memory` (default 0). */
  readMemory(
    spec: TargetSpec & { memory?: number; offset: number; length: number },
  ): Promise<Uint8Array>;
  /** Writes `bytes` at `offset` of memory `memory`; resolves with the count written. */
  writeMemory(
    spec: TargetSpec & { memory?: number; offset: number; bytes: Uint8Array | number[] },
  ): Promise<number>;
  /** Reads every global the instance exports or imports. */
  readGlobals(spec: TargetSpec): Promise<GlobalValue[]>;
  /** Sets a mutable global (index among the instance's globals); resolves with its new value. */
  writeGlobal(
    spec: TargetSpec & { global: number; value: string | number | bigint },
  ): Promise<string>;
  /** Reads `count` entries from `start` of table `table` (default 0). */
  readTable(
    spec: TargetSpec & { table?: number; start?: number; count?: number },
  ): Promise<{ length: number; entries: TableEntry[] }>;
}

declare global {
  var wasmLayer: WasmLayerApi | undefined;
}

/** Installs `api` as `globalThis.wasmLayer`. */
export function exposeDebugApi(api: WasmLayerApi): void {
  globalThis.wasmLayer = api;
}

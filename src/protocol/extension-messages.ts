/**
 * Messages between the extension's own contexts: relay ⇄ background (runtime messaging) and
 * background ⇄ panel (a long-lived port). Chrome serialises both as JSON, so binary data is
 * base64 here too.
 */
import type {
  EntryPoint,
  ExternInfo,
  HookCommand,
  HookReport,
  TransferPart,
  UncoveredWorker,
  WorkerTag,
} from './hook-messages.ts';
import type { LiveRequest, LiveResult } from './live.ts';

/** Tags every runtime message of this extension so unrelated messages are ignored. */
export const CHANNEL = 'wasm-layer';

/** Name of the port a panel opens to the background. */
export const PANEL_PORT_NAME = 'wasm-layer-panel';

/** Relay → background: one validated report, plus how many page messages the relay dropped. */
export interface RelayMessage {
  channel: typeof CHANNEL;
  kind: 'report';
  report: HookReport;
  dropped: number;
}

/** Background → relay (via `tabs.sendMessage` to one frame): a command for the hook. */
export interface CommandMessage {
  channel: typeof CHANNEL;
  kind: 'command';
  command: HookCommand;
}

/** A captured module as the background keeps it for one tab. */
export interface ModuleEntry {
  hash: string;
  size: number;
  entry: EntryPoint;
  sourceUrl: string;
  frameUrl: string;
  frameId: number;
  time: number;
  worker: WorkerTag | null;
  instances: number;
  /** The document that compiled it has since navigated away. */
  stale: boolean;
  /** The background holds the verified bytes (not evicted). */
  bytesCached: boolean;
}

/** A page instance as the background keeps it for one tab. */
export interface InstanceEntry {
  instanceId: string;
  hash: string;
  frameId: number;
  time: number;
  memories: ExternInfo[];
  tables: ExternInfo[];
  globals: ExternInfo[];
  worker: WorkerTag | null;
  stale: boolean;
}

/** The tab's capture status, summed over its frames. */
export interface TabStatus {
  hookInstalled: boolean;
  frames: number;
  workersCovered: number;
  uncoveredWorkers: UncoveredWorker[];
  dropped: number;
}

/** Everything a panel shows for its tab. */
export interface TabSnapshot {
  tabId: number;
  modules: ModuleEntry[];
  instances: InstanceEntry[];
  status: TabStatus;
}

/** Panel → background over the port. */
export type PanelRequest =
  | { kind: 'subscribe'; tabId: number }
  | { kind: 'fetch-bytes'; hash: string }
  | { kind: 'live'; requestId: string; request: LiveRequest };

/** Background → panel over the port. */
export type PanelEvent =
  | { kind: 'snapshot'; snapshot: TabSnapshot }
  | {
      kind: 'bytes-chunk';
      hash: string;
      part: TransferPart;
      index: number;
      total: number;
      size: number;
      data: string;
    }
  /**
   * The transfer the page was asked for, told before the page is asked: chunks of it that come
   * through the byte bridge (see `bridge.ts`) name this id, which only that tab's page learns,
   * so no other page can slip chunks into this panel's module.
   */
  | { kind: 'bytes-transfer'; hash: string; transferId: string }
  | { kind: 'bytes-failed'; hash: string; message: string }
  | { kind: 'live-reply'; requestId: string; result: LiveResult };

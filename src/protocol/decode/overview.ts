/**
 * The decode worker's answer when a module opens: everything the Overview tab shows, small and
 * plain, so a 50 MB module's overview costs the same to send as a 1 KB one's.
 */
import type { FeatureUse } from '../../wasm/index.ts';
import type { RpcErrorData } from '../rpc/index.ts';

/** One section of the module, as its header says. */
export interface SectionSummary {
  /** Section id (0 for custom sections). */
  id: number;
  /** `type`, `import`, `code`, … or `custom`. */
  kind: string;
  /** The custom section's name, else the same as `kind`. */
  name: string;
  /** Offset of the section id byte. */
  offset: number;
  /** Whole size: id byte, size LEB and payload. */
  size: number;
  /** Payload size in bytes. */
  payloadSize: number;
}

/** How many entries of each kind a module has. */
export interface ModuleCounts {
  types: number;
  imports: number;
  /** Functions in the index space (imported and defined). */
  functions: number;
  importedFunctions: number;
  tables: number;
  memories: number;
  globals: number;
  exports: number;
  datas: number;
  elems: number;
  /** Items over all element segments. */
  elemItems: number;
  tags: number;
  customSections: number;
}

/** What a custom section is for, so the view can say "debug info" instead of `.debug_info`. */
export type CustomSectionRole =
  | 'names'
  | 'producers'
  | 'target-features'
  | 'source-map'
  | 'debug-info'
  | 'build-id'
  | 'dylink'
  | 'other';

/** A custom section with its size and role. */
export interface CustomSectionSummary {
  name: string;
  offset: number;
  size: number;
  role: CustomSectionRole;
}

/** The Overview tab's data. */
export interface ModuleOverview {
  /** The document id other calls name the module by. */
  docId: string;
  /** File name, URL or example title. */
  name: string;
  /** Bytes in the module. */
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
  /** Sections in file order (as far as they could be read). */
  sections: SectionSummary[];
  /** Null when the module could not be decoded (see `error`). */
  counts: ModuleCounts | null;
  /** `$name` from the name section. */
  moduleName: string | null;
  /** The `producers` section, field by field. */
  producers: { field: string; values: { name: string; version: string }[] }[];
  /** The `target_features` section. */
  targetFeatures: { prefix: string; name: string }[];
  sourceMappingURL: string | null;
  buildId: string | null;
  customSections: CustomSectionSummary[];
  /** Bytes of `.debug_*` (DWARF) sections. */
  debugInfoBytes: number;
  /** The start function, if any. */
  start: number | null;
  /** Why the module could not be decoded (with offset and section), or null. */
  error: RpcErrorData | null;
}

/** The Features tab's data: what the module uses and what this engine runs. */
export interface FeatureSummary {
  /** Proposals used, each with its first byte offset and count. */
  used: FeatureUse[];
  /** Proposals this engine supports (the runtime layer's detection). */
  supported: string[];
  /** Whether this engine validates the module. */
  valid: boolean;
  /**
   * When the engine rejects it: the runtime's `unsupported` message if features are missing,
   * else the engine's own validation message.
   */
  engineMessage: string | null;
  /** Why the features could not be scanned (the decoder's error), or null. */
  error: RpcErrorData | null;
}

/**
 * The Overview tab's data for an open module: sizes, counts, the metadata custom sections, and
 * the decode error when there is one. Costs O(sections + entries), never O(code).
 */
import type { CustomSectionRole, ModuleOverview } from '../../../protocol/decode/index.ts';
import { errorToData } from '../../../protocol/rpc/index.ts';
import { definedFunctionCount, exportCount } from '../../../wasm/index.ts';
import type { OpenModule } from './documents.ts';

/** What a custom section is for, by its name. */
export function customSectionRole(name: string): CustomSectionRole {
  if (name === 'name') return 'names';
  if (name === 'producers') return 'producers';
  if (name === 'target_features') return 'target-features';
  if (name === 'sourceMappingURL' || name === 'external_debug_info') return 'source-map';
  if (name.startsWith('.debug_')) return 'debug-info';
  if (name === 'build_id') return 'build-id';
  if (name === 'dylink' || name === 'dylink.0') return 'dylink';
  return 'other';
}

/** Builds the overview of `doc`, whose bytes hash to `sha256`. */
export function buildOverview(doc: OpenModule, sha256: string): ModuleOverview {
  const { info } = doc;
  const sections = doc.headers.sections;
  const customSections = sections
    .filter((section) => section.id === 0)
    .map((section) => ({
      name: section.name,
      offset: section.offset,
      size: section.size,
      role: customSectionRole(section.name),
    }));
  const error = doc.error
    ? errorToData(doc.error)
    : doc.headers.problem
      ? {
          name: 'WasmDecodeError',
          message: doc.headers.problem.reason,
          offset: doc.headers.problem.offset,
        }
      : null;
  return {
    docId: doc.docId,
    name: doc.name,
    size: doc.bytes.length,
    sha256,
    sections,
    counts: info
      ? {
          types: info.types.length,
          imports: info.imports.length,
          functions: info.importedFuncs + definedFunctionCount(info),
          importedFunctions: info.importedFuncs,
          tables: info.importedTables + info.tables.length,
          memories: info.importedMemories + info.memories.length,
          globals: info.importedGlobals + info.globals.length,
          exports: exportCount(info),
          datas: info.datas.length,
          elems: info.elems.length,
          elemItems: info.elems.reduce((sum, segment) => sum + segment.count, 0),
          tags: info.importedTags + info.tags.length,
          customSections: customSections.length,
        }
      : null,
    moduleName: info?.names.module ?? null,
    producers: info?.producers
      ? [...info.producers.fields].map(([field, values]) => ({ field, values }))
      : [],
    targetFeatures: info?.targetFeatures ?? [],
    sourceMappingURL: info?.sourceMappingURL ?? null,
    buildId: info?.buildId ?? null,
    customSections,
    debugInfoBytes: customSections
      .filter((section) => section.role === 'debug-info')
      .reduce((sum, section) => sum + section.size, 0),
    start: info?.start ?? null,
    error,
  };
}

/** The runtime's extern types as the protocol's plain {@link ExternSummary}. */
import {
  FuncType,
  GlobalType,
  MemoryType,
  TableType,
  TagType,
  type ExternType,
  type Module,
} from '../../../runtime/index.ts';
import { decodeExports, exportCount } from '../../../wasm/index.ts';
import type {
  ExportSummary,
  ExternSummary,
  ImportSummary,
  ModuleSummary,
  WasiUse,
} from '../../../protocol/sandbox/index.ts';

/** The WASI preview 1 import namespace. */
export const WASI_NAMESPACE = 'wasi_snapshot_preview1';

/** The plain description of `ty`. */
export function externSummary(ty: ExternType): ExternSummary {
  if (ty instanceof FuncType)
    return { kind: 'func', params: [...ty.params], results: [...ty.results] };
  if (ty instanceof MemoryType)
    return {
      kind: 'memory',
      initial: ty.initialPages,
      maximum: ty.maximumPages ?? null,
      address: ty.address,
      // A field of the threads work on the runtime; absent (false) where memories are never shared.
      shared: (ty as { shared?: unknown }).shared === true,
    };
  if (ty instanceof TableType)
    return {
      kind: 'table',
      element: ty.element,
      minimum: ty.minimum,
      maximum: ty.maximum ?? null,
      address: ty.address,
    };
  if (ty instanceof GlobalType) return { kind: 'global', content: ty.content, mutable: ty.mutable };
  return { kind: 'tag', params: [...(ty as TagType).params] };
}

/** Everything the panel needs to know about a compiled module. */
export function moduleSummary(module: Module, name: string): ModuleSummary {
  const info = module.info;
  const imports: ImportSummary[] = module.imports().map((imp, index) => ({
    index,
    module: imp.module,
    name: imp.name,
    type: externSummary(imp.type),
  }));
  const funcIndexOf = new Map(
    decodeExports(info, 0, exportCount(info))
      .filter((e) => e.kind === 'func')
      .map((e) => [e.name, e.index]),
  );
  const exports: ExportSummary[] = module.exports().map((exp) => ({
    name: exp.name,
    type: externSummary(exp.type),
    funcIndex: funcIndexOf.get(exp.name) ?? null,
  }));
  let wasi: WasiUse | null = null;
  if (imports.some((imp) => imp.module === WASI_NAMESPACE)) {
    wasi = funcIndexOf.has('_start')
      ? 'command'
      : funcIndexOf.has('_initialize')
        ? 'reactor'
        : 'library';
  }
  const sharedMemory =
    info.memories.some((m) => m.shared) ||
    info.imports.some((imp) => imp.desc.kind === 'memory' && imp.desc.type.shared);
  return { moduleId: module.id, name, imports, exports, wasi, sharedMemory };
}

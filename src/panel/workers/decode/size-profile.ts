/**
 * The size profile (twiggy's `top`): every function body, data and element segment and custom
 * section with the bytes it takes, largest first, filtered by name a window at a time. The
 * order is computed once per module, in typed arrays (a module has hundreds of thousands of
 * functions).
 */
import type { SizeItemKind, SizeRow, SizeWindow } from '../../../protocol/decode/index.ts';
import { definedFunction, definedFunctionCount, type ModuleInfo } from '../../../wasm/index.ts';
import { ModuleDocuments, type OpenModule } from './documents.ts';
import { entityName } from './lists.ts';

const ITEM_KINDS: readonly SizeItemKind[] = ['func', 'data', 'elem', 'custom'];

/** The items of one module, and their order by size. */
interface SizeProfile {
  kinds: Uint8Array;
  indices: Uint32Array;
  sizes: Float64Array;
  offsets: Float64Array;
  /** Item numbers, largest first. */
  order: Uint32Array;
  /** Position of each item in `order`. */
  rank: Uint32Array;
  totals: Record<SizeItemKind, number>;
}

function buildProfile(doc: OpenModule, info: ModuleInfo): SizeProfile {
  const defined = definedFunctionCount(info);
  const customs = doc.headers.sections.filter((section) => section.id === 0);
  const count = defined + info.datas.length + info.elems.length + customs.length;
  const kinds = new Uint8Array(count);
  const indices = new Uint32Array(count);
  const sizes = new Float64Array(count);
  const offsets = new Float64Array(count);
  const totals: Record<SizeItemKind, number> = { func: 0, data: 0, elem: 0, custom: 0 };
  let n = 0;
  const add = (kind: number, index: number, offset: number, size: number): void => {
    kinds[n] = kind;
    indices[n] = index;
    offsets[n] = offset;
    sizes[n] = size;
    totals[ITEM_KINDS[kind]] += size;
    n++;
  };
  for (let i = 0; i < defined; i++) {
    const func = definedFunction(info, info.importedFuncs + i)!;
    add(0, info.importedFuncs + i, func.bodyOffset, func.codeEnd - func.bodyOffset);
  }
  info.datas.forEach((segment, i) =>
    add(1, i, segment.offset, segment.dataOffset + segment.size - segment.offset),
  );
  info.elems.forEach((segment, i) => add(2, i, segment.offset, segment.itemsEnd - segment.offset));
  customs.forEach((section, i) => add(3, i, section.offset, section.size));
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rank = new Uint32Array(count);
  order.forEach((item, i) => (rank[item] = i));
  return { kinds, indices, sizes, offsets, order, rank, totals };
}

function itemName(doc: OpenModule, info: ModuleInfo, kind: SizeItemKind, index: number): string {
  if (kind === 'custom') return doc.headers.sections.filter((s) => s.id === 0)[index]?.name ?? '';
  return entityName(doc, info, kind, index);
}

/** Filtered orders kept per module (the last few queries). */
const FILTER_CACHE_SIZE = 4;

function filtered(
  doc: OpenModule,
  info: ModuleInfo,
  profile: SizeProfile,
  query: string,
): Uint32Array {
  const cache = ModuleDocuments.memo(doc, 'size-filters', () => new Map<string, Uint32Array>());
  const cached = cache.get(query);
  if (cached) return cached;
  const needle = query.toLowerCase();
  const matches: number[] = [];
  for (const item of profile.order) {
    const name = itemName(doc, info, ITEM_KINDS[profile.kinds[item]], profile.indices[item]);
    if (name.toLowerCase().includes(needle)) matches.push(item);
  }
  const result = Uint32Array.from(matches);
  cache.set(query, result);
  if (cache.size > FILTER_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return result;
}

/** Rows `start … start + count - 1` of the size profile of `doc`, filtered by `query`. */
export function sizeWindow(
  doc: OpenModule,
  info: ModuleInfo,
  start: number,
  count: number,
  query: string,
): SizeWindow {
  const profile = ModuleDocuments.memo(doc, 'size-profile', () => buildProfile(doc, info));
  const trimmed = query.trim();
  const order = trimmed === '' ? profile.order : filtered(doc, info, profile, trimmed);
  const rows: SizeRow[] = [];
  for (let i = start; i < Math.min(order.length, start + count); i++) {
    const item = order[i];
    const kind = ITEM_KINDS[profile.kinds[item]];
    rows.push({
      ordinal: profile.rank[item],
      kind,
      index: profile.indices[item],
      name: itemName(doc, info, kind, profile.indices[item]),
      size: profile.sizes[item],
      offset: profile.offsets[item],
    });
  }
  return { total: order.length, moduleSize: doc.bytes.length, totals: profile.totals, rows };
}

/**
 * Who reaches a function (twiggy's `paths`, one level at a time): its callers and `ref.func`
 * uses from the code index, and the module's own references to it (element segments, exports,
 * the start function, global and table initial values), read from the module when asked.
 */
import {
  MAX_REFERRERS,
  type EntityKind,
  type FunctionReferrers,
  type Referrer,
} from '../../../../protocol/decode/index.ts';
import { decodeConstExpr, type ConstExpr, type ModuleInfo } from '../../../../wasm/index.ts';
import { EdgeKind, type CodeIndex } from './code-index.ts';
import { exportsOf } from './module-exports.ts';
import { refFuncTarget } from './module-fields.ts';

/** The display name of an entity. */
export type NameOf = (kind: EntityKind, index: number) => string;

/** Whether constant expression `expr` contains `ref.func func`. */
function exprRefersTo(info: ModuleInfo, expr: ConstExpr, func: number): boolean {
  const simple = refFuncTarget(info.bytes, expr);
  if (simple !== null) return simple === func;
  return decodeConstExpr(info, expr).some(
    (instr) => instr.imm.kind === 'func' && instr.imm.func === func,
  );
}

/** Uses of `func` in element segment `segment`: how many, and the first item's position. */
function elemUses(
  info: ModuleInfo,
  segment: number,
  func: number,
  exprs: (segment: number) => ConstExpr[],
): { items: number; firstItem: number } {
  const elem = info.elems[segment];
  let items = 0;
  let firstItem = -1;
  if (elem.itemKind === 'funcs') {
    const bytes = info.bytes;
    let pos = elem.itemsOffset;
    for (let item = 0; item < elem.count; item++) {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const b = bytes[pos++];
        value += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0 || shift >= 28) break;
      }
      if (value === func) {
        if (items++ === 0) firstItem = item;
      }
    }
  } else {
    exprs(segment).forEach((expr, item) => {
      if (exprRefersTo(info, expr, func) && items++ === 0) firstItem = item;
    });
  }
  return { items, firstItem };
}

/** Callers or `ref.func` users of `func`, grouped by function, most sites first. */
function groupedEdges(
  index: CodeIndex,
  func: number,
  wanted: (kind: number) => boolean,
): { source: number; sites: number; firstSite: number }[] {
  const groups = new Map<number, { source: number; sites: number; firstSite: number }>();
  for (let k = index.inStart[func]; k < index.inStart[func + 1]; k++) {
    const edge = index.inEdge[k];
    if (!wanted(index.edgeKind[edge])) continue;
    const source = index.edgeSource[edge];
    const group = groups.get(source);
    if (group) group.sites++;
    else groups.set(source, { source, sites: 1, firstSite: index.edgeSite[edge] });
  }
  return [...groups.values()].sort((a, b) => b.sites - a.sites || a.source - b.source);
}

/** Everything that reaches function `func`. Throws `RangeError` for an index out of range. */
export function functionReferrers(
  info: ModuleInfo,
  index: CodeIndex,
  func: number,
  nameOf: NameOf,
  elemExprs: (segment: number) => ConstExpr[],
): FunctionReferrers {
  const total = index.imported + index.defined;
  if (func >= total) throw new RangeError(`function ${func} is out of range (${total} functions)`);
  const referrers: Referrer[] = [];

  const calls = groupedEdges(index, func, (k) => k !== EdgeKind.refFunc);
  for (const call of calls.slice(0, MAX_REFERRERS)) {
    referrers.push({
      kind: 'call',
      caller: call.source,
      name: nameOf('func', call.source),
      sites: call.sites,
      firstSite: call.firstSite,
    });
  }
  const refs = groupedEdges(index, func, (k) => k === EdgeKind.refFunc);
  for (const ref of refs.slice(0, MAX_REFERRERS)) {
    referrers.push({
      kind: 'ref-func',
      user: ref.source,
      name: nameOf('func', ref.source),
      sites: ref.sites,
      firstSite: ref.firstSite,
    });
  }
  for (let segment = 0; segment < info.elems.length; segment++) {
    const { items, firstItem } = elemUses(info, segment, func, elemExprs);
    if (items > 0)
      referrers.push({ kind: 'elem', segment, name: nameOf('elem', segment), items, firstItem });
  }
  exportsOf(info).forEach((exp, ordinal) => {
    if (exp.kind === 'func' && exp.index === func)
      referrers.push({ kind: 'export', export: ordinal, name: exp.name });
  });
  if (info.start === func) referrers.push({ kind: 'start' });
  info.globals.forEach((global, i) => {
    if (exprRefersTo(info, global.init, func)) {
      const globalIndex = info.importedGlobals + i;
      referrers.push({ kind: 'global', global: globalIndex, name: nameOf('global', globalIndex) });
    }
  });
  info.tables.forEach((table, i) => {
    if (table.init && exprRefersTo(info, table.init, func)) {
      const tableIndex = info.importedTables + i;
      referrers.push({ kind: 'table', table: tableIndex, name: nameOf('table', tableIndex) });
    }
  });

  const defined = func - index.imported;
  let callees = 0;
  if (defined >= 0) {
    const seen = new Set<number>();
    for (let e = index.edgeStart[defined]; e < index.edgeStart[defined + 1]; e++) {
      if (index.edgeKind[e] !== EdgeKind.refFunc) seen.add(index.edgeTarget[e]);
    }
    callees = seen.size;
  }
  return {
    func,
    name: nameOf('func', func),
    size: defined >= 0 ? index.codeEnds[defined] - index.bodyOffsets[defined] : 0,
    referrers,
    callers: calls.length,
    callSites: calls.reduce((sum, call) => sum + call.sites, 0),
    callees,
  };
}

/**
 * The decode worker's code methods: builds a module's code index and numbered text once (with
 * progress, cancellable), then answers windows of lines, locations and referrers from them.
 */
import type { CodeMethods, CodeSummary } from '../../../protocol/decode/index.ts';
import type { CallContext, ServiceHandlers } from '../../../protocol/rpc/index.ts';
import { decodeElemItems, type ConstExpr, type ModuleInfo } from '../../../wasm/index.ts';
import { CodeDocument, buildCodeIndex, functionReferrers, type CodeIndex } from './code/index.ts';
import { moduleNames, type ModuleNames } from '../../../wasm/print/index.ts';
import { ModuleDocuments, type OpenModule } from './documents.ts';
import { entityName } from './lists.ts';

/** A module's code index and text, once built. */
export interface ModuleCode {
  index: CodeIndex;
  document: CodeDocument;
  summary: CodeSummary;
}

/** An error the panel can act on: the code index is needed and was not built. */
export class CodeIndexMissingError extends Error {
  override readonly name = 'CodeIndexMissingError';
  readonly code = 'code-index-missing';
  constructor(docId: string) {
    super(`the code of module ${docId} is not indexed yet`);
  }
}

const CODE_KEY = 'code';
const BUILDING_KEY = 'code-building';

/** The wasm2wat names of `doc` (computed once). */
export function namesOf(doc: OpenModule, info: ModuleInfo): ModuleNames {
  return ModuleDocuments.memo(doc, 'module-names', () => moduleNames(info));
}

/** The expression items of element segment `segment` (decoded once). */
function elemExprs(doc: OpenModule, info: ModuleInfo, segment: number): ConstExpr[] {
  return ModuleDocuments.memo(doc, `elem-exprs:${segment}`, () =>
    info.elems[segment].itemKind === 'exprs' ? (decodeElemItems(info, segment) as ConstExpr[]) : [],
  );
}

async function build(info: ModuleInfo, call: CallContext): Promise<ModuleCode> {
  const started = performance.now();
  const index = await buildCodeIndex(info, {
    progress: (done, total) => call.progress(done, total * 2, 'Indexing code'),
    checkpoint: () => call.checkpoint(),
  });
  const document = await CodeDocument.build(info, index, {
    progress: (done, total) => call.progress(total + done, total * 2, 'Numbering lines'),
    checkpoint: () => call.checkpoint(),
  });
  const malformed = [...index.malformed].map(([func, error]) => ({
    func,
    message: error.message,
    offset: error.offset,
  }));
  let calls = 0;
  for (const kind of index.edgeKind) if (kind !== 2) calls++;
  return {
    index,
    document,
    summary: {
      totalLines: document.totalLines,
      functions: index.imported + index.defined,
      importedFunctions: index.imported,
      calls,
      refFuncs: index.edgeKind.length - calls,
      malformed: malformed.slice(0, 20),
      malformedCount: malformed.length,
      buildMs: Math.round(performance.now() - started),
    },
  };
}

/**
 * The code of `doc`, built on first call. A build in progress is shared; when another call's
 * build is cancelled, this call starts one of its own.
 */
export async function codeOf(
  doc: OpenModule,
  info: ModuleInfo,
  call: CallContext,
): Promise<ModuleCode> {
  for (;;) {
    const built = doc.cache.get(CODE_KEY) as ModuleCode | undefined;
    if (built) return built;
    let building = doc.cache.get(BUILDING_KEY) as Promise<ModuleCode> | undefined;
    const own = !building;
    if (!building) {
      building = build(info, call).then(
        (code) => {
          doc.cache.set(CODE_KEY, code);
          doc.cache.delete(BUILDING_KEY);
          return code;
        },
        (error: unknown) => {
          doc.cache.delete(BUILDING_KEY);
          throw error;
        },
      );
      doc.cache.set(BUILDING_KEY, building);
    }
    try {
      return await building;
    } catch (error) {
      const cancelled = error instanceof Error && error.name === 'AbortError';
      if (own || !cancelled || call.signal.aborted) throw error;
    }
  }
}

/** The code of `doc`, which must have been built. */
export function readyCode(doc: OpenModule): ModuleCode {
  const code = doc.cache.get(CODE_KEY) as ModuleCode | undefined;
  if (!code) throw new CodeIndexMissingError(doc.docId);
  return code;
}

/** Handlers of {@link CodeMethods}, over `documents`. */
export function createCodeHandlers(documents: ModuleDocuments): ServiceHandlers<CodeMethods> {
  return {
    async codeIndex({ docId }, call) {
      const code = await codeOf(documents.get(docId), documents.info(docId), call);
      return code.summary;
    },
    codeLines({ docId, start, count }) {
      const { document } = readyCode(documents.get(docId));
      return { total: document.totalLines, lines: document.lines(start, count) };
    },
    locate({ docId, target }) {
      return readyCode(documents.get(docId)).document.locate(target);
    },
    referrers({ docId, func }) {
      const doc = documents.get(docId);
      const info = documents.info(docId);
      const { index } = readyCode(doc);
      return functionReferrers(
        info,
        index,
        func,
        (kind, i) => entityName(doc, info, kind, i),
        (segment) => elemExprs(doc, info, segment),
      );
    },
  };
}

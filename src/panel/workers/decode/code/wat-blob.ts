/**
 * The module's text for download, exactly `printModule`'s, built field by field and function
 * by function into a `Blob`: the text is never one string (a 30 MB module's text is hundreds
 * of megabytes), only chunks of a few megabytes that become blob parts as they fill.
 */
import {
  WasmDecodeError,
  decodeElemItems,
  definedFunctionCount,
  printConstExpr,
  printFunction,
  type ConstExpr,
  type ModuleInfo,
} from '../../../../wasm/index.ts';
import type { SliceControl } from './code-index.ts';
import { exportsOf } from './module-exports.ts';
import { malformedFunctionLine } from './function-lines.ts';
import {
  dataHeaderField,
  elemHeaderField,
  elemPrintsAsFunctions,
  exportField,
  globalField,
  importField,
  memoryField,
  refFuncTarget,
  startField,
  tableField,
  tagField,
  typeGroupField,
} from './module-fields.ts';
import {
  escapeBytes,
  escapeName,
  nameOrIndex,
  type ModuleNames,
} from '../../../../wasm/print/index.ts';

/** Characters gathered before they become a blob part. */
const CHUNK_CHARS = 4 * 1024 * 1024;
/** Data bytes escaped at a time. */
const DATA_CHUNK_BYTES = 256 * 1024;
/** Element items written at a time. */
const ELEM_CHUNK_ITEMS = 16_384;

/** Collects text into blob parts a chunk at a time. */
class BlobSink {
  readonly #blobs: Blob[] = [];
  #parts: string[] = [];
  #chars = 0;

  write(text: string): void {
    this.#parts.push(text);
    this.#chars += text.length;
    if (this.#chars >= CHUNK_CHARS) this.flush();
  }

  flush(): void {
    if (this.#parts.length === 0) return;
    this.#blobs.push(new Blob(this.#parts));
    this.#parts = [];
    this.#chars = 0;
  }

  done(): Blob {
    this.flush();
    return new Blob(this.#blobs, { type: 'text/plain;charset=utf-8' });
  }
}

/** Builds the `.wat` of `info` as a `Blob`, reporting progress per field and function. */
export async function watBlob(
  info: ModuleInfo,
  names: ModuleNames,
  control: SliceControl,
): Promise<Blob> {
  const sink = new BlobSink();
  const exports = exportsOf(info);
  const defined = definedFunctionCount(info);
  const total =
    info.recGroups.length +
    info.imports.length +
    defined +
    info.tables.length +
    info.memories.length +
    info.tags.length +
    info.globals.length +
    exports.length +
    info.elems.length +
    info.datas.length;
  let done = 0;
  let sliceStart = performance.now();
  const step = async (): Promise<void> => {
    done++;
    if (performance.now() - sliceStart > 12) {
      control.progress(done, total);
      await control.checkpoint();
      sliceStart = performance.now();
    }
  };
  const field = async (text: string): Promise<void> => {
    sink.write('\n  ');
    sink.write(text);
    await step();
  };

  sink.write(info.names.module ? `(module ${escapeName(`$${info.names.module}`)}` : '(module');
  for (let g = 0; g < info.recGroups.length; g++) await field(typeGroupField(info, names, g).text);
  const nextOfKind = { func: 0, table: 0, memory: 0, global: 0, tag: 0 };
  for (let i = 0; i < info.imports.length; i++) {
    const kind = info.imports[i].desc.kind;
    await field(importField(info, names, i, nextOfKind[kind]++).text);
  }
  for (let i = 0; i < defined; i++) {
    const func = info.importedFuncs + i;
    let text: string;
    try {
      text = printFunction(info, func);
    } catch (error) {
      if (!(error instanceof WasmDecodeError)) throw error;
      text = malformedFunctionLine(names, func, error).text.trimStart();
    }
    await field(text);
  }
  for (let i = 0; i < info.tables.length; i++) await field(tableField(info, names, i).text);
  for (let i = 0; i < info.memories.length; i++) await field(memoryField(info, names, i).text);
  for (let i = 0; i < info.tags.length; i++) await field(tagField(info, names, i).text);
  for (let i = 0; i < info.globals.length; i++) await field(globalField(info, names, i).text);
  for (const exp of exports) await field(exportField(info, names, exp).text);
  if (info.start !== undefined) {
    sink.write('\n  ');
    sink.write(startField(info, names, info.start).text);
  }
  for (let i = 0; i < info.elems.length; i++) {
    await writeElem(info, names, i, sink, control);
    await step();
  }
  for (let i = 0; i < info.datas.length; i++) {
    const segment = info.datas[i];
    sink.write('\n  ');
    sink.write(dataHeaderField(info, names, i).text);
    sink.write(' "');
    const end = segment.dataOffset + segment.size;
    for (let at = segment.dataOffset; at < end; at += DATA_CHUNK_BYTES) {
      sink.write(escapeBytes(info.bytes, at, Math.min(end, at + DATA_CHUNK_BYTES)));
      await control.checkpoint();
    }
    sink.write('")');
    await step();
  }
  sink.write(')');
  control.progress(total, total);
  return sink.done();
}

async function writeElem(
  info: ModuleInfo,
  names: ModuleNames,
  index: number,
  sink: BlobSink,
  control: SliceControl,
): Promise<void> {
  const segment = info.elems[index];
  const items = decodeElemItems(info, index);
  const exprs = (): ConstExpr[] => (segment.itemKind === 'exprs' ? (items as ConstExpr[]) : []);
  const asFunctions = elemPrintsAsFunctions(info, segment, exprs);
  sink.write('\n  ');
  sink.write(elemHeaderField(info, names, index, asFunctions).text);
  let chunk = '';
  for (let item = 0; item < items.length; item++) {
    const value = items[item];
    if (asFunctions) {
      const func = typeof value === 'number' ? value : (refFuncTarget(info.bytes, value) ?? 0);
      chunk += ` ${nameOrIndex(names.funcs, func)}`;
    } else {
      chunk += ` ${printConstExpr(info, value as ConstExpr)}`;
    }
    if (item % ELEM_CHUNK_ITEMS === ELEM_CHUNK_ITEMS - 1) {
      sink.write(chunk);
      chunk = '';
      await control.checkpoint();
    }
  }
  sink.write(`${chunk})`);
}

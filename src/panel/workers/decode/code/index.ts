/**
 * The code view's side of the decode worker: the code index (one walk of the code), the
 * module's text as a numbered virtual document, who reaches a function, and the `.wat` text
 * for download.
 */
export {
  BR_TABLE_TARGETS_PER_LINE,
  EdgeKind,
  buildCodeIndex,
  type CodeIndex,
  type SliceControl,
} from './code-index.ts';
export { CodeDocument, DATA_BYTES_PER_LINE, ELEM_ITEMS_PER_LINE } from './code-document.ts';
export { exportsOf } from './module-exports.ts';
export { WRAP_CHARS, type DocLine } from './doc-line.ts';
export { functionLines } from './function-lines.ts';
export { functionReferrers, type NameOf } from './referrers.ts';
export { lexLine } from './tokens.ts';
export { watBlob } from './wat-blob.ts';

/**
 * Files the user opens (the Open button, or dropped anywhere on the panel): a binary module
 * opens in the explorer; text goes to whoever takes text (the WAT editor). Decided by the
 * bytes (the `\0asm` magic), not the name, so a `.bin` module or an extension-less WAT works.
 */
import type { DocumentsState } from '../documents/index.ts';

/** Where text files go; the editor area registers itself here. */
export interface TextFileSink {
  openText(text: string, fileName: string): void;
}

/** Whether `bytes` start with the WebAssembly magic number. */
export function isWasmBinary(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0 &&
    bytes[1] === 0x61 &&
    bytes[2] === 0x73 &&
    bytes[3] === 0x6d
  );
}

/** The text of `bytes` when they are UTF-8 text (valid, with no NUL byte); else null. */
export function textOf(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Why a file could not be opened, for the panel to show. */
export class FileOpenError extends Error {
  override readonly name = 'FileOpenError';
}

/**
 * Opens each of `files`: modules in the explorer, text in `sink` (if given). Throws a
 * {@link FileOpenError} for a file that is neither (an image, say), after opening the others
 * before it.
 */
export async function openFiles(
  files: Iterable<File>,
  documents: DocumentsState,
  sink: TextFileSink | null,
): Promise<void> {
  for (const file of files) {
    const buffer = await file.arrayBuffer();
    if (isWasmBinary(new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength)))) {
      documents.open(buffer, file.name, { kind: 'file', fileName: file.name });
      continue;
    }
    const text = sink ? textOf(new Uint8Array(buffer)) : null;
    if (sink && text !== null) sink.openText(text, file.name);
    else
      throw new FileOpenError(
        `${file.name} is not a WebAssembly module (no \\0asm header)${sink ? ' nor text' : ''}`,
      );
  }
}

import { describe, expect, it, vi } from 'vitest';
import {
  FileOpenError,
  openFiles,
  textOf,
  type DocumentsState,
} from '../../../../src/panel/state/index.ts';

function fakeDocuments(): DocumentsState & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    open: vi.fn((_bytes: ArrayBuffer, title: string) => {
      opened.push(title);
      return {} as ReturnType<DocumentsState['open']>;
    }),
  } as unknown as DocumentsState & { opened: string[] };
}

describe('opening files', () => {
  const wasm = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

  it('opens modules by their bytes and sends text to the editor, whatever the names', async () => {
    const documents = fakeDocuments();
    const sink = { openText: vi.fn() };
    await openFiles(
      [new File([wasm], 'module.bin'), new File(['(module)'], 'no-extension')],
      documents,
      sink,
    );
    expect(documents.opened).toEqual(['module.bin']);
    expect(sink.openText).toHaveBeenCalledWith('(module)', 'no-extension');
  });

  it('refuses a file that is neither, naming it', async () => {
    const sink = { openText: vi.fn() };
    await expect(
      openFiles(
        [new File([new Uint8Array([0xff, 0xd8, 0xff, 0])], 'photo.jpg')],
        fakeDocuments(),
        sink,
      ),
    ).rejects.toThrow(FileOpenError);
    expect(sink.openText).not.toHaveBeenCalled();
  });

  it('tells text from binary: valid UTF-8 without NUL bytes', () => {
    expect(textOf(new TextEncoder().encode('(module) ;; é'))).toBe('(module) ;; é');
    expect(textOf(new Uint8Array([0x28, 0, 0x29]))).toBeNull();
    expect(textOf(new Uint8Array([0xc3, 0x28]))).toBeNull();
  });
});

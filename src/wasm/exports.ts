/**
 * The export section, checked eagerly and built lazily: decoding verifies every entry (names
 * in bounds and valid UTF-8, known kinds, indices well formed) and records where each starts;
 * `ModuleInfo.exports` is built on first read. Modules with 65,000 exports are real.
 */
import { attachLazy } from './lazy-property.ts';
import { ByteReader } from './reader.ts';
import type { ExportInfo, ExternalKind, ModuleInfo } from './types.ts';

const EXTERNAL_KINDS: readonly ExternalKind[] = ['func', 'table', 'memory', 'global', 'tag'];

/** Checks the export section (`r` spans its payload) and returns each entry's offset. */
export function scanExportSection(r: ByteReader): Uint32Array {
  const count = r.count('export', 3);
  const offsets = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    offsets[i] = r.pos;
    skipName(r);
    readKind(r);
    r.u32();
  }
  return offsets;
}

/** Makes `info.exports` the entries at `offsets`, built on first read. */
export function attachExports(info: ModuleInfo, offsets: Uint32Array): void {
  attachLazy(info, 'exports', () => {
    const r = new ByteReader(info.bytes);
    r.section = 'export';
    const exports: ExportInfo[] = [];
    for (const offset of offsets) {
      r.pos = offset;
      const name = r.name();
      const kind = readKind(r);
      exports.push({ name, kind, index: r.u32(), offset });
    }
    return exports;
  });
}

function readKind(r: ByteReader): ExternalKind {
  const kindOffset = r.pos;
  const kind = EXTERNAL_KINDS[r.u8()];
  if (kind === undefined) r.fail('malformed export kind', kindOffset);
  return kind;
}

/** Skips a name after checking it; only a non-ASCII name is decoded (to check its UTF-8). */
function skipName(r: ByteReader): void {
  const start = r.pos;
  const length = r.u32();
  if (length > r.remaining)
    r.fail(`name length ${length} exceeds the ${r.remaining} bytes left`, start);
  const bytes = r.bytes;
  const end = r.pos + length;
  for (let i = r.pos; i < end; i++) {
    if (bytes[i] >= 0x80) {
      r.pos = start;
      r.name();
      return;
    }
  }
  r.pos = end;
}

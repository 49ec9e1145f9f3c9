/**
 * The export section, checked eagerly and read on demand: decoding verifies every entry (names
 * in bounds and valid UTF-8, known kinds, indices well formed) and records where each starts
 * (`ModuleInfo.exportOffsets`); `decodeExports` builds entries when asked, as many as asked.
 * Modules with 65,000 exports are real.
 */
import { checkWindow } from '../code/index.ts';
import { ByteReader } from '../binary/index.ts';
import type { ExportInfo, ExternalKind, ModuleInfo } from '../types.ts';

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

/** The number of exports of `info`. Never fails. */
export function exportCount(info: ModuleInfo): number {
  return info.exportOffsets.length;
}

/**
 * Decodes the exports of `info` from position `from` (0 is the first export), `count` of them
 * (by default all the rest): a window of a long list costs only the entries in it. Positions
 * past the end are left out. Each call builds new objects, so keep what you read more than
 * once. Throws `RangeError` for a negative or fractional `from` or `count`.
 *
 * @example
 * const names = decodeExports(info).map((e) => e.name);
 * const page = decodeExports(info, 200, 100); // exports 200 to 299
 */
export function decodeExports(info: ModuleInfo, from = 0, count = Infinity): ExportInfo[] {
  checkWindow(from, count);
  const offsets = info.exportOffsets;
  const to = Math.min(offsets.length, from + count);
  const r = new ByteReader(info.bytes);
  r.section = 'export';
  const exports: ExportInfo[] = [];
  for (let i = from; i < to; i++) {
    const offset = offsets[i];
    r.pos = offset;
    const name = r.name();
    const kind = readKind(r);
    exports.push({ name, kind, index: r.u32(), offset });
  }
  return exports;
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

/**
 * Reads a module's section headers without decoding any payload, and without giving up at the
 * first problem: a truncated or malformed module still shows the sections before the damage.
 * `decodeModule` is the authority on validity; this is only what the overview can still say.
 */
import type { SectionSummary } from '../../../protocol/decode/index.ts';

const SECTION_KINDS = [
  'custom',
  'type',
  'import',
  'function',
  'table',
  'memory',
  'global',
  'export',
  'start',
  'elem',
  'code',
  'data',
  'datacount',
  'tag',
];

/** The readable sections and, when reading stopped early, why and where. */
export interface SectionHeaders {
  sections: SectionSummary[];
  problem: { reason: string; offset: number } | null;
}

function readU32(bytes: Uint8Array, pos: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (pos + i >= bytes.length) return null;
    const b = bytes[pos + i];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return null;
}

function customName(bytes: Uint8Array, pos: number, end: number): string {
  const length = readU32(bytes, pos);
  if (!length || length.next + length.value > end) return '';
  return new TextDecoder('utf-8', { fatal: false }).decode(
    bytes.subarray(length.next, length.next + length.value),
  );
}

/** Lists the sections of `bytes` as far as their headers can be read. */
export function readSectionHeaders(bytes: Uint8Array): SectionHeaders {
  const sections: SectionSummary[] = [];
  if (
    bytes.length < 8 ||
    bytes[0] !== 0 ||
    bytes[1] !== 0x61 ||
    bytes[2] !== 0x73 ||
    bytes[3] !== 0x6d
  ) {
    return { sections, problem: { reason: 'magic header not detected', offset: 0 } };
  }
  let pos = 8;
  while (pos < bytes.length) {
    const offset = pos;
    const id = bytes[pos];
    const size = readU32(bytes, pos + 1);
    if (!size) return { sections, problem: { reason: 'section size cut off', offset } };
    const end = size.next + size.value;
    if (end > bytes.length) {
      return {
        sections,
        problem: {
          reason: `section ${SECTION_KINDS[id] ?? id} needs ${size.value} bytes, ${bytes.length - size.next} remain`,
          offset,
        },
      };
    }
    const kind = SECTION_KINDS[id] ?? `unknown(${id})`;
    sections.push({
      id,
      kind,
      name: id === 0 ? customName(bytes, size.next, end) : kind,
      offset,
      size: end - offset,
      payloadSize: size.value,
    });
    pos = end;
  }
  return { sections, problem: null };
}

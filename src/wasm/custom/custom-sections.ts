/**
 * Well-known custom sections besides `name`: `producers`, `target_features`,
 * `sourceMappingURL`, `build_id`, `dylink.0` / legacy `dylink`, and DWARF `.debug_*`.
 *
 * Custom sections are advisory: a malformed one is left out of `ModuleInfo` (it is still
 * listed in `customSections`) instead of failing the module, as engines do.
 */
import { WasmDecodeError, ByteReader } from '../binary/index.ts';
import { readNameSection } from './name-section.ts';
import type {
  CustomSectionInfo,
  DylinkInfo,
  ModuleInfo,
  ProducersInfo,
  TargetFeatureInfo,
} from '../types.ts';

/** Interprets a custom section whose name has been read; `r` spans the rest of its payload. */
export function readCustomSection(
  r: ByteReader,
  info: ModuleInfo,
  section: CustomSectionInfo,
): void {
  info.customSections.push(section);
  if (section.name.startsWith('.debug_')) {
    info.debugSections.push(section);
    return;
  }
  if (section.name === 'name') {
    readNameSection(r, info.names);
    return;
  }
  try {
    switch (section.name) {
      case 'producers':
        info.producers = readProducers(r);
        break;
      case 'target_features':
        info.targetFeatures = readTargetFeatures(r);
        break;
      case 'sourceMappingURL':
        info.sourceMappingURL = r.name();
        break;
      case 'build_id':
        info.buildId = toHex(r.bytesView(r.count('build id byte', 1)));
        break;
      case 'dylink.0':
        info.dylink = readDylink0(r);
        break;
      case 'dylink':
        info.dylink = readLegacyDylink(r);
        break;
    }
  } catch (error) {
    if (!(error instanceof WasmDecodeError)) throw error;
  }
}

function readProducers(r: ByteReader): ProducersInfo {
  const fields = new Map<string, { name: string; version: string }[]>();
  const fieldCount = r.count('producers field', 2);
  for (let i = 0; i < fieldCount; i++) {
    const field = r.name();
    const valueCount = r.count('producers value', 2);
    const values: { name: string; version: string }[] = [];
    for (let j = 0; j < valueCount; j++) {
      const name = r.name();
      values.push({ name, version: r.name() });
    }
    fields.set(field, values);
  }
  return { fields };
}

function readTargetFeatures(r: ByteReader): TargetFeatureInfo[] {
  const count = r.count('target feature', 2);
  const features: TargetFeatureInfo[] = [];
  for (let i = 0; i < count; i++) {
    const prefix = String.fromCharCode(r.u8());
    features.push({ prefix, name: r.name() });
  }
  return features;
}

/** Subsection ids of `dylink.0`. */
const MEM_INFO = 1;
const NEEDED = 2;
const EXPORT_INFO = 3;
const IMPORT_INFO = 4;

function emptyDylink(): DylinkInfo {
  return {
    memorySize: 0,
    memoryAlignment: 0,
    tableSize: 0,
    tableAlignment: 0,
    neededDynlibs: [],
    exportInfo: [],
    importInfo: [],
  };
}

function readDylink0(r: ByteReader): DylinkInfo {
  const dylink = emptyDylink();
  while (!r.atEnd) {
    const id = r.u8();
    const size = r.u32();
    if (size > r.remaining) r.fail(`dylink.0 subsection size ${size} exceeds the section`);
    const sub = new ByteReader(r.bytes, r.pos, r.pos + size);
    sub.section = r.section;
    switch (id) {
      case MEM_INFO:
        readMemInfo(sub, dylink);
        break;
      case NEEDED:
        dylink.neededDynlibs.push(...readNames(sub));
        break;
      case EXPORT_INFO: {
        const count = sub.count('dylink export', 2);
        for (let i = 0; i < count; i++) {
          const name = sub.name();
          dylink.exportInfo.push({ name, flags: sub.u32() });
        }
        break;
      }
      case IMPORT_INFO: {
        const count = sub.count('dylink import', 3);
        for (let i = 0; i < count; i++) {
          const module = sub.name();
          const field = sub.name();
          dylink.importInfo.push({ module, field, flags: sub.u32() });
        }
        break;
      }
      default:
        sub.pos = sub.end;
    }
    if (!sub.atEnd) sub.fail(`dylink.0 subsection ${id} size mismatch`);
    r.pos += size;
  }
  return dylink;
}

function readMemInfo(r: ByteReader, into: DylinkInfo): void {
  into.memorySize = r.u32();
  into.memoryAlignment = r.u32();
  into.tableSize = r.u32();
  into.tableAlignment = r.u32();
}

/** The pre-2021 `dylink` section: mem-info fields then the needed libraries, no subsections. */
function readLegacyDylink(r: ByteReader): DylinkInfo {
  const dylink = emptyDylink();
  readMemInfo(r, dylink);
  dylink.neededDynlibs = readNames(r);
  return dylink;
}

function readNames(r: ByteReader): string[] {
  const count = r.count('name', 1);
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(r.name());
  return names;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The Features tab's data: the proposals a module uses (the decoder's scan) against what this
 * engine runs (the runtime layer's detection), and what the engine says when it refuses it.
 */
import type { FeatureSummary } from '../../../protocol/decode/index.ts';
import { errorToData } from '../../../protocol/rpc/index.ts';
import {
  missingFeatures,
  supportedFeatures,
  unsupportedFeaturesMessage,
} from '../../../runtime/index.ts';
import { scanFeatures } from '../../../wasm/index.ts';
import { ModuleDocuments, type OpenModule } from './documents.ts';

async function engineVerdict(
  bytes: Uint8Array,
  used: FeatureSummary['used'],
): Promise<string | null> {
  const missing = missingFeatures(used.map((use) => use.feature));
  if (missing.length > 0) return unsupportedFeaturesMessage(missing);
  try {
    // Only reached when validate() said no: the compile error carries the engine's reason.
    await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Scans `doc` (once) and asks the engine whether it runs it. */
export async function featureSummary(doc: OpenModule): Promise<FeatureSummary> {
  const supported = [...supportedFeatures()];
  if (!doc.info) {
    return {
      used: [],
      supported,
      valid: false,
      engineMessage: null,
      error: doc.error ? errorToData(doc.error) : null,
    };
  }
  const info = doc.info;
  let used: FeatureSummary['used'];
  try {
    used = ModuleDocuments.memo(doc, 'features', () => scanFeatures(info).used);
  } catch (error) {
    return { used: [], supported, valid: false, engineMessage: null, error: errorToData(error) };
  }
  const valid = WebAssembly.validate(doc.bytes as Uint8Array<ArrayBuffer>);
  return {
    used,
    supported,
    valid,
    engineMessage: valid ? null : await engineVerdict(doc.bytes, used),
    error: null,
  };
}

/**
 * A small module with every kind of payload a skeleton leaves out (see `payloads.wat`), made
 * large enough by a `.debug_info` section for its skeleton to be worth sending, and a helper
 * that squeezes a module to its skeleton in one go.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { squeezeModule } from '../../src/protocol/index.ts';
import { customSection, name, vec } from './binary-writer.ts';
import { watToWasm } from './wat.ts';

/** Bytes of the `.debug_info` section's payload after its name. */
export const DEBUG_INFO_BYTES = 9000;

/** `payloads.wat` with a `producers` section and a large `.debug_info` section appended. */
export async function payloadsModule(): Promise<Uint8Array> {
  const text = readFileSync(join(import.meta.dirname, 'payloads.wat'), 'utf8');
  const assembled = await watToWasm(text);
  const producers = customSection(
    'producers',
    vec([[...name('language'), ...vec([[...name('Rust'), ...name('1.80')]])]]),
  );
  const debugInfo = customSection(
    '.debug_info',
    Array.from({ length: DEBUG_INFO_BYTES }, (_, i) => i % 251),
  );
  return new Uint8Array([...assembled, ...producers, ...debugInfo]);
}

/** The skeleton of `bytes`, whatever their size (null when it would save too little). */
export function skeletonOf(bytes: Uint8Array, minModuleBytes = 0): Uint8Array | null {
  const work = squeezeModule(bytes, { minModuleBytes });
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

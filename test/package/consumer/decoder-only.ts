/** Uses one decoder export: a bundle of this must leave the printers and the runtime out. */
import { decodeModule } from 'wasm-layer-devtools/wasm';

/** How many sections `bytes` has. */
export function sectionCount(bytes: Uint8Array): number {
  return decodeModule(bytes).sections.length;
}

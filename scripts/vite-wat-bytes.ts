/**
 * A Vite plugin that assembles a `.wat` file at build time: `import bytes from './x.wat?bytes'`
 * gives the module's bytes as a `Uint8Array` (wabt.js, every feature on), so a page can ship
 * a module written as text in the repository without shipping an assembler.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';
import initWabt from 'wabt';

const SUFFIX = '.wat?bytes';

const FEATURES = {
  bulk_memory: true,
  multi_memory: true,
  memory64: true,
  mutable_globals: true,
  sign_extension: true,
  sat_float_to_int: true,
  multi_value: true,
  reference_types: true,
  simd: true,
  threads: true,
};

/** The plugin. */
export function watBytes(): Plugin {
  return {
    name: 'wat-bytes',
    load: {
      // A filter keeps the bundler from calling into JavaScript for every other module.
      filter: { id: /\.wat\?bytes$/ },
      async handler(id) {
        if (!id.endsWith(SUFFIX)) return null;
        const file = id.slice(0, -'?bytes'.length);
        this.addWatchFile(file);
        const wabt = await initWabt();
        const module = wabt.parseWat(file, await readFile(file, 'utf8'), FEATURES);
        try {
          module.resolveNames();
          (module.validate as (features: typeof FEATURES) => void)(FEATURES);
          const { buffer } = module.toBinary({ write_debug_names: true });
          return `export default new Uint8Array([${Array.from(buffer).join(',')}]);`;
        } finally {
          module.destroy();
        }
      },
    },
  };
}

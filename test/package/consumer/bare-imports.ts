/** Imports both entries for nothing: a bundle of this must come out empty. */
import 'wasm-layer-devtools/runtime';
import 'wasm-layer-devtools/wasm';

/** A `.wat` file assembled at build time (see scripts/vite-wat-bytes.ts). */
declare module '*.wat?bytes' {
  const bytes: Uint8Array;
  export default bytes;
}

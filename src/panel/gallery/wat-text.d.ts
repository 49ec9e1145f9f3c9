/** A `.wat` file imported as text (Vite's `?raw`): the gallery's examples. */
declare module '*.wat?raw' {
  const text: string;
  export default text;
}

/**
 * The one error type of the decoder. Every malformed input ends in a `WasmDecodeError`; any
 * other exception escaping `src/wasm` is a bug.
 */
export class WasmDecodeError extends Error {
  override readonly name = 'WasmDecodeError';
  /** Byte offset in the module where the problem was found. */
  readonly offset: number;
  /** The section being read when the problem was found, when known (e.g. `"code"`, `"custom:name"`). */
  readonly section: string | undefined;
  /** The message without the offset and section prefix. */
  readonly reason: string;

  constructor(reason: string, offset: number, section?: string) {
    const where = section === undefined ? '' : ` in ${section} section`;
    super(`${reason} (at byte 0x${offset.toString(16)}${where})`);
    this.offset = offset;
    this.section = section;
    this.reason = reason;
  }
}

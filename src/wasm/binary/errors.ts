/**
 * The one error type of the decoder. Every malformed input ends in a `WasmDecodeError`; any
 * other exception escaping `src/wasm` is a bug.
 */
export class WasmDecodeError extends Error {
  /** Always `'WasmDecodeError'`, so the kind survives where `instanceof` does not (across realms). */
  override readonly name = 'WasmDecodeError';
  /** Byte offset in the module where the problem was found. */
  readonly offset: number;
  /** The section being read when the problem was found, when known (e.g. `"code"`, `"custom:name"`). */
  readonly section: string | undefined;
  /** The message without the offset and section prefix. */
  readonly reason: string;

  /**
   * Makes the error; its message is `reason` followed by the offset in hex and the section,
   * e.g. `unexpected end (at byte 0x1f in code section)`.
   */
  constructor(reason: string, offset: number, section?: string) {
    const where = section === undefined ? '' : ` in ${section} section`;
    super(`${reason} (at byte 0x${offset.toString(16)}${where})`);
    this.offset = offset;
    this.section = section;
    this.reason = reason;
  }
}

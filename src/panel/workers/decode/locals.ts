/**
 * Counts a function's locals from its local declarations without decoding its body: a list
 * row needs the number, not the instructions (a body can be megabytes).
 */

function readU32(bytes: Uint8Array, pos: number, end: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 5 && pos < end; i++) {
    const b = bytes[pos++];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return [value, pos];
  }
  return [-1, pos];
}

/**
 * The number of locals declared at `codeOffset` (params excluded), or -1 when the
 * declarations are malformed (the code view then shows the decoder's error).
 */
export function countLocals(bytes: Uint8Array, codeOffset: number, codeEnd: number): number {
  let [groups, pos] = readU32(bytes, codeOffset, codeEnd);
  if (groups < 0) return -1;
  let total = 0;
  while (groups-- > 0) {
    const [count, next] = readU32(bytes, pos, codeEnd);
    if (count < 0 || next >= codeEnd) return -1;
    total += count;
    const type = bytes[next];
    pos = next + 1;
    // (ref null ht) and (ref ht) carry a heap type: an s33 LEB.
    if (type === 0x63 || type === 0x64) {
      while (pos < codeEnd && bytes[pos] & 0x80) pos++;
      pos++;
    }
  }
  return total;
}

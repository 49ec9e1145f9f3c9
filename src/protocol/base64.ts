/**
 * Base64 for binary payloads. Chrome's extension messaging serialises to JSON, where base64
 * costs 4/3 of the bytes while a number array would cost about 3.5×. The engine's own
 * `Uint8Array#toBase64`/`Uint8Array.fromBase64` are used where they exist (much faster).
 */

const SLICE = 0x8000;

interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeBase64Constructor {
  fromBase64?: (text: string) => Uint8Array;
}

const nativeToBase64 = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFromBase64 = (Uint8Array as NativeBase64Constructor).fromBase64;

/** Encodes bytes as standard base64 (with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE) {
    // fromCharCode with a spread slice avoids one string concatenation per byte.
    binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  }
  return btoa(binary);
}

/** Decodes standard base64; throws on malformed input. */
export function base64ToBytes(text: string): Uint8Array {
  if (nativeFromBase64) return nativeFromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

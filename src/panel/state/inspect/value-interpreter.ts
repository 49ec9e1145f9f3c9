/**
 * The value inspector's arithmetic, as Chrome's Linear Memory Inspector has it: the bytes at
 * the cursor read as every integer width (signed and unsigned), f32, f64 and 32/64-bit
 * pointers, little or big endian, integers in decimal or hex, floats in decimal or
 * scientific notation. Pure functions over at most 8 bytes; a type whose bytes run past the
 * memory's end has no value.
 */

/** Byte order. */
export type Endianness = 'little' | 'big';

/** How an integer is written. */
export type IntegerFormat = 'dec' | 'hex';
/** How a float is written. */
export type FloatFormat = 'dec' | 'sci';

/** A value type the inspector shows. */
export type ValueTypeId =
  'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'ptr32' | 'ptr64';

/** One row of the inspector. */
export interface InterpretedValue {
  type: ValueTypeId;
  /** `Integer 32-bit signed`, as a heading. */
  title: string;
  /** Bytes it takes. */
  size: number;
  /** The value written out, or null when its bytes run past the end. */
  text: string | null;
  /** For pointers: the address it holds, when that is inside the memory. */
  target?: number | null;
}

/** Options of {@link interpretValues}. */
export interface InterpretOptions {
  endianness: Endianness;
  integerFormat: IntegerFormat;
  floatFormat: FloatFormat;
  /** The memory's size: a pointer beyond it cannot be followed. */
  memoryLength: number;
}

/** Every type, in the order the inspector lists them. */
export const VALUE_TYPES: readonly { type: ValueTypeId; title: string; size: number }[] = [
  { type: 'i8', title: 'Integer 8-bit signed', size: 1 },
  { type: 'u8', title: 'Integer 8-bit unsigned', size: 1 },
  { type: 'i16', title: 'Integer 16-bit signed', size: 2 },
  { type: 'u16', title: 'Integer 16-bit unsigned', size: 2 },
  { type: 'i32', title: 'Integer 32-bit signed', size: 4 },
  { type: 'u32', title: 'Integer 32-bit unsigned', size: 4 },
  { type: 'i64', title: 'Integer 64-bit signed', size: 8 },
  { type: 'u64', title: 'Integer 64-bit unsigned', size: 8 },
  { type: 'f32', title: 'Float 32-bit', size: 4 },
  { type: 'f64', title: 'Float 64-bit', size: 8 },
  { type: 'ptr32', title: 'Pointer 32-bit', size: 4 },
  { type: 'ptr64', title: 'Pointer 64-bit', size: 8 },
];

function integerText(value: bigint, format: IntegerFormat): string {
  if (format === 'dec') return value.toString();
  return value < 0n ? `-0x${(-value).toString(16)}` : `0x${value.toString(16)}`;
}

/** A float as the inspector writes it (`NaN` with its payload bits, `-0`, `Infinity`). */
export function floatText(value: number, format: FloatFormat, bits?: bigint): string {
  if (Number.isNaN(value)) return bits === undefined ? 'NaN' : `NaN (0x${bits.toString(16)})`;
  if (Object.is(value, -0)) return '-0';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (format === 'sci') return value.toExponential();
  return String(value);
}

/**
 * Reads the values at `bytes[0…]` (the bytes at the cursor; fewer than 8 near the end of
 * memory) under `options`.
 */
export function interpretValues(bytes: Uint8Array, options: InterpretOptions): InterpretedValue[] {
  const little = options.endianness === 'little';
  const scratch = new Uint8Array(8);
  scratch.set(bytes.subarray(0, 8));
  const view = new DataView(scratch.buffer);
  return VALUE_TYPES.map(({ type, title, size }) => {
    if (bytes.length < size) return { type, title, size, text: null };
    switch (type) {
      case 'i8':
        return {
          type,
          title,
          size,
          text: integerText(BigInt(view.getInt8(0)), options.integerFormat),
        };
      case 'u8':
        return {
          type,
          title,
          size,
          text: integerText(BigInt(view.getUint8(0)), options.integerFormat),
        };
      case 'i16':
        return {
          type,
          title,
          size,
          text: integerText(BigInt(view.getInt16(0, little)), options.integerFormat),
        };
      case 'u16':
        return {
          type,
          title,
          size,
          text: integerText(BigInt(view.getUint16(0, little)), options.integerFormat),
        };
      case 'i32':
        return {
          type,
          title,
          size,
          text: integerText(BigInt(view.getInt32(0, little)), options.integerFormat),
        };
      case 'u32':
        return {
          type,
          title,
          size,
          text: integerText(BigInt(view.getUint32(0, little)), options.integerFormat),
        };
      case 'i64':
        return {
          type,
          title,
          size,
          text: integerText(view.getBigInt64(0, little), options.integerFormat),
        };
      case 'u64':
        return {
          type,
          title,
          size,
          text: integerText(view.getBigUint64(0, little), options.integerFormat),
        };
      case 'f32':
        return {
          type,
          title,
          size,
          text: floatText(
            view.getFloat32(0, little),
            options.floatFormat,
            BigInt(view.getUint32(0, little)),
          ),
        };
      case 'f64':
        return {
          type,
          title,
          size,
          text: floatText(
            view.getFloat64(0, little),
            options.floatFormat,
            view.getBigUint64(0, little),
          ),
        };
      case 'ptr32':
      case 'ptr64': {
        const address =
          type === 'ptr32' ? BigInt(view.getUint32(0, little)) : view.getBigUint64(0, little);
        const inside = address < BigInt(options.memoryLength);
        return {
          type,
          title,
          size,
          text: `0x${address.toString(16).padStart(type === 'ptr32' ? 8 : 16, '0')}`,
          target: inside ? Number(address) : null,
        };
      }
    }
  });
}

/**
 * Sizes and indices of memories and tables at the JS API. The layer's API takes numbers for
 * both address types; the JS API wants BigInts (its `AddressValue`) for a 64-bit memory or
 * table, and only an engine with memory64 has those. Wraps no JS API object.
 */
import { LayerError } from './errors.ts';
import { supportedFeatures, unsupportedFeaturesMessage } from './features/index.ts';
import type { AddressType } from './types.ts';

/** @internal Fails with `unsupported` (the feature list) for i64 when the engine lacks memory64. */
export function checkAddressSupported(address: AddressType, label: string): void {
  if (address === 'i64' && !supportedFeatures().has('memory64')) {
    throw new LayerError('unsupported', `${label}: ${unsupportedFeaturesMessage(['memory64'])}`);
  }
}

/** @internal `n` (a whole number) as the JS API wants a size or index for `address`. */
export function jsAddress(address: AddressType, n: number): number {
  return address === 'i64' ? (BigInt(n) as unknown as number) : n;
}

/** @internal The limits of a JS API memory or table descriptor. */
export function limitsDescriptor(
  address: AddressType,
  initial: number,
  maximum: number | undefined,
): { initial: number; maximum?: number; address?: AddressType } {
  return {
    initial: jsAddress(address, initial),
    ...(maximum === undefined ? {} : { maximum: jsAddress(address, maximum) }),
    ...(address === 'i64' ? { address } : {}),
  };
}

/**
 * The byte bridge: a faster way for a page's module bytes to reach the extension than
 * extension messaging, which Chrome serialises to JSON and passes through the browser process
 * (about 7–14 MB/s for base64 chunks here). The relay frames an extension page (the bridge
 * frame, a web-accessible resource) into the page and hands it a private MessagePort; the
 * bridge posts each chunk it gets on a BroadcastChannel of the extension's origin, where the
 * panel and the background hear it. Extension frames embedded in a site are not
 * storage-partitioned, so that channel is the extension's own.
 *
 * The page is web-accessible only under Chrome's per-session URL, which the relay alone knows,
 * so pages cannot frame it themselves. Chunks on the channel are still as untrusted as any
 * from the page: every listener validates them, takes only chunks of the transfer it waits
 * for (its id is unguessable and told only to that tab's page), and the bytes count only once
 * they match the module's SHA-256.
 */
import type { ChunkReport } from './hook-messages.ts';
import { parseHookReport } from './validate-hook.ts';

/** The BroadcastChannel on which the bridge frame passes chunks on. */
export const BYTES_CHANNEL = 'wasm-layer:bytes';

/** The web-accessible page the relay frames (its path in the built extension). */
export const BRIDGE_PAGE = 'src/content/bridge/bridge.html';

/**
 * Marks the window message that hands the bridge frame its port. Its value is the nonce the
 * relay put in the frame's URL fragment, which the page cannot read (the frame sits in a
 * closed shadow root), so a port the page posts to the frame is refused.
 */
export const BRIDGE_HANDSHAKE_TAG = 'wasm-layer-bridge/handshake';

/** What the bridge frame answers on its port once it passes chunks on. */
export const BRIDGE_READY = 'wasm-layer-bridge/ready';

/** Returns `value` as a chunk fit to pass on, or null. */
export function parseBridgedChunk(value: unknown): ChunkReport | null {
  const report = parseHookReport(value);
  return report?.kind === 'chunk' ? report : null;
}

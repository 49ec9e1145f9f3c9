/**
 * The relay's side of the byte bridge (see `protocol/bridge.ts`): frames the bridge page into
 * the inspected page when a transfer starts, hands it a private port, and sends the transfer's
 * chunks through it. Until the frame answers, chunks wait in order; if it never answers (no
 * bridge in this browser, a document that cannot hold a frame), they go the slow way, through
 * extension messaging, and so does every later chunk. The frame is removed when no chunk has
 * passed for a while, so the page carries it only while the panel fetches bytes.
 */
import type { ChunkReport } from '../../protocol/index.ts';
import { BRIDGE_HANDSHAKE_TAG, BRIDGE_READY, chunkTransferables } from '../../protocol/index.ts';

/** How long the bridge frame has to load and answer before the relay gives up on it. */
export const BRIDGE_OPEN_TIMEOUT_MS = 3000;

/** How long the frame stays in the page after the last chunk passed. */
export const BRIDGE_IDLE_MS = 10_000;

type BridgeState = 'closed' | 'opening' | 'open' | 'unavailable';

/** Sends transfer chunks through the bridge frame, or through `fallback` without one. */
export class BytesBridge {
  #state: BridgeState = 'closed';
  #port: MessagePort | null = null;
  #host: Element | null = null;
  #queue: ChunkReport[] = [];
  #openTimer: ReturnType<typeof setTimeout> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param pageUrl the bridge page's extension URL, or null where the bridge is not used
   * @param fallback sends one chunk through extension messaging
   * @param frameOrigin the origin the loaded frame has (Chrome serves a dynamic URL from the
   *   extension's own origin), the only one the port is handed to
   */
  constructor(
    private readonly pageUrl: string | null,
    private readonly fallback: (chunk: ChunkReport) => void,
    private readonly frameOrigin = pageUrl ? new URL(pageUrl).origin : '',
  ) {
    if (!pageUrl) this.#state = 'unavailable';
  }

  /** Frames the bridge page, if it is not there yet, for a transfer about to start. */
  prepare(): void {
    if (this.#state !== 'closed' || !this.pageUrl) return;
    const root = document.documentElement;
    if (!root) {
      this.#state = 'unavailable';
      return;
    }
    this.#state = 'opening';
    const nonce = crypto.randomUUID();
    const host = document.createElement('div');
    host.style.display = 'none';
    // Closed: the page cannot reach the frame's element, so it never learns the nonce.
    const shadow = host.attachShadow({ mode: 'closed' });
    const frame = document.createElement('iframe');
    frame.src = `${this.pageUrl}#${nonce}`;
    frame.addEventListener('load', () => this.#handshake(frame, nonce), { once: true });
    shadow.append(frame);
    root.append(host);
    this.#host = host;
    this.#openTimer = setTimeout(() => this.#unavailable(), BRIDGE_OPEN_TIMEOUT_MS);
    this.#touch();
  }

  /** Sends `chunk` through the bridge (in order after any still waiting), or the slow way. */
  send(chunk: ChunkReport): void {
    // The page removed the frame (rewrote its document, say): chunks posted now would be lost.
    if (this.#state === 'open' && !this.#host?.isConnected) this.#close();
    this.#touch();
    if (this.#state === 'open' && this.#port)
      this.#port.postMessage(chunk, chunkTransferables(chunk));
    else if (this.#state === 'opening') this.#queue.push(chunk);
    else this.fallback(chunk);
  }

  #handshake(frame: HTMLIFrameElement, nonce: string): void {
    const target = frame.contentWindow;
    if (!target || this.#state !== 'opening' || !this.pageUrl) return;
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent) => {
      if (event.data !== BRIDGE_READY || this.#state !== 'opening') return;
      clearTimeout(this.#openTimer);
      this.#state = 'open';
      this.#port = channel.port1;
      const waiting = this.#queue;
      this.#queue = [];
      for (const chunk of waiting) channel.port1.postMessage(chunk, chunkTransferables(chunk));
    };
    target.postMessage({ [BRIDGE_HANDSHAKE_TAG]: nonce }, this.frameOrigin, [channel.port2]);
  }

  #unavailable(): void {
    if (this.#state !== 'opening') return;
    this.#state = 'unavailable';
    this.#removeFrame();
    const waiting = this.#queue;
    this.#queue = [];
    for (const chunk of waiting) this.fallback(chunk);
  }

  /** Restarts the idle countdown after which an open frame is removed. */
  #touch(): void {
    clearTimeout(this.#idleTimer);
    if (this.#state !== 'opening' && this.#state !== 'open') return;
    this.#idleTimer = setTimeout(() => {
      // Opening: the open timeout decides. Unavailable: it stays so, not reopened for the next
      // transfer to wait out the open timeout again.
      if (this.#state === 'open') this.#close();
    }, BRIDGE_IDLE_MS);
  }

  /** Removes an open frame; the next transfer frames a new one. */
  #close(): void {
    this.#port?.close();
    this.#port = null;
    this.#removeFrame();
    this.#state = 'closed';
  }

  #removeFrame(): void {
    this.#host?.remove();
    this.#host = null;
  }
}

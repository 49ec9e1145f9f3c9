/**
 * The panel's port to the background. Ports die when the service worker stops, so the
 * connection reopens and subscribes again; the background then sends a full snapshot.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { PanelEvent, PanelRequest } from '../../../protocol/index.ts';
import { PANEL_PORT_NAME, isRecord } from '../../../protocol/index.ts';

/** Delay before reconnecting after the port closed. */
const RECONNECT_DELAY_MS = 200;

/** A self-healing connection for one inspected tab. */
export class BackgroundConnection {
  #port: Runtime.Port | null = null;
  #closed = false;

  constructor(
    private readonly tabId: number,
    private readonly onEvent: (event: PanelEvent) => void,
    private readonly onReconnect: () => void,
  ) {
    this.#open();
  }

  /** Sends a request, reconnecting first if the port is gone. */
  post(request: PanelRequest): void {
    if (!this.#port) this.#open();
    this.#port?.postMessage(request);
  }

  /** Closes for good (the panel is unloading). */
  close(): void {
    this.#closed = true;
    this.#port?.disconnect();
  }

  #open(): void {
    const port = browser.runtime.connect({ name: PANEL_PORT_NAME });
    this.#port = port;
    port.onMessage.addListener((message: unknown) => {
      // The background is trusted, but a malformed event must not take the panel down.
      if (isRecord(message) && typeof message.kind === 'string')
        this.onEvent(message as unknown as PanelEvent);
    });
    port.onDisconnect.addListener(() => {
      if (this.#port === port) this.#port = null;
      if (this.#closed) return;
      setTimeout(() => {
        if (this.#port || this.#closed) return;
        this.#open();
        this.onReconnect();
      }, RECONNECT_DELAY_MS);
    });
    port.postMessage({ kind: 'subscribe', tabId: this.tabId } satisfies PanelRequest);
  }
}

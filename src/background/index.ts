/**
 * The background (a service worker in Chrome, an event page in Firefox). It wires the
 * {@link Router} to the extension APIs: relay messages in, panel ports, tab closure, and the
 * session mirror that lets it rebuild its state after the browser stops it.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { CommandMessage } from '../protocol/index.ts';
import {
  BYTES_CHANNEL,
  CHANNEL,
  PANEL_PORT_NAME,
  parseBridgedChunk,
  parsePanelRequest,
  parseRelayMessage,
} from '../protocol/index.ts';
import { SessionMirror } from './persistence.ts';
import { DEFAULT_BYTE_BUDGET, Router, type PanelLink } from './router.ts';

const mirror = browser.storage?.session ? new SessionMirror(browser.storage.session) : null;

const router = new Router(
  async (tabId, frameId, command) => {
    const message: CommandMessage = { channel: CHANNEL, kind: 'command', command };
    await browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId });
  },
  { byteBudget: DEFAULT_BYTE_BUDGET, persist: (tabId, record) => mirror?.save(tabId, record) },
);

// Listeners are registered synchronously (a woken service worker must have them at once);
// they wait for the persisted state before acting.
const ready: Promise<void> = (async () => {
  if (!mirror) return;
  try {
    for (const [tabId, record] of await mirror.load()) router.restore(tabId, record);
  } catch {
    // Nothing persisted or storage unavailable: start empty.
  }
})();

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  if (sender.id !== browser.runtime.id || tabId === undefined || frameId === undefined)
    return undefined;
  const relayMessage = parseRelayMessage(message);
  if (relayMessage) void ready.then(() => router.onRelay(tabId, frameId, relayMessage));
  return undefined;
});

// Chunks the byte bridge passes on (Chrome): the panels hear them too; here they fill the
// byte cache and end the transfer.
if (typeof BroadcastChannel === 'function') {
  new BroadcastChannel(BYTES_CHANNEL).onmessage = (event: MessageEvent) => {
    const chunk = parseBridgedChunk(event.data);
    if (chunk) void ready.then(() => router.onBridgedChunk(chunk));
  };
}

browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  if (port.name !== PANEL_PORT_NAME || port.sender?.id !== browser.runtime.id || port.sender.tab)
    return;
  const panel: PanelLink = {
    post: (event) => {
      try {
        port.postMessage(event);
      } catch {
        router.unsubscribe(panel); // the panel closed between two events
      }
    },
  };
  port.onMessage.addListener((message: unknown) => {
    const request = parsePanelRequest(message);
    if (request) void ready.then(() => router.onPanel(panel, request));
  });
  port.onDisconnect.addListener(() => router.unsubscribe(panel));
});

browser.tabs.onRemoved.addListener((tabId: number) => {
  void ready.then(() => router.tabClosed(tabId));
});

/**
 * The relay: an ISOLATED-world content script that takes the hook's MessagePort, passes the
 * hook's reports through the {@link RelayGate} to the background (a module's byte chunks
 * through the {@link BytesBridge} where there is one), and passes the background's commands to
 * the hook.
 */
import browser from 'webextension-polyfill';
import type { HookReport, RelayMessage } from '../../protocol/index.ts';
import {
  BRIDGE_PAGE,
  bytesToBase64,
  CHANNEL,
  HOOK_HANDSHAKE_TAG,
  parseCommandMessage,
} from '../../protocol/index.ts';
import { BytesBridge } from './bridge.ts';
import { RelayGate } from './gate.ts';

const gate = new RelayGate();
let hook: MessagePort | null = null;

/**
 * The bridge only where its channel is known to be the extension's own: Chrome does not
 * partition extension frames embedded in a site. Firefox keeps extension messaging.
 */
function bridgePageUrl(): string | null {
  try {
    const url = browser.runtime.getURL(BRIDGE_PAGE);
    return url.startsWith('chrome-extension:') ? url : null;
  } catch {
    return null;
  }
}

const bridge = new BytesBridge(
  bridgePageUrl(),
  (chunk) => toBackground(chunk),
  `chrome-extension://${browser.runtime.id}`,
);

function forward(raw: unknown): void {
  const report = gate.admit(raw);
  if (!report) return;
  if (report.kind === 'chunk') bridge.send(report);
  else toBackground(report);
}

function toBackground(report: HookReport): void {
  // Chrome's extension messaging serialises to JSON, where bytes must be base64.
  if (report.kind === 'chunk' && typeof report.data !== 'string')
    report = { ...report, data: bytesToBase64(report.data) };
  const message: RelayMessage = { channel: CHANNEL, kind: 'report', report, dropped: gate.dropped };
  try {
    // The background may be restarting; the next announce rebuilds whatever is lost here.
    browser.runtime.sendMessage(message).catch(() => undefined);
  } catch {
    // The extension was reloaded or removed: this relay is orphaned and stays quiet.
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const data: unknown = event.data;
  if (event.source !== window || typeof data !== 'object' || data === null) return;
  if (!(HOOK_HANDSHAKE_TAG in data)) return;
  const port = event.ports[0];
  if (hook || !port) {
    gate.drop(); // only the hook's first handshake (posted before any page script ran) counts
    return;
  }
  hook = port;
  hook.onmessage = (message: MessageEvent) => forward(message.data);
});

browser.runtime.onMessage.addListener((message: unknown) => {
  const command = parseCommandMessage(message);
  if (!command || !hook) return undefined;
  gate.expect(command);
  if (command.kind === 'send-bytes') bridge.prepare();
  hook.postMessage(command);
  return undefined;
});

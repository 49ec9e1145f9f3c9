/**
 * The relay: an ISOLATED-world content script that takes the hook's MessagePort, passes the
 * hook's reports through the {@link RelayGate} to the background, and passes the background's
 * commands to the hook.
 */
import browser from 'webextension-polyfill';
import type { RelayMessage } from '../../protocol/index.ts';
import { CHANNEL, HOOK_HANDSHAKE_TAG, parseCommandMessage } from '../../protocol/index.ts';
import { RelayGate } from './gate.ts';

const gate = new RelayGate();
let hook: MessagePort | null = null;

function forward(raw: unknown): void {
  const report = gate.admit(raw);
  if (!report) return;
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
  hook.postMessage(command);
  return undefined;
});

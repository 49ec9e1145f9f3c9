/**
 * Validators for messages between the extension's contexts. The relay shares its renderer
 * with the page, so the background re-checks what the relay sends.
 */
import { isCount, isId, isRecord, isSha256Hex } from './guards.ts';
import { CHANNEL, type PanelRequest, type RelayMessage } from './extension-messages.ts';
import { parseHookCommand, parseHookReport } from './validate-hook.ts';
import { isLiveRequest } from './validate-live.ts';
import type { HookCommand } from './hook-messages.ts';

/** Returns the relay message when `value` is a well-formed one, else `null`. */
export function parseRelayMessage(value: unknown): RelayMessage | null {
  if (!isRecord(value) || value.channel !== CHANNEL || value.kind !== 'report') return null;
  if (!isCount(value.dropped)) return null;
  const report = parseHookReport(value.report);
  return report && { channel: CHANNEL, kind: 'report', report, dropped: value.dropped };
}

/** Returns the hook command inside a background → relay message, else `null`. */
export function parseCommandMessage(value: unknown): HookCommand | null {
  if (!isRecord(value) || value.channel !== CHANNEL || value.kind !== 'command') return null;
  return parseHookCommand(value.command);
}

/** Returns the panel's request when `value` is a well-formed one, else `null`. */
export function parsePanelRequest(value: unknown): PanelRequest | null {
  if (!isRecord(value)) return null;
  switch (value.kind) {
    case 'subscribe':
      return isCount(value.tabId) ? { kind: 'subscribe', tabId: value.tabId } : null;
    case 'fetch-bytes':
      return isSha256Hex(value.hash) ? { kind: 'fetch-bytes', hash: value.hash } : null;
    case 'live':
      return isId(value.requestId) && isLiveRequest(value.request)
        ? { kind: 'live', requestId: value.requestId, request: value.request }
        : null;
    default:
      return null;
  }
}

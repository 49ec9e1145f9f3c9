/**
 * The messages every context exchanges, their validators and the limits they enforce. This
 * folder is the only code the hook, relay, background, devtools page and panel share (besides
 * `src/wasm` and `src/runtime`).
 */
export * from './limits.ts';
export * from './guards.ts';
export * from './base64.ts';
export * from './sha256.ts';
export * from './live.ts';
export * from './hook-messages.ts';
export * from './extension-messages.ts';
export { parseHookReport, parseHookCommand } from './validate-hook.ts';
export { isLiveRequest, isLiveResult } from './validate-live.ts';
export { parseRelayMessage, parseCommandMessage, parsePanelRequest } from './validate-extension.ts';
export * from './chunks.ts';
export * from './pending-replies.ts';
export * from './skeleton/index.ts';
export * from './transfer-marks.ts';
export * from './bridge.ts';

/**
 * The one reducer for what the background sends the panel: snapshots of the tab's capture,
 * chunks of module bytes, and replies to live requests. Batched, so a snapshot re-renders once.
 */
import { batch } from '@preact/signals';
import type { PanelEvent, TabSnapshot } from '../../protocol/index.ts';
import type { CaptureState } from './capture/capture-state.ts';
import type { LiveClient } from './capture/live-client.ts';
import type { ModuleBytes } from './capture/module-bytes.ts';

/** What the reducer hands events to besides the signals. */
export interface CaptureChannels {
  readonly bytes: ModuleBytes;
  readonly live: LiveClient;
}

/** Re-derives the module rows from `snapshot` and the bytes' state. */
export function renderSnapshot(
  capture: CaptureState,
  snapshot: TabSnapshot,
  bytes: ModuleBytes,
): void {
  batch(() => {
    capture.modules.value = snapshot.modules.map((module) => ({
      ...module,
      complete: bytes.get(module.hash) !== undefined,
      bytesError: bytes.failure(module.hash) ?? null,
      fetching: bytes.fetching(module.hash),
    }));
    capture.instances.value = snapshot.instances;
    capture.status.value = snapshot.status;
  });
}

/**
 * Applies one background event. Returns the snapshot it carried, if any, so the caller can
 * re-render rows when byte states change later.
 */
export function applyPanelEvent(
  capture: CaptureState,
  channels: CaptureChannels,
  event: PanelEvent,
): TabSnapshot | null {
  capture.connection.value = 'connected';
  switch (event.kind) {
    case 'snapshot':
      channels.bytes.retain(new Set(event.snapshot.modules.map((module) => module.hash)));
      for (const module of event.snapshot.modules) channels.bytes.want(module.hash, module.size);
      renderSnapshot(capture, event.snapshot, channels.bytes);
      return event.snapshot;
    case 'bytes-chunk':
      void channels.bytes.chunk(event);
      return null;
    case 'bytes-transfer':
      channels.bytes.expectTransfer(event.hash, event.transferId);
      return null;
    case 'bytes-failed':
      channels.bytes.failed(event.hash, event.message);
      return null;
    case 'live-reply':
      channels.live.reply(event.requestId, event.result);
      return null;
  }
}

/**
 * The Run tab's toolbar: where the sandbox is (ready, running for how long, lost), the store
 * the module goes into, Instantiate, the instance the tab calls, the time limit, and Stop.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  formatSeconds,
  instantiateDocument,
  runArea,
  type ModuleDocument,
  type SandboxState,
} from '../../state/index.ts';
import { Icon } from '../common/index.ts';

const STATUS_TEXT: Record<string, string> = {
  stopped: 'Sandbox not started',
  starting: 'Starting the sandbox…',
  ready: 'Ready',
  busy: 'Running',
  lost: 'Sandbox stopped',
};

/** Re-renders every `ms` while `active`, for a running clock. */
function useTicker(active: boolean, ms: number): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
}

/** Renders the toolbar of `doc`'s Run tab. */
export function RunToolbar({ doc, sandbox }: { doc: ModuleDocument; sandbox: SandboxState }) {
  const area = runArea(doc);
  const status = sandbox.status.value;
  const running = sandbox.running.value;
  useTicker(running !== null, 100);
  const liveStores = sandbox.stores.value.filter((s) => !s.disposed);
  const storeId = area.storeId.value;
  const mine = sandbox.instances.value.filter((i) => i.docId === doc.id);
  const [limitText, setLimitText] = useState(String(sandbox.timeLimitMs.value / 1000));
  const limitValid = Number.isFinite(Number(limitText)) && Number(limitText) >= 0.1;
  const elapsed = running ? (performance.now() - running.startedAt) / 1000 : 0;
  const busy = status === 'busy' || status === 'starting';
  return (
    <div class="toolbar run-toolbar" role="toolbar" aria-label="Sandbox" data-testid="run-toolbar">
      <span
        class={`status-dot ${status}`}
        data-testid="sandbox-status"
        data-status={status}
        title={STATUS_TEXT[status]}
      >
        {running
          ? `${running.label} · ${elapsed.toFixed(1)} s${running.hostCalls ? ` · ${running.hostCalls} host calls` : ''}`
          : STATUS_TEXT[status]}
      </span>
      <span class="toolbar-divider" />
      <label class="toolbar-field">
        Store
        <select
          class="text-input"
          data-testid="store-select"
          value={
            storeId !== null && liveStores.some((s) => s.storeId === storeId)
              ? String(storeId)
              : 'new'
          }
          onChange={(event) => {
            const value = (event.target as HTMLSelectElement).value;
            area.storeId.value = value === 'new' ? null : Number(value);
          }}
        >
          <option value="new">New store</option>
          {liveStores.map((s) => (
            <option key={s.storeId} value={String(s.storeId)}>
              Store #{s.storeId}
            </option>
          ))}
        </select>
      </label>
      <button
        class="toolbar-button"
        data-testid="instantiate"
        disabled={busy}
        title="Instantiate this module in the store, with its imports as set below"
        onClick={() => void instantiateDocument(doc, sandbox)}
      >
        <Icon name="play" /> Instantiate
      </button>
      {mine.length > 0 ? (
        <label class="toolbar-field">
          Instance
          <select
            class="text-input"
            data-testid="instance-select"
            value={String(area.instanceId.value ?? '')}
            onChange={(event) =>
              (area.instanceId.value = Number((event.target as HTMLSelectElement).value))
            }
          >
            {mine.map((i) => (
              <option key={i.summary.instanceId} value={String(i.summary.instanceId)}>
                #{i.summary.instanceId} in store #{i.summary.storeId}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {storeId !== null && liveStores.some((s) => s.storeId === storeId) ? (
        <button
          class="toolbar-button"
          data-testid="dispose-store"
          disabled={busy}
          title="Dispose the store: its host functions are freed, its instances gone"
          onClick={() => void sandbox.disposeStore(storeId)}
        >
          Dispose store
        </button>
      ) : null}
      <span class="spacer" />
      <label class="toolbar-field" title="Guest code running longer than this is stopped">
        Time limit
        <input
          class={`text-input time-limit${limitValid ? '' : ' invalid'}`}
          data-testid="time-limit"
          type="text"
          inputMode="decimal"
          aria-label="Time limit in seconds"
          value={limitText}
          aria-invalid={!limitValid}
          onInput={(event) => {
            const text = (event.target as HTMLInputElement).value;
            setLimitText(text);
            if (Number.isFinite(Number(text)) && Number(text) >= 0.1)
              sandbox.setTimeLimit(Number(text) * 1000);
          }}
        />
        s
      </label>
      <button
        class="toolbar-button stop"
        data-testid="stop"
        disabled={running === null}
        title={`Stop the running code (terminates the sandbox; limit ${formatSeconds(sandbox.timeLimitMs.value)})`}
        onClick={() => sandbox.stop()}
      >
        <Icon name="stop" /> Stop
      </button>
    </div>
  );
}

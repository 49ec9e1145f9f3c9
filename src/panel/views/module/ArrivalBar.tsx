/**
 * What a module whose bytes are still arriving says about them: a progress strip above its
 * tabs, the message of a view that needs the real bytes, and a warning when they failed.
 */
import type { DocumentArrival, ModuleDocument } from '../../state/index.ts';
import { Message } from '../common/index.ts';

/** `12.3 of 31.3 MB`. */
export function arrivalAmount(received: number, total: number): string {
  return `${(received / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB`;
}

/** The strip above the tabs while the bytes arrive, or the warning if they failed. */
export function ArrivalBar({ arrival }: { arrival: DocumentArrival }) {
  if (arrival.state === 'complete') return null;
  if (arrival.state === 'failed') {
    return (
      <Message kind="warning" testId="bytes-failed">
        The module’s bytes could not be fetched or verified: {arrival.message}. Only its structure
        is shown.
      </Message>
    );
  }
  const percent = arrival.total > 0 ? (arrival.received / arrival.total) * 100 : 0;
  return (
    <div
      class="progress arrival-bar"
      role="status"
      data-testid="bytes-progress"
      data-received={String(arrival.received)}
      data-total={String(arrival.total)}
      title="The overview and lists come from the module's structure, sent ahead of its bytes. Code, data and running wait until all bytes are here and match the module's SHA-256."
    >
      <span>Receiving the module’s bytes: {arrivalAmount(arrival.received, arrival.total)}</span>
      <div
        class="progress-bar"
        role="progressbar"
        aria-label="Module bytes received"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
      >
        <div style={{ width: `${percent.toFixed(1)}%` }} />
      </div>
    </div>
  );
}

/** Shown instead of a view that needs the module's instructions or payload bytes. */
export function WaitingForBytes({ doc }: { doc: ModuleDocument }) {
  const arrival = doc.arrival.value;
  return (
    <div class="scroll-page">
      {arrival.state === 'arriving' ? (
        <Message kind="info" testId="waiting-for-bytes">
          Waiting for the code section ({arrivalAmount(arrival.received, arrival.total)}). This view
          opens when all of the module’s bytes are here and verified.
        </Message>
      ) : arrival.state === 'failed' ? (
        <Message kind="error" testId="waiting-for-bytes">
          This view needs the module’s bytes, which could not be fetched or verified:{' '}
          {arrival.message}
        </Message>
      ) : null}
    </div>
  );
}

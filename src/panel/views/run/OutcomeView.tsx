/** What a call did: its results, the exit code, or the failure; and how long it took. */
import type { CallRecord, SandboxState } from '../../state/index.ts';
import { FailureView } from './FailureView.tsx';
import { ValueList } from './ValueText.tsx';

function duration(ms: number): string {
  return ms < 1
    ? `${ms.toFixed(3)} ms`
    : ms < 1000
      ? `${ms.toFixed(1)} ms`
      : `${(ms / 1000).toFixed(2)} s`;
}

/** Renders the outcome of `record` (or that it is running, or why it has none). */
export function OutcomeView({ record, sandbox }: { record: CallRecord; sandbox: SandboxState }) {
  const outcome = record.outcome;
  if (!outcome) {
    return record.error ? (
      <div class="outcome error-text" data-testid="outcome" data-kind="error">
        {record.error}
      </div>
    ) : (
      <div class="outcome subtle" data-testid="outcome" data-kind="running">
        running…
      </div>
    );
  }
  const meta = (
    <span class="subtle">
      {' '}
      · {duration(outcome.durationMs)}
      {outcome.hostCalls > 0
        ? ` · ${outcome.hostCalls} host call${outcome.hostCalls === 1 ? '' : 's'}`
        : ''}
    </span>
  );
  switch (outcome.kind) {
    case 'returned':
      return (
        <div class="outcome" data-testid="outcome" data-kind="returned">
          → <ValueList values={outcome.results} />
          {meta}
        </div>
      );
    case 'exited':
      return (
        <div
          class="outcome"
          data-testid="outcome"
          data-kind="exited"
          data-code={String(outcome.code)}
        >
          exited with code <strong>{outcome.code}</strong>
          {meta}
        </div>
      );
    case 'failed':
      return (
        <div class="outcome" data-testid="outcome" data-kind="failed">
          <FailureView failure={outcome.failure} sandbox={sandbox} />
          <div>{meta}</div>
        </div>
      );
  }
}

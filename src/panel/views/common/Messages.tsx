/** Inline messages and progress, as DevTools shows them in a panel. */
import type { ComponentChildren } from 'preact';
import type { RpcProgress } from '../../../protocol/rpc/index.ts';

/** An error, warning or note box. */
export function Message(props: {
  kind: 'error' | 'warning' | 'info';
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <div
      class={`message ${props.kind}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.children}
    </div>
  );
}

/** A labelled progress bar, with a Cancel button when the work can be cancelled. */
export function Progress(props: {
  label: string;
  progress?: RpcProgress | null;
  onCancel?: () => void;
}) {
  const fraction =
    props.progress && props.progress.total > 0 ? props.progress.done / props.progress.total : null;
  return (
    <div class="progress" role="status" data-testid="progress">
      <span>{props.progress?.label || props.label}</span>
      <div
        class="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <div style={{ width: fraction === null ? '30%' : `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      {props.onCancel ? (
        <button class="button" onClick={props.onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

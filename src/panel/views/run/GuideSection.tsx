/**
 * A guided example in the Run tab: the guide's introduction, then its steps in order, each
 * with its text, a button that performs it in the sandbox, what the run reported, and what the
 * lifetime registry saw (read live, so a step that waits for the collector says so until it
 * runs, and can invite it again).
 */
import type { ComponentChildren } from 'preact';
import {
  guideRun,
  lifetimeAction,
  observation,
  restartGuide,
  runArea,
  runGuideStep,
  stepState,
  type Guide,
  type GuideStep,
  type ModuleDocument,
  type SandboxState,
} from '../../state/index.ts';

/** `text` with its `backquoted` parts as code. */
function withCode(text: string): ComponentChildren[] {
  return text.split('`').map((part, index) => (index % 2 === 1 ? <code>{part}</code> : part));
}

function Step({
  doc,
  sandbox,
  guide,
  step,
  index,
}: {
  doc: ModuleDocument;
  sandbox: SandboxState;
  guide: Guide;
  step: GuideStep;
  index: number;
}) {
  const run = guideRun(doc);
  const state = stepState(run, step.id);
  const current = run.current.value === index;
  void sandbox.lifetimes.version.value;
  const seen = observation(run, step, sandbox.registry.value);
  const busy = sandbox.status.value !== 'ready' || state.status === 'running';
  const earlierUnrun = guide.steps
    .slice(0, index)
    .some((s) => stepState(run, s.id).status !== 'ran');
  return (
    <li
      class={`guide-step${current ? ' current' : ''}`}
      data-testid="guide-step"
      data-step={step.id}
      data-status={state.status}
      data-observed={seen ? String(seen.done) : ''}
    >
      <details open={current || state.status !== 'idle'}>
        <summary onClick={() => (run.current.value = index)}>
          <span class="guide-number">{index + 1}.</span> {step.title}
          {state.status === 'ran' ? (
            <span class={`guide-mark ${seen?.done ? 'done' : 'waiting'}`}>
              {seen?.done ? ' ✓' : ' …'}
            </span>
          ) : null}
        </summary>
        {step.text.map((p, i) => (
          <p key={i}>{withCode(p)}</p>
        ))}
        <div class="inline-fields">
          <button
            class="button primary"
            data-testid="guide-run"
            disabled={busy || earlierUnrun || state.status === 'ran'}
            title={earlierUnrun ? 'Run the steps before this one first' : undefined}
            onClick={() => void runGuideStep(doc, sandbox, guide, index)}
          >
            {step.action}
          </button>
          {step.needsCollector && state.status === 'ran' && seen && !seen.done ? (
            <button
              class="button"
              data-testid="guide-collect"
              disabled={busy}
              onClick={() => void lifetimeAction(doc, () => sandbox.collectGarbage())}
            >
              Invite the collector again
            </button>
          ) : null}
        </div>
        {state.error ? (
          <p class="error-text" data-testid="guide-error">
            {state.error}
          </p>
        ) : null}
        {state.output.length > 0 ? (
          <ul class="guide-output" data-testid="guide-output">
            {state.output.map((line, i) => (
              <li key={i}>{withCode(line)}</li>
            ))}
          </ul>
        ) : null}
        {seen ? (
          <div class="guide-observation" data-testid="guide-observation">
            <span class="subtle">The registry saw:</span>
            <ul>
              {seen.lines.map((line, i) => (
                <li key={i}>{withCode(line)}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </details>
    </li>
  );
}

/** Renders `guide` for `doc`'s Run tab. */
export function GuideSection({
  doc,
  sandbox,
  guide,
}: {
  doc: ModuleDocument;
  sandbox: SandboxState;
  guide: Guide;
}) {
  const run = guideRun(doc);
  const started = Object.keys(run.steps.value).length > 0;
  const area = runArea(doc);
  return (
    <section
      class="page-section guide"
      aria-label="Guide"
      data-testid="guide"
      data-guide={guide.id}
    >
      <h2>
        Guide: {guide.title}
        {started ? (
          <button
            class="button guide-restart"
            data-testid="guide-restart"
            onClick={() => restartGuide(doc)}
            title="Start the guide again (what it made stays in the registry, as history)"
          >
            Start again
          </button>
        ) : null}
      </h2>
      {guide.intro.map((p, i) => (
        <p key={i}>{withCode(p)}</p>
      ))}
      <p class="subtle">
        <button class="link" onClick={() => (area.pane.value = 'lifetimes')}>
          Show the Lifetimes pane
        </button>{' '}
        ·{' '}
        <button class="link" onClick={() => (area.pane.value = 'leaks')}>
          Show the Leaks pane
        </button>
      </p>
      <ol class="guide-steps">
        {guide.steps.map((step, index) => (
          <Step key={step.id} doc={doc} sandbox={sandbox} guide={guide} step={step} index={index} />
        ))}
      </ol>
    </section>
  );
}

/**
 * Why guest code failed: the trap's message (or the host function's, or the link error naming
 * the import), and the wasm stack with each function named from its module's name section and
 * linked to the code view.
 */
import type { FailureInfo, StackFrame } from '../../../protocol/sandbox/index.ts';
import { reveal, type SandboxState } from '../../state/index.ts';
import { useStore } from '../common/index.ts';

const CODE_TITLES: Record<string, string> = {
  trap: 'Trap',
  host: 'Host function failed',
  link: 'Link error',
  type: 'Type error',
  freed: 'Freed',
  limit: 'Limit',
  bounds: 'Out of bounds',
};

function FrameLink({ frame, sandbox }: { frame: StackFrame; sandbox: SandboxState }) {
  const store = useStore();
  const module = sandbox.modules.value.find((m) => m.summary.moduleId === frame.moduleId);
  const doc = module ? store.documents.list.value.find((d) => d.id === module.docId) : undefined;
  const name =
    frame.funcName ?? (frame.funcIndex !== null ? `func[${frame.funcIndex}]` : frame.text);
  const where = frame.offset !== null ? ` @ 0x${frame.offset.toString(16)}` : '';
  if (!doc || frame.funcIndex === null) {
    return (
      <span class="mono" title={frame.text}>
        {name}
        {where}
      </span>
    );
  }
  const index = frame.funcIndex;
  return (
    <button
      class="link mono"
      title={`${frame.text}\nOpen function ${index} of ${doc.title} in the code view`}
      data-testid="frame-link"
      data-func={String(index)}
      onClick={() => {
        store.documents.show({ kind: 'module', id: doc.id });
        reveal(doc, { kind: 'func', index });
      }}
    >
      {name}
      <span class="subtle">
        {' '}
        {module && module.docId !== undefined ? `(${module.title}) ` : ''}
        {where}
      </span>
    </button>
  );
}

/** Renders a failure. */
export function FailureView({ failure, sandbox }: { failure: FailureInfo; sandbox: SandboxState }) {
  return (
    <div class="failure" role="alert" data-testid="failure" data-code={failure.code}>
      <div class="failure-head">
        <strong>{CODE_TITLES[failure.code] ?? failure.code}</strong>
        {failure.hostImport ? (
          <span>
            {' '}
            in host function <span class="mono">{failure.hostImport}</span>
          </span>
        ) : null}
        :{' '}
        <span data-testid="failure-message">
          {failure.hostImport && failure.cause ? failure.cause : failure.message}
        </span>
      </div>
      {failure.cause && !failure.hostImport && failure.cause !== failure.message ? (
        <div class="subtle">cause: {failure.cause}</div>
      ) : null}
      {failure.hostImport ? <div class="subtle">{failure.message}</div> : null}
      {failure.frames.length > 0 ? (
        <ol class="stack" aria-label="Wasm stack, innermost first" data-testid="stack">
          {failure.frames.map((frame, i) => (
            <li key={i}>
              <FrameLink frame={frame} sandbox={sandbox} />
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

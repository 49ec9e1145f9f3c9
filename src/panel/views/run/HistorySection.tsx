/** Every call made from this module's tab: what, with which arguments, what came back; re-run or edit. */
import { editCall, rerunCall, type ModuleDocument, type SandboxState } from '../../state/index.ts';
import { OutcomeView } from './OutcomeView.tsx';
import { ValueList } from './ValueText.tsx';

/** Renders the call history of `doc`, newest first. */
export function HistorySection({ doc, sandbox }: { doc: ModuleDocument; sandbox: SandboxState }) {
  const records = sandbox.history.value.filter((r) => r.docId === doc.id).reverse();
  if (records.length === 0) return null;
  const busy = sandbox.status.value === 'busy';
  const paramsOf = (instanceId: number, name: string): string[] => {
    const exp = sandbox.instances.value
      .find((i) => i.summary.instanceId === instanceId)
      ?.summary.exports.find((e) => e.name === name);
    return exp?.type.kind === 'func' ? exp.type.params : [];
  };
  return (
    <section class="page-section" aria-label="Call history" data-testid="history-section">
      <h2>History</h2>
      <ol class="history" reversed>
        {records.map((record) => (
          <li key={record.id} data-testid="history-row" data-export={record.exportName}>
            <div class="history-call">
              <span class="mono">
                {record.exportName}(<ValueList values={record.args} empty="" />)
              </span>
              <span class="subtle"> on instance #{record.instanceId}</span>
              <span class="spacer" />
              <button
                class="link"
                data-testid="rerun"
                disabled={busy}
                onClick={() => void rerunCall(sandbox, record)}
              >
                Re-run
              </button>
              <button
                class="link"
                data-testid="edit"
                onClick={() =>
                  editCall(doc, record, paramsOf(record.instanceId, record.exportName))
                }
              >
                Edit
              </button>
            </div>
            <OutcomeView record={record} sandbox={sandbox} />
          </li>
        ))}
      </ol>
    </section>
  );
}

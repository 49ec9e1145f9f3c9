/**
 * The Memory view in the Run tab: the memories of the instance the tab calls, over the
 * sandbox worker (search and snapshots run there), read again after every call and during long
 * calls, the bytes the last call changed highlighted. Several memories get a selector. When
 * the session is lost the pane says the store (and its memories) went with it.
 */
import { Component } from 'preact';
import { runMemory, type ModuleDocument, type SandboxState } from '../../state/index.ts';
import { Message } from '../common/index.ts';
import { MemorySelect, MemoryView } from '../memory/index.ts';
import './run-memory.css';

interface PaneProps {
  doc: ModuleDocument;
  sandbox: SandboxState;
}

function MemoryPane({ doc, sandbox }: PaneProps) {
  const { list, instance } = runMemory(doc, sandbox);
  const sources = list.sources.value;
  const inspector = list.selected.value;
  if (!inspector) return null;
  const lost = sandbox.lost.value;
  const current = instance.value;
  const title = (
    <span class="toolbar-title run-memory-title" data-testid="run-memory-title">
      Memory
      {current ? <span class="subtle"> of #{current.summary.instanceId}</span> : null}
    </span>
  );
  const selector = <MemorySelect list={list} />;
  return (
    <section
      class="run-memory"
      aria-label="Memory"
      data-testid="run-memory"
      data-memories={String(sources.length)}
      data-lost={lost ? 'true' : undefined}
    >
      {lost ? (
        <>
          <div class="toolbar">{title}</div>
          <div class="notice-row">
            <Message kind="warning" testId="run-memory-lost">
              <span>
                <strong>The store was lost</strong>, and{' '}
                {sources.length === 1 ? 'its memory' : `its ${sources.length} memories`} with it:{' '}
                {lost.reason}. Start again to make them anew.
              </span>
            </Message>
          </div>
        </>
      ) : (
        <MemoryView
          key={inspector.source.id}
          inspector={inspector}
          leading={
            <>
              {title}
              {selector}
            </>
          }
        />
      )}
    </section>
  );
}

/**
 * Renders the Run tab's Memory pane of `doc` (nothing before an instance with a memory).
 *
 * The Run tab re-renders at every change of the session's status (twice a call); the pane
 * follows its own signals, so it skips those: a hex grid of hundreds of cells is diffed only
 * when its bytes change.
 */
export class RunMemoryPane extends Component<PaneProps> {
  override shouldComponentUpdate(next: PaneProps): boolean {
    return next.doc !== this.props.doc || next.sandbox !== this.props.sandbox;
  }

  override render() {
    return <MemoryPane doc={this.props.doc} sandbox={this.props.sandbox} />;
  }
}

/**
 * The Run tab of a module: the module in the panel's sandbox (the runtime layer in a worker).
 * Its toolbar makes stores and instances and stops runaway code; below it are the imports and
 * what they are given, WASI's arguments, environment and files, a call form per export with
 * results or traps, the call history; a guided example's steps above them; beside them the
 * instance's memories. The drawer below holds the console and the views of live state:
 * tables, globals, lifetimes and leaks.
 */
import { useComputed } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { galleryExample } from '../../gallery/index.ts';
import {
  defaultChoice,
  formatSeconds,
  restartSession,
  runArea,
  type Guide,
  type ModuleDocument,
  type PanelStore,
  type SandboxState,
} from '../../state/index.ts';
import { Message, Progress, useStore } from '../common/index.ts';
import { ExportsSection } from './ExportsSection.tsx';
import { GuideSection } from './GuideSection.tsx';
import { HistorySection } from './HistorySection.tsx';
import { ImportsSection } from './ImportsSection.tsx';
import { RunDrawer } from './RunDrawer.tsx';
import { RunMemoryPane } from './RunMemoryPane.tsx';
import { RunToolbar } from './RunToolbar.tsx';
import { WasiSection } from './WasiSection.tsx';

function LostBanner({ sandbox }: { sandbox: SandboxState }) {
  const store = useStore();
  const lost = sandbox.lost.value;
  if (!lost) return null;
  const gone = [
    lost.stores > 0 ? `${lost.stores} store${lost.stores === 1 ? '' : 's'}` : '',
    lost.instances > 0 ? `${lost.instances} instance${lost.instances === 1 ? '' : 's'}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return (
    <div class="notice-row">
      <Message kind="warning" testId="sandbox-lost">
        <span>
          <strong>The store was lost.</strong> {lost.reason}. The sandbox worker was terminated
          {gone ? `: its ${gone}, with their memories, are gone` : ''}.{' '}
          <button
            class="button"
            data-testid="restart"
            onClick={() => void restartSession(sandbox, store.documents.list.peek())}
          >
            Start again
          </button>
        </span>
      </Message>
    </div>
  );
}

function ThreadsNote({ sandbox, shared }: { sandbox: SandboxState; shared: boolean }) {
  const env = sandbox.environment.value;
  if (!shared || !env || env.sharedMemory) return null;
  return (
    <Message kind="warning" testId="threads-note">
      This module uses a shared memory (the threads proposal). This engine cannot make one here:
      {env.crossOriginIsolated
        ? ' it does not support shared WebAssembly memories.'
        : ' the panel is not cross-origin isolated, and a DevTools panel cannot be (DevTools embeds it without the COOP/COEP headers isolation needs), so SharedArrayBuffer and shared memories are refused. The module runs where the engine allows it: in a cross-origin isolated page.'}
    </Message>
  );
}

/** The guide of the gallery example `doc` was made from (in the gallery or the editor), if any. */
function guideOf(doc: ModuleDocument, store: PanelStore): Guide | undefined {
  const exampleId =
    doc.origin.kind === 'gallery'
      ? doc.origin.exampleId
      : doc.origin.kind === 'editor' && store.editor.module() === doc
        ? store.editor.source.value.exampleId
        : null;
  return galleryExample(exampleId)?.guide;
}

/** Renders the Run tab of `doc`. */
export function RunTab({ doc }: { doc: ModuleDocument }) {
  const store = useStore();
  const { sandbox } = store;
  const guide = guideOf(doc, store);
  const area = runArea(doc);
  const module = sandbox.modules.value.find((m) => m.docId === doc.id);
  // Only whether the session is lost re-renders the whole tab: every call flips the status to
  // busy and back, and re-rendering the memory and console panes for that cost a frame a call.
  const lostNow = useComputed(() => sandbox.status.value === 'lost').value;
  useEffect(() => {
    if (module || lostNow) return;
    sandbox
      .loadDocument(doc)
      .then((loaded) => {
        if (!area.choices.peek()) area.choices.value = loaded.summary.imports.map(defaultChoice);
      })
      .catch((error: unknown) => {
        area.failure.value = error instanceof Error ? error.message : String(error);
      });
  }, [doc, module, lostNow]);
  const failure = area.failure.value;
  return (
    <div class="run-tab" data-testid="run-tab" data-status={sandbox.status}>
      <RunToolbar doc={doc} sandbox={sandbox} />
      <LostBanner sandbox={sandbox} />
      <div class="run-body">
        <div class="scroll-page run-main">
          {failure ? (
            <Message kind="error" testId="run-failure">
              {failure}
            </Message>
          ) : null}
          {module ? (
            <>
              <ThreadsNote sandbox={sandbox} shared={module.summary.sharedMemory} />
              {guide ? <GuideSection doc={doc} sandbox={sandbox} guide={guide} /> : null}
              <ImportsSection doc={doc} module={module} sandbox={sandbox} />
              <WasiSection doc={doc} module={module} sandbox={sandbox} />
              <ExportsSection doc={doc} module={module} sandbox={sandbox} />
              <HistorySection doc={doc} sandbox={sandbox} />
            </>
          ) : failure ? null : lostNow ? null : (
            <Progress label={`Loading ${doc.title} into the sandbox…`} />
          )}
          <p class="subtle run-footnote">
            Guest code runs in a worker of the panel and is stopped after{' '}
            {formatSeconds(sandbox.timeLimitMs.value)}.
          </p>
        </div>
        <RunMemoryPane doc={doc} sandbox={sandbox} />
        <RunDrawer doc={doc} sandbox={sandbox} />
      </div>
    </div>
  );
}

/**
 * One open module: its tab strip (Overview, Code, …) and the selected tab's view, or the
 * progress of opening it, or why it could not be opened. While a captured module's bytes are
 * still arriving, the views that read only its structure show and the others wait.
 */
import type { ModuleDocument } from '../../state/index.ts';
import { Message, Progress, Tabs, formatBytes, useStore } from '../common/index.ts';
import { ArrivalBar, WaitingForBytes, arrivalAmount } from './ArrivalBar.tsx';
import { MODULE_TABS } from './module-tabs.ts';

/** Renders module `doc`. */
export function ModuleView({ doc }: { doc: ModuleDocument }) {
  const store = useStore();
  const phase = doc.phase.value;
  const arrival = doc.arrival.value;
  if (phase === 'opening') {
    if (arrival.state === 'arriving') {
      const label = `Receiving ${doc.title}: ${arrivalAmount(arrival.received, arrival.total)}…`;
      return (
        <Progress
          label={label}
          progress={{ done: arrival.received, total: arrival.total, label }}
        />
      );
    }
    return (
      <Progress
        label={`Decoding ${doc.title} (${formatBytes(doc.size)})…`}
        progress={doc.progress.value}
      />
    );
  }
  if (phase === 'failed') {
    return (
      <div class="scroll-page">
        <Message kind="error" testId="module-failure">
          Could not open {doc.title}: {doc.failure.value}
        </Message>
      </div>
    );
  }
  const overview = doc.overview.value;
  const decodable = overview?.counts !== null;
  const selected = MODULE_TABS.find((tab) => tab.id === doc.tab.value) ?? MODULE_TABS[0];
  const View = selected.view;
  return (
    <div class="tab-panel" data-testid="module-view" data-doc={doc.id} data-arrival={arrival.state}>
      <ArrivalBar arrival={arrival} />
      <Tabs
        label={`${doc.title} views`}
        tabs={MODULE_TABS.map((tab) => ({
          id: tab.id,
          title: tab.title,
          badge: tab.badge?.(doc, store),
        }))}
        selected={selected.id}
        onSelect={(id) => (doc.tab.value = id)}
        testId="module-tabs"
      />
      <div
        class="tab-panel"
        role="tabpanel"
        aria-label={selected.title}
        data-testid={`tab-${selected.id}`}
      >
        {arrival.state !== 'complete' && !selected.readsStructure ? (
          <WaitingForBytes doc={doc} />
        ) : selected.needsDecode && !decodable ? (
          <div class="scroll-page">
            <Message kind="error">
              This view needs a module that decodes: {overview?.error?.message ?? 'unknown error'}
            </Message>
          </div>
        ) : (
          <View doc={doc} />
        )}
      </div>
    </div>
  );
}

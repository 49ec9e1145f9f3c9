/**
 * The drawer under the Run tab's main page, as DevTools has one under its panels: a tab strip
 * of panes (the console, tables, globals, lifetimes, leaks) and the one selected.
 */
import { runArea, type ModuleDocument, type SandboxState } from '../../state/index.ts';
import { Tabs } from '../common/index.ts';
import { RUN_PANES } from './run-panes.tsx';

/** Renders the drawer of `doc`'s Run tab. */
export function RunDrawer({ doc, sandbox }: { doc: ModuleDocument; sandbox: SandboxState }) {
  const area = runArea(doc);
  const selected = RUN_PANES.find((p) => p.id === area.pane.value) ?? RUN_PANES[0];
  const View = selected.view;
  return (
    <section class="run-drawer" aria-label="Run tab panes" data-testid="run-drawer">
      <Tabs
        label="Run tab panes"
        tabs={RUN_PANES.map((pane) => ({
          id: pane.id,
          title: pane.title,
          badge: pane.badge?.(sandbox),
        }))}
        selected={selected.id}
        onSelect={(id) => (area.pane.value = id)}
        testId="run-panes"
      />
      <div
        class="run-drawer-body"
        role="tabpanel"
        aria-label={selected.title}
        data-testid={`pane-${selected.id}`}
      >
        <View doc={doc} sandbox={sandbox} />
      </div>
    </section>
  );
}

/**
 * The main area: a tab per open module (and the editor), and below it what the selected tab
 * shows. The sidebar toggle sits at the strip's start, as in DevTools' Sources panel.
 */
import type { ComponentType } from 'preact';
import type { PanelStore } from '../../state/index.ts';
import { Icon, Message, Tabs, useStore, type TabItem } from '../common/index.ts';
import { LazyEditorSurface } from '../editor/LazyEditorSurface.tsx';
import { ModuleView } from '../module/ModuleView.tsx';
import { OpenFileButton } from '../sources/OpenFileButton.tsx';
import { CaptureStatus } from '../sources/PageModules.tsx';
import { SidebarToggle } from './SidebarToggle.tsx';
import { Welcome } from './Welcome.tsx';

/** Surfaces other than modules (the editor) register their tab and view here. */
export interface ExtraSurface {
  kind: 'editor';
  title: string;
  view: ComponentType;
  /** A count on the tab (the editor's errors), if any. */
  badge?(store: PanelStore): number | undefined;
}

/** The surfaces besides modules: the WAT editor. */
export const EXTRA_SURFACES: ExtraSurface[] = [
  {
    kind: 'editor',
    title: 'Editor',
    view: LazyEditorSurface,
    badge: (store) => {
      const status = store.editor.status.value;
      return status.kind === 'failed' ? status.errors : undefined;
    },
  },
];

/** Renders the main area. */
export function MainArea() {
  const store = useStore();
  const { documents, ui } = store;
  const surface = documents.surface.value;
  const tabs: TabItem[] = [
    ...EXTRA_SURFACES.map((extra) => ({
      id: extra.kind,
      title: extra.title,
      badge: extra.badge?.(store),
    })),
    ...documents.list.value.map((doc) => ({
      id: doc.id,
      title: doc.title,
      tooltip: doc.origin.kind === 'page' ? doc.origin.url || doc.title : doc.title,
      closable: true,
    })),
  ];
  const selected =
    surface.kind === 'module' ? surface.id : surface.kind === 'editor' ? 'editor' : null;
  const active = documents.active.value;
  const extra = EXTRA_SURFACES.find((candidate) => candidate.kind === surface.kind);
  const ExtraView = extra?.view;
  return (
    <main class="main">
      <div class="main-header">
        {ui.sidebarOpen.value ? null : <SidebarToggle />}
        <Tabs
          label="Open modules"
          tabs={tabs}
          selected={selected}
          onSelect={(id) =>
            documents.show(id === 'editor' ? { kind: 'editor' } : { kind: 'module', id })
          }
          onClose={(id) => documents.close(id)}
          testId="document-tabs"
        ></Tabs>
        <OpenFileButton label={false} />
      </div>
      {ui.notice.value ? (
        <div class="notice-row">
          <Message kind={ui.notice.value.kind === 'error' ? 'error' : 'info'} testId="notice">
            {ui.notice.value.text}
          </Message>
          <button
            class="toolbar-button"
            aria-label="Dismiss"
            onClick={() => (ui.notice.value = null)}
          >
            <Icon name="close" />
          </button>
        </div>
      ) : null}
      {active ? (
        <ModuleView key={active.id} doc={active} />
      ) : ExtraView ? (
        <ExtraView />
      ) : (
        <Welcome />
      )}
      <CaptureStatus />
    </main>
  );
}

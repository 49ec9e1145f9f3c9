/**
 * The panes under the Run tab's main page, left to right: the console and the views of live
 * state and lifetimes. A pane is a view of `(doc, sandbox)`; a new view (the Memory view) is
 * one entry here.
 */
import type { ComponentType } from 'preact';
import type { ModuleDocument, SandboxState } from '../../state/index.ts';
import { ConsolePane } from './ConsolePane.tsx';
import { GlobalsPane } from './GlobalsPane.tsx';
import { LeaksPane } from './LeaksPane.tsx';
import { LifetimesPane } from './LifetimesPane.tsx';
import { TablesPane } from './TablesPane.tsx';

/** One pane of the Run tab's drawer. */
export interface RunPane {
  id: string;
  title: string;
  view: ComponentType<{ doc: ModuleDocument; sandbox: SandboxState }>;
  /** A count shown on the pane's tab, if any. */
  badge?(sandbox: SandboxState): number;
}

/** The leaks the registry flagged in the session (the Run tab's badge counts the same). */
export function leakCount(sandbox: SandboxState): number {
  return sandbox.registry.value?.totals.leaks ?? 0;
}

/** The panes, left to right. */
export const RUN_PANES: RunPane[] = [
  { id: 'console', title: 'Console', view: ({ sandbox }) => <ConsolePane sandbox={sandbox} /> },
  { id: 'tables', title: 'Tables', view: TablesPane },
  { id: 'globals', title: 'Globals', view: GlobalsPane },
  { id: 'lifetimes', title: 'Lifetimes', view: LifetimesPane },
  { id: 'leaks', title: 'Leaks', view: LeaksPane, badge: leakCount },
];

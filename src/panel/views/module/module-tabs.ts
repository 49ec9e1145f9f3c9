/**
 * The tabs of an open module, in order, and the view each shows. A view gets the document and
 * renders only once the module is open; `needsDecode` views show the decode error instead when
 * the module could not be decoded (the overview still shows what could be read). While a
 * captured module's bytes are still arriving, only `readsStructure` views show; the others say
 * they wait for the code.
 */
import type { ComponentType } from 'preact';
import type { ModuleDocument, PanelStore } from '../../state/index.ts';
import { CodeTab } from '../code/CodeTab.tsx';
import { DataTab } from '../data/DataTab.tsx';
import { FeaturesTab } from '../features/FeaturesTab.tsx';
import { FunctionsTab } from '../lists/FunctionsTab.tsx';
import { ImportsExportsTab } from '../lists/ImportsExportsTab.tsx';
import { OverviewTab } from '../overview/OverviewTab.tsx';
import { RunTab, leakCount } from '../run/index.ts';
import { SizeTab } from '../size/SizeTab.tsx';

/** One tab of a module. */
export interface ModuleTab {
  id: string;
  title: string;
  view: ComponentType<{ doc: ModuleDocument }>;
  /** Whether the view needs a decodable module. */
  needsDecode: boolean;
  /**
   * The view reads only the module's structure (sections, counts, lists, names, body sizes),
   * never instructions or payload bytes, so it works on a stand-in opened from the module's
   * skeleton while its bytes arrive. Leave it unset for anything else: the decode worker
   * refuses such documents to other calls.
   */
  readsStructure?: boolean;
  /** A count shown on the tab (leaks, errors), if any. */
  badge?(doc: ModuleDocument, store: PanelStore): number;
}

/** The tabs, left to right. */
export const MODULE_TABS: ModuleTab[] = [
  {
    id: 'overview',
    title: 'Overview',
    view: OverviewTab,
    needsDecode: false,
    readsStructure: true,
  },
  { id: 'code', title: 'Code', view: CodeTab, needsDecode: true },
  // Feature use is found by walking instructions, which a stand-in does not have.
  { id: 'features', title: 'Features', view: FeaturesTab, needsDecode: true },
  {
    id: 'imports-exports',
    title: 'Imports/Exports',
    view: ImportsExportsTab,
    needsDecode: true,
    readsStructure: true,
  },
  {
    id: 'functions',
    title: 'Functions',
    view: FunctionsTab,
    needsDecode: true,
    readsStructure: true,
  },
  { id: 'data', title: 'Data', view: DataTab, needsDecode: true },
  { id: 'size', title: 'Size', view: SizeTab, needsDecode: true },
  {
    id: 'run',
    title: 'Run',
    view: RunTab,
    needsDecode: true,
    // Leaks the sandbox's lifetime registry flagged (the session is shared by every module).
    badge: (_doc, store) => leakCount(store.sandbox),
  },
];

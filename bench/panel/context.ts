/**
 * What every `bench:panel` measure gets: the standalone pages served and a Chromium to open
 * them in (the same server and browser for all measures of one run).
 */
import type { Page } from 'playwright-core';
import type { LabBrowser } from '../../test/memory-lab/lab-page.ts';

/** The shared run of `npm run bench:panel`. */
export interface PanelBenchContext {
  /** The Memory lab page (and the browser every page opens in). */
  lab: LabBrowser;
  /** Opens the standalone panel page (the DevTools panel's views and workers) at 1200×800. */
  openPanel(): Promise<Page>;
  /** Command-line options (`--name=value`). */
  options: Map<string, string>;
}

/** One measure: runs against the served pages and prints its figures. */
export interface PanelMeasure {
  /** What `--only=` selects it by. */
  name: string;
  run(context: PanelBenchContext): Promise<void>;
}

/**
 * Following references between views: "show function 12 in the code", "show byte 0x1a2b",
 * "show data segment 3". Any view calls `reveal(doc, target)`; the module switches to the tab
 * that shows that kind of target, and that tab's view takes the pending target (scrolls to it,
 * records it in its history) when it renders.
 */
import { signal, type Signal } from '@preact/signals';
import type { CodeTarget } from '../../../protocol/decode/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';

/** Something a view can be asked to show. */
export type RevealTarget =
  | { kind: 'func'; index: number }
  | { kind: 'offset'; offset: number }
  | { kind: 'data'; index: number }
  | { kind: 'elem'; index: number; item?: number }
  /** Anything else the code view shows: a definition, an export entry, the start function. */
  | { kind: 'code'; target: CodeTarget };

/** The tab that shows each kind of target. */
export const REVEAL_TABS: Record<RevealTarget['kind'], string> = {
  func: 'code',
  offset: 'code',
  data: 'data',
  elem: 'data',
  code: 'code',
};

/** A module's pending reveal. */
export interface NavigationState {
  /** The target not yet taken by its view. */
  readonly pending: Signal<RevealTarget | null>;
}

/** The navigation state of `doc`. */
export function navigationOf(doc: ModuleDocument): NavigationState {
  return documentArea(doc, 'navigation', () => ({ pending: signal<RevealTarget | null>(null) }));
}

/** Asks `doc`'s views to show `target`, switching to the tab that shows it. */
export function reveal(doc: ModuleDocument, target: RevealTarget): void {
  navigationOf(doc).pending.value = target;
  doc.tab.value = REVEAL_TABS[target.kind];
}

/**
 * Takes the pending target if it is one of `kinds` (the view calling this shows those), so
 * each target is acted on once.
 */
export function takeReveal<K extends RevealTarget['kind']>(
  doc: ModuleDocument,
  kinds: readonly K[],
): Extract<RevealTarget, { kind: K }> | null {
  const state = navigationOf(doc);
  const target = state.pending.peek();
  if (!target || !(kinds as readonly string[]).includes(target.kind)) return null;
  state.pending.value = null;
  return target as Extract<RevealTarget, { kind: K }>;
}

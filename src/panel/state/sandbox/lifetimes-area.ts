/**
 * The Lifetimes view's state for one module's Run tab: the store whose host functions are
 * listed, the host function whose history shows, and the outcome of the last action the view
 * performed (a call through a handle whose store is gone, to see the `freed` error), with the
 * actions themselves.
 */
import { signal, type Signal } from '@preact/signals';
import type { CallOutcome, SandboxVal } from '../../../protocol/sandbox/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import type { SandboxInstance, SandboxState } from './sandbox-state.ts';
import { defaultText, parseValue } from './value-text.ts';

/** What the last call made from the Lifetimes view did. */
export interface LifetimeCall {
  /** `greet() of instance #3`. */
  label: string;
  outcome: CallOutcome;
}

/** The Lifetimes view's state of one module. */
export interface LifetimesArea {
  /** The store whose host functions are listed; null for every store. */
  readonly store: Signal<number | null>;
  /** The host function (registry id) whose history shows. */
  readonly func: Signal<number | null>;
  readonly lastCall: Signal<LifetimeCall | null>;
  /** Why the last action failed before anything ran (an unknown handle, a lost sandbox). */
  readonly actionError: Signal<string | null>;
}

/** The Lifetimes view's state of `doc`. */
export function lifetimesArea(doc: ModuleDocument): LifetimesArea {
  return documentArea(doc, 'lifetimes', () => ({
    store: signal<number | null>(null),
    func: signal<number | null>(null),
    lastCall: signal<LifetimeCall | null>(null),
    actionError: signal<string | null>(null),
  }));
}

/** Zero values for `params` (the defaults the call forms show). */
export function defaultArgs(sandbox: SandboxState, params: readonly string[]): SandboxVal[] {
  return params.map((type) => {
    const parsed = parseValue(defaultText(type), type, sandbox.knownRefs.peek());
    if (!parsed.ok) throw new Error(`no default value for ${type}: ${parsed.error}`);
    return parsed.value;
  });
}

/**
 * Calls function `handle` (of type `params → …`) with zero arguments and records the outcome
 * as the view's last call; a store that is gone makes it fail with `freed`.
 */
export async function callFromLifetimes(
  doc: ModuleDocument,
  sandbox: SandboxState,
  handle: number,
  params: readonly string[],
  label: string,
): Promise<LifetimeCall | null> {
  const area = lifetimesArea(doc);
  area.actionError.value = null;
  try {
    const outcome = await sandbox.callHandle(handle, label, defaultArgs(sandbox, params));
    const call = { label, outcome };
    area.lastCall.value = call;
    return call;
  } catch (error) {
    area.actionError.value = error instanceof Error ? error.message : String(error);
    return null;
  }
}

/** The first function export of `instance` (the one the view offers to call), if any. */
export function firstFunctionExport(
  instance: SandboxInstance,
): { name: string; handle: number; params: string[] } | null {
  for (const exp of instance.summary.exports) {
    if (exp.type.kind === 'func')
      return { name: exp.name, handle: exp.handle, params: exp.type.params };
  }
  return null;
}

/** Runs `action`, reporting its failure in the area instead of throwing. */
export async function lifetimeAction(
  doc: ModuleDocument,
  action: () => Promise<unknown>,
): Promise<boolean> {
  const area = lifetimesArea(doc);
  area.actionError.value = null;
  try {
    await action();
    return true;
  } catch (error) {
    area.actionError.value = error instanceof Error ? error.message : String(error);
    return false;
  }
}

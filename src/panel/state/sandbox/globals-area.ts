/**
 * The Globals view's state for one module's Run tab: the globals of the tab's instance (its
 * exported ones and those it imports) with their current values read from the worker, and
 * editing a mutable one from typed text checked against its type before anything is sent (i64
 * as a whole number of any size in range, v128 as hex or lanes, floats with NaN payloads).
 */
import { batch, signal, type Signal } from '@preact/signals';
import type { GlobalState } from '../../../protocol/sandbox/index.ts';
import { documentArea, type ModuleDocument } from '../documents/index.ts';
import type { SandboxInstance, SandboxState } from './sandbox-state.ts';
import { formatValue, parseValue } from './value-text.ts';

/** A global of an instance. */
export interface GlobalRef {
  handle: number;
  /** The export name, or `module.name` of the import. */
  name: string;
  source: 'export' | 'import';
  content: string;
  mutable: boolean;
}

/** The globals of `instance`: its exports first, then its imports (one entry per handle). */
export function globalsOf(instance: SandboxInstance | undefined): GlobalRef[] {
  if (!instance) return [];
  const refs: GlobalRef[] = [];
  const seen = new Set<number>();
  for (const exp of instance.summary.exports) {
    if (exp.type.kind !== 'global' || seen.has(exp.handle)) continue;
    seen.add(exp.handle);
    refs.push({
      handle: exp.handle,
      name: exp.name,
      source: 'export',
      content: exp.type.content,
      mutable: exp.type.mutable,
    });
  }
  for (const imp of instance.summary.imports) {
    if (imp.type.kind !== 'global' || seen.has(imp.handle)) continue;
    seen.add(imp.handle);
    refs.push({
      handle: imp.handle,
      name: `${imp.module}.${imp.name}`,
      source: 'import',
      content: imp.type.content,
      mutable: imp.type.mutable,
    });
  }
  return refs;
}

/** The Globals view's state of one module. */
export interface GlobalsArea {
  /** The last values read, by handle. */
  readonly values: Signal<ReadonlyMap<number, GlobalState>>;
  /** Text being typed per handle (absent: the field shows the current value). */
  readonly edits: Signal<Readonly<Record<number, string>>>;
  /** Why the typed text (or the last set) was refused, per handle. */
  readonly errors: Signal<Readonly<Record<number, string>>>;
  /** Why reading failed, if it did. */
  readonly readError: Signal<string | null>;
}

/** The Globals view's state of `doc`. */
export function globalsArea(doc: ModuleDocument): GlobalsArea {
  return documentArea(doc, 'globals', () => ({
    values: signal<ReadonlyMap<number, GlobalState>>(new Map()),
    edits: signal<Readonly<Record<number, string>>>({}),
    errors: signal<Readonly<Record<number, string>>>({}),
    readError: signal<string | null>(null),
  }));
}

/** Reads the current values of `globals`. */
export async function readGlobalValues(
  doc: ModuleDocument,
  sandbox: SandboxState,
  globals: readonly GlobalRef[],
): Promise<void> {
  const area = globalsArea(doc);
  if (globals.length === 0) return;
  try {
    const states = await sandbox.readGlobals(globals.map((g) => g.handle));
    batch(() => {
      area.values.value = new Map(states.map((state) => [state.handle, state]));
      area.readError.value = null;
    });
  } catch (error) {
    area.readError.value = error instanceof Error ? error.message : String(error);
  }
}

function without<T>(record: Readonly<Record<number, T>>, key: number): Record<number, T> {
  const next = { ...record };
  delete next[key];
  return next;
}

/** Records typed text for `global`, and whether it parses as its type. */
export function typeGlobalText(
  doc: ModuleDocument,
  sandbox: SandboxState,
  global: GlobalRef,
  text: string,
): void {
  const area = globalsArea(doc);
  const parsed = parseValue(text, global.content, sandbox.knownRefs.peek());
  batch(() => {
    area.edits.value = { ...area.edits.peek(), [global.handle]: text };
    area.errors.value = parsed.ok
      ? without(area.errors.peek(), global.handle)
      : { ...area.errors.peek(), [global.handle]: parsed.error };
  });
}

/** Forgets typed text for `global` (the field shows its value again). */
export function revertGlobalText(doc: ModuleDocument, global: GlobalRef): void {
  const area = globalsArea(doc);
  batch(() => {
    area.edits.value = without(area.edits.peek(), global.handle);
    area.errors.value = without(area.errors.peek(), global.handle);
  });
}

/** The text a global's field shows: what is being typed, else its value. */
export function globalFieldText(doc: ModuleDocument, global: GlobalRef): string {
  const area = globalsArea(doc);
  const typed = area.edits.value[global.handle];
  if (typed !== undefined) return typed;
  const value = area.values.value.get(global.handle)?.value;
  return value ? formatValue(value).text : '';
}

/**
 * Sets mutable `global` to the typed text; returns whether it was set. Text that does not
 * parse as the global's type, an immutable global, or a refusal by the runtime is reported in
 * `errors` and nothing changes.
 */
export async function applyGlobalText(
  doc: ModuleDocument,
  sandbox: SandboxState,
  global: GlobalRef,
): Promise<boolean> {
  const area = globalsArea(doc);
  const text = area.edits.peek()[global.handle];
  if (text === undefined) return false;
  const fail = (message: string): false => {
    area.errors.value = { ...area.errors.peek(), [global.handle]: message };
    return false;
  };
  if (!global.mutable) return fail(`${global.name} is immutable`);
  const parsed = parseValue(text, global.content, sandbox.knownRefs.peek());
  if (!parsed.ok) return fail(parsed.error);
  let state: GlobalState;
  try {
    state = await sandbox.setGlobal(global.handle, parsed.value);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  batch(() => {
    const values = new Map(area.values.peek());
    values.set(global.handle, state);
    area.values.value = values;
    area.edits.value = without(area.edits.peek(), global.handle);
    area.errors.value = without(area.errors.peek(), global.handle);
  });
  return true;
}
